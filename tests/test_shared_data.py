"""In CI a missing shared data file fails the quality gates instead of skipping them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import shared_data


@pytest.fixture
def empty_shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared_data, "SHARED_DATA", tmp_path)
    for name in shared_data.REQUIRE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("empty_shared_folder")
def test_missing_shared_file_skips_on_a_developer_machine() -> None:
    with pytest.raises(pytest.skip.Exception, match="melo_bel_nl_title_to_esco.csv"):
        shared_data.shared_file("melo_bel_nl_title_to_esco.csv")


@pytest.mark.parametrize("variable", ["CI", "SRMATCH_REQUIRE_SHARED_DATA"])
@pytest.mark.usefixtures("empty_shared_folder")
def test_missing_shared_file_fails_in_ci(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, "true")
    with pytest.raises(pytest.fail.Exception, match="melo_bel_nl_title_to_esco.csv"):
        shared_data.shared_file("melo_bel_nl_title_to_esco.csv")


def test_ci_script_requires_the_shared_data() -> None:
    script = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "export SRMATCH_REQUIRE_SHARED_DATA=1" in script
