"""`srmatch vocabulary import-esco` and `suggest`, as a script writer uses them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from srmatch.cli import main
from srmatch.store.engine import session_scope
from srmatch.store.migrate import open_database
from srmatch.store.models import AuditEvent, OccupationConcept

ESCO_COLUMNS = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code"


def _esco_file(tmp_path: Path, rows: list[str], name: str = "occupations.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([ESCO_COLUMNS, *rows]) + "\n", encoding="utf-8")
    return path


SMALL_ESCO = [
    'Occupation,http://data.europa.eu/esco/occupation/forklift,8344,heftruckchauffeur,"heftruckbestuurder\nvorkheftruckchauffeur",,released,,,,,,Bestuurt een heftruck.,8344.1',
    'Occupation,http://data.europa.eu/esco/occupation/truck,8332,vrachtwagenchauffeur,"chauffeur zware vrachtwagen\ntruckchauffeur",,released,,,,,,Rijdt vracht.,8332.1',
    'Occupation,http://data.europa.eu/esco/occupation/cleaner,9112,schoonmaker,"schoonmaakster\nschoonmaakmedewerker",,released,,,,,,Maakt schoon.,9112.1',
]


def _count(database_url: str) -> int:
    engine = open_database(database_url)
    with session_scope(engine) as session:
        count = session.execute(select(func.count()).select_from(OccupationConcept)).scalar_one()
    engine.dispose()
    return int(count)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_is_idempotent_and_audited(capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path) -> None:
    esco = _esco_file(tmp_path, SMALL_ESCO)
    code, out, _ = run(capsys, "--db", database_url, "vocabulary", "import-esco", str(esco))
    assert code == 0
    assert "3 occupations" in out
    code, out, _ = run(capsys, "--db", database_url, "vocabulary", "import-esco", str(esco))
    assert code == 0
    assert "replaced 3" in out
    assert _count(database_url) == 3
    engine = open_database(database_url)
    with session_scope(engine) as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    engine.dispose()
    assert actions == ["vocabulary.import_esco", "vocabulary.import_esco"]


def test_bad_file_changes_nothing(capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path) -> None:
    run(capsys, "--db", database_url, "vocabulary", "import-esco", str(_esco_file(tmp_path, SMALL_ESCO)))
    broken = _esco_file(
        tmp_path,
        [*SMALL_ESCO, "Occupation,http://data.europa.eu/esco/occupation/x,81x1,lasser,,,released,,,,,,Last.,81x1.1"],
        name="broken.csv",
    )
    code, _, err = run(capsys, "--db", database_url, "vocabulary", "import-esco", str(broken))
    assert code == 1
    assert "81x1" in err and "row" in err
    assert len(err.strip().splitlines()) == 1
    assert _count(database_url) == 3


def test_suggest_json_one_object_per_line_in_order(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", database_url, "vocabulary", "import-esco", str(_esco_file(tmp_path, SMALL_ESCO)))
    monkeypatch.setattr("sys.stdin", io.StringIO("Heftruckchauffeur (m/v/x)\n\nschoonmaakster\n"))
    code, out, _ = run(capsys, "--db", database_url, "vocabulary", "suggest", "--json", "--top", "2")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["Heftruckchauffeur (m/v/x)", "", "schoonmaakster"]
    first = lines[0]["suggestions"]
    assert first[0]["uri"] == "http://data.europa.eu/esco/occupation/forklift"
    assert set(first[0]) >= {"uri", "label", "score", "matched_label"}
    assert len(first) <= 2
    assert lines[1]["suggestions"] == []
    assert lines[2]["suggestions"][0]["uri"] == "http://data.europa.eu/esco/occupation/cleaner"


def test_suggest_text_output_explains(capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path) -> None:
    run(capsys, "--db", database_url, "vocabulary", "import-esco", str(_esco_file(tmp_path, SMALL_ESCO)))
    code, out, _ = run(capsys, "--db", database_url, "vocabulary", "suggest", "--top", "1", "vrachtwagenchauffeur CE")
    assert code == 0
    assert out.splitlines()[0] == "vrachtwagenchauffeur CE"
    assert "1. vrachtwagenchauffeur" in out
    # In words a caseworker reads, not the matcher's ("exact match on preferred label ..."); --json keeps those.
    assert out.splitlines()[2].strip() == "This is the name of the occupation"
    code, out, _ = run(capsys, "--db", database_url, "--lang", "nl", "vocabulary", "suggest", "--top", "1", "vrachtwagenchauffeur CE")
    assert out.splitlines()[2].strip() == "Dit is de naam van het beroep"
    code, out, _ = run(capsys, "--db", database_url, "vocabulary", "suggest", "--top", "1", "--json", "vrachtwagenchauffeur CE")
    assert json.loads(out)["suggestions"][0]["why"].startswith("exact match on preferred label")


def test_real_esco_import_and_suggest(capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "esco.db")
    code, out, _ = run(
        capsys, "--db", db, "vocabulary", "import-esco",
        str(shared_data / "esco_v1.2.0_occupations_nl.csv"), "--isco-groups", str(shared_data / "esco_v1.2.0_ISCOGroups_nl.csv"),
    )
    assert code == 0
    assert "3039 occupations and 619 ISCO groups" in out
    code, out, _ = run(capsys, "--db", db, "vocabulary", "suggest", "--json", "heftruckchauffeur", "magazijnmedewerkster")
    results = [json.loads(line) for line in out.splitlines()]
    assert results[0]["suggestions"][0]["label"] == "heftruckchauffeur"
    assert results[1]["suggestions"][0]["label"] == "magazijnmedewerker"
    assert all(s["uri"].startswith("http://data.europa.eu/esco/") for r in results for s in r["suggestions"])


def test_shipped_vocabulary_serves_until_esco_is_imported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    code, out, _ = run(capsys, "--db", db, "vocabulary", "suggest", "--json", "--top", "1",
                       "Medewerker schoonmaak (m/v/x)", "afrokapper", "vrachtw.chauffeur")
    assert code == 0
    top = [json.loads(line)["suggestions"][0] for line in out.splitlines()]
    assert [s["uri"] for s in top] == ["srm:schoonmaker", "srm:afrokapper", "srm:vrachtwagenchauffeur"]
