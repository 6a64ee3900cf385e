"""The algorithm-register text is generated from the live configuration and cannot drift from it."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from srmatch.cli import main
from srmatch.i18n import catalogue, set_language
from srmatch.matching import describe_algorithm
from srmatch.services.fairness import fairness_report
from srmatch.services.register import FIELDS, _slug, algorithm_register
from srmatch.store.engine import session_scope
from srmatch.store.models import JobSeeker, Placement, Vacancy
from tests.factories import add_sample_records

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_field_of_the_standard_is_filled_in_both_languages(language: str) -> None:
    set_language(language)
    entry = algorithm_register(today=dt.date(2026, 12, 1)).to_json()
    for field in FIELDS:
        assert entry[field].strip(), field
    text = algorithm_register().to_markdown()
    titles = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert len(titles) == len(FIELDS) - 1
    assert ("Menselijke tussenkomst" in titles) == (language == "nl")
    assert "{" not in text  # every placeholder filled in


def test_weights_filters_inputs_and_exclusions_come_from_the_engine() -> None:
    set_language("en")
    description = describe_algorithm()
    entry = algorithm_register().to_json()
    assert entry["configuration"]["weights"] == {name: float(value) for name, value in description.weights.items()}
    for name, weight in description.weights.items():
        assert f": {weight:g} points" in entry["technical_working"], name
    assert entry["configuration"]["hard_filters"] == list(description.hard_filters)
    for attribute in ("gender", "age", "nationality", "ethnicity", "religion", "neighbourhood"):
        assert attribute in entry["risk_management"]
    assert "target group (eligibility only, never a score)" in entry["risk_management"]


def test_every_engine_term_has_dutch_words() -> None:
    """A new filter, input or excluded attribute in the engine needs its Dutch text here."""
    dutch = catalogue("nl")
    description = describe_algorithm()
    missing = [name for name in description.excluded_attributes if f"register.excluded.{_slug(name)}" not in dutch]
    missing += [name for name in description.features if f"register.component.{name}" not in dutch]
    missing += [name for name in description.hard_filters if f"matching.filter.{name}" not in dutch]
    missing += [
        name for name in (*description.seeker_inputs, *description.vacancy_inputs) if f"register.input.{name}" not in dutch
    ]
    assert missing == []


def _register_json(tree: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run(
        [sys.executable, "-m", "srmatch", "algorithm-register", "--format", "json", "--no-fairness", "--lang", "en"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_changing_a_weight_in_the_configuration_changes_the_text(tmp_path: Path) -> None:
    tree = tmp_path / "install"
    shutil.copytree(ROOT / "srmatch", tree / "srmatch", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", tree / "data")
    before = _register_json(tree)
    settings = tree / "data" / "matching.toml"
    text = settings.read_text(encoding="utf-8")
    changed = re.sub(r"^occupation = 40\b", "occupation = 30", text, flags=re.MULTILINE)
    changed = re.sub(r"^skills = 20\b", "skills = 30", changed, flags=re.MULTILINE)
    assert changed != text, "the shipped weights moved; adjust this test's edit"
    settings.write_text(changed, encoding="utf-8")

    after = _register_json(tree)

    assert "occupation fit: 40 points" in str(before["technical_working"])
    assert "occupation fit: 30 points" in str(after["technical_working"])
    assert "skills overlap: 30 points" in str(after["technical_working"])
    assert after["configuration"]["weights"]["skills"] == 30.0  # type: ignore[index]


def test_the_latest_fairness_figures_are_included(engine: Engine) -> None:
    add_sample_records(engine)
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        vacancy = session.exec(select(Vacancy).where(Vacancy.reference == "VAC-001")).one()
        session.add(Placement(seeker_id=seeker.id or 0, vacancy_id=vacancy.id or 0, status="started",
                              start_date=dt.date(2026, 11, 1)))
    set_language("en")
    entry = algorithm_register(engine).to_json()
    assert entry["fairness"] == fairness_report(engine).to_json()
    assert "people placed: 1" in entry["risk_management"]
    assert "Rotterdam-Zuid" in entry["risk_management"]


def test_command_prints_markdown_in_the_asked_language(engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", database_url, "algorithm-register", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# srmatch: matching van werkzoekenden")
    assert "## Menselijke tussenkomst" in out and "nog geen plaatsingen" in out


def test_organisation_and_source_link_come_from_the_config_file(capsys: pytest.CaptureFixture[str]) -> None:
    from srmatch.config import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(
        '[algorithm_register]\norganisation = "Gemeente Rotterdam, cluster Werk & Inkomen"\n'
        'source_code = "https://example.org/srmatch"\nstatus = "In gebruik"\n',
        encoding="utf-8",
    )
    assert main(["algorithm-register", "--format", "json", "--no-fairness"]) == 0
    entry = json.loads(capsys.readouterr().out)
    assert (entry["organisation"], entry["source_code"], entry["status"]) == (
        "Gemeente Rotterdam, cluster Werk & Inkomen", "https://example.org/srmatch", "In gebruik")
