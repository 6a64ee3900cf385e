"""Where srmatch looks for its database, language and user, and what wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from srmatch.cli import main
from srmatch.config import ConfigError, config_file, language_from_locale, load_settings


def test_default_database_lives_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'srmatch.db'}"
    assert settings.is_default_database


def test_flag_beats_environment_beats_config_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text('database_url = "sqlite:////from/config.db"\nlanguage = "nl"\nuser = "km.config"\n')
    assert load_settings().database_url == "sqlite:////from/config.db"
    monkeypatch.delenv("SRMATCH_LANG")
    monkeypatch.delenv("SRMATCH_USER")
    assert load_settings().language == "nl"
    assert load_settings().user_login == "km.config"
    monkeypatch.setenv("SRMATCH_DATABASE_URL", "sqlite:////from/env.db")
    assert load_settings().database_url == "sqlite:////from/env.db"
    assert load_settings(db_path="/from/flag.db").database_url == "sqlite:////from/flag.db"
    assert load_settings(language="en").language == "en"


def test_demo_database_is_separate(tmp_path: Path) -> None:
    assert load_settings(demo=True).database_url.endswith("/demo.db")


@pytest.mark.parametrize(("value", "language"), [("nl_NL.UTF-8", "nl"), ("nl_BE", "nl"), ("en_GB.UTF-8", "en"), ("C", "en")])
def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, value: str, language: str) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", value)
    assert language_from_locale() == language


def test_broken_config_file_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("database_url = [unclosed\n")
    with pytest.raises(ConfigError):
        load_settings()
    assert main(["seekers", "list"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("srmatch: error: cannot read config file")
    assert len(err.splitlines()) == 1


def test_unsupported_language_in_environment(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SRMATCH_LANG", "fr")
    assert main(["seekers", "list"]) == 1
    assert "not supported" in capsys.readouterr().err
