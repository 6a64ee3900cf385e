"""Occupation codes in the data: set by the demo, recomputed after a vocabulary import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from srmatch.cli import main
from srmatch.services.demo import generate_demo
from srmatch.services.occupations import code_titles
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Organisation, Vacancy

ESCO_COLUMNS = ("conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
                "regulatedProfessionNote,scopeNote,definition,inScheme,description,code")
CLEANER = "http://data.europa.eu/esco/occupation/cleaner"
ESCO_ROWS = [
    f'Occupation,{CLEANER},9112,schoonmaker,"schoonmaakster\nschoonmaakmedewerker\nmedewerker schoonmaak",,released,,,,,,Maakt schoon.,9112.1',
    'Occupation,http://data.europa.eu/esco/occupation/truck,8332,vrachtwagenchauffeur,"truckchauffeur",,released,,,,,,Rijdt vracht.,8332.1',
]


def test_shipped_vocabulary_codes_titles(engine: Engine) -> None:
    assert code_titles(engine, ["Medewerker schoonmaak (m/v/x)", "", "qwxyz plof"]) == ["srm:schoonmaker", "", ""]


def test_demo_fills_occupation_codes(engine: Engine) -> None:
    generate_demo(engine, seekers=40, vacancies=30, today=dt.date(2026, 12, 1))
    with session_scope(engine) as session:
        codes = [v.occupation_code for v in session.exec(select(Vacancy))]
        seekers = list(session.exec(select(JobSeeker)))
    assert sum(1 for code in codes if code) >= 0.7 * len(codes)
    assert all(len(s.desired_occupation_codes) == len(s.desired_occupations) for s in seekers)
    assert any(code.startswith("srm:") for s in seekers for code in s.desired_occupation_codes)


def test_esco_import_recomputes_codes_and_says_how_many_changed(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with session_scope(engine) as session:
        employer = Organisation(name="Maasstad Schoon")
        session.add(employer)
        session.flush()
        assert employer.id is not None
        session.add(Vacancy(reference="V1", employer_id=employer.id, title="Medewerker schoonmaak (m/v/x)",
                            postcode="3011", opened_on=dt.date(2026, 11, 1)))
        session.add(JobSeeker(client_number="KL1", display_name="A", postcode="3072", target_group="ww",
                              desired_occupations=["schoonmaakster"], experience=["vrachtwagenchauffeur"]))
    esco = tmp_path / "occupations.csv"
    esco.write_text("\n".join([ESCO_COLUMNS, *ESCO_ROWS]) + "\n", encoding="utf-8")
    assert main(["--db", database_url, "vocabulary", "import-esco", str(esco)]) == 0
    out = capsys.readouterr().out
    assert "1 of 1 vacancies and 1 of 1 job seekers changed" in out
    with session_scope(engine) as session:
        assert session.exec(select(Vacancy)).one().occupation_code == CLEANER
        seeker = session.exec(select(JobSeeker)).one()
        assert seeker.desired_occupation_codes == [CLEANER]
        assert seeker.experience_codes == ["http://data.europa.eu/esco/occupation/truck"]
    assert main(["--db", database_url, "vocabulary", "import-esco", str(esco)]) == 0
    assert "0 of 1 vacancies and 0 of 1 job seekers changed" in capsys.readouterr().out


def test_importing_job_seekers_codes_their_occupations(engine: Engine) -> None:
    from srmatch.matching.resources import data_path
    from srmatch.services.audit import Actor
    from srmatch.services.importing import import_file

    admin = Actor(login="tester", origin="test-host", role="admin")
    import_file(engine, "seekers", data_path("samples") / "seekers.csv", admin)
    with session_scope(engine) as session:
        noor = session.exec(select(JobSeeker).where(JobSeeker.client_number == "VB-0001")).one()
    assert noor.desired_occupations == ["schoonmaker", "glazenwasser"]
    assert noor.desired_occupation_codes == ["srm:schoonmaker", "srm:glazenwasser"]
    assert noor.experience_codes == ["srm:schoonmaker"]
