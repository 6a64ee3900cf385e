"""Settings: database URL, language and current user, from flags, environment and a config file.

Precedence, highest first: command-line flags, environment variables
(``SRMATCH_DATABASE_URL``, ``SRMATCH_LANG``, ``SRMATCH_USER``), the config file
(``config.toml`` in the user config folder), then defaults. ``SRMATCH_DATA_DIR`` and
``SRMATCH_CONFIG_DIR`` move the folders (tests, portable installs on a USB stick).
"""

from __future__ import annotations

import contextlib
import json
import locale
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from srmatch.errors import UserFacingError
from srmatch.i18n import t

APP_NAME = "srmatch"
SUPPORTED_LANGUAGES = ("nl", "en")
DEFAULT_DB_NAME = "srmatch.db"
DEMO_DB_NAME = "demo.db"


class ConfigError(UserFacingError):
    """The config file or a setting cannot be used; the message says which and why."""


def data_dir() -> Path:
    override = os.environ.get("SRMATCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("SRMATCH_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def _read_config_file() -> dict[str, object]:
    path = config_file()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(t("config.error.read", path=path, reason=error)) from error


def language_from_locale() -> str:
    """'nl' when the operating system speaks Dutch, else 'en'."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    try:
        system_locale = locale.getlocale()[0] or ""
    except ValueError:
        system_locale = ""
    return "nl" if system_locale.lower().startswith(("nl", "dutch")) else "en"


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know about where and as whom it runs."""

    database_url: str
    language: str
    user_login: str | None
    is_default_database: bool
    #: Key remapping from ``config.toml``'s ``[keys]`` table: binding id → keys (``"home.seekers" = "w"``).
    keymap: Mapping[str, str] = field(default_factory=dict)
    #: The app's theme as the user last chose it (``theme = "…"`` in ``config.toml``); None: default.
    theme: str | None = None


def sqlite_url(path: Path | str) -> str:
    """SQLAlchemy URL of a SQLite file (the same as ``srmatch.store.engine.sqlite_url``,
    without importing SQLAlchemy: settings are read by every command, even ``--version``)."""
    from srmatch.store.engine import sqlite_url as store_sqlite_url

    return store_sqlite_url(path)


def load_settings(
    *, db_path: str | None = None, demo: bool = False, language: str | None = None, user: str | None = None
) -> Settings:
    """Resolve the settings for this run."""
    file_settings = _read_config_file()
    is_default = False
    if db_path:
        url = db_path if "://" in db_path else sqlite_url(Path(db_path).expanduser())
    elif demo:
        url = sqlite_url(_ensure_dir(data_dir()) / DEMO_DB_NAME)
    elif os.environ.get("SRMATCH_DATABASE_URL"):
        url = os.environ["SRMATCH_DATABASE_URL"]
    elif isinstance(file_settings.get("database_url"), str):
        url = str(file_settings["database_url"])
    else:
        url = sqlite_url(_ensure_dir(data_dir()) / DEFAULT_DB_NAME)
        is_default = True
    chosen_language = _language(language, file_settings)
    login = user or os.environ.get("SRMATCH_USER") or _optional_str(file_settings.get("user"))
    return Settings(
        database_url=url,
        language=chosen_language,
        user_login=login,
        is_default_database=is_default,
        keymap=_keymap(file_settings.get("keys")),
        theme=_optional_str(file_settings.get("theme")),
    )


def save_setting(name: str, value: str) -> Path:
    """Set one top-level ``name = "value"`` in config.toml, keeping everything else as it is.

    The file is edited as text, not rewritten from parsed data, so the user's comments, order and
    tables stay; the result is parsed again and must hold the same settings plus the new value, or
    nothing is written (a :class:`ConfigError` says why). The new file replaces the old in one
    step (a temporary file beside it, then ``os.replace``), readable by the user only, so an
    interrupted write never leaves half a config file.
    """
    path = config_file()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before = _read_config_file()
    assignment = f"{name} = {json.dumps(value)}\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key = re.compile(rf"^\s*{re.escape(name)}\s*=")
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    existing = next((i for i in range(first_table) if key.match(lines[i])), None)
    if existing is not None:
        lines[existing] = assignment
    else:  # after the last top-level setting: above the blank lines and comments of the first table
        at = first_table
        if first_table < len(lines):
            while at > 0 and lines[at - 1].lstrip().startswith("#"):
                at -= 1
            while at > 0 and not lines[at - 1].strip():
                at -= 1
        lines.insert(at, assignment)
    new_text = "".join(lines)
    try:
        after = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(t("config.error.read_back", name=name, path=path, reason=error)) from error
    unchanged = {k: v for k, v in after.items() if k != name} == {k: v for k, v in before.items() if k != name}
    if after.get(name) != value or not unchanged:
        raise ConfigError(t("config.error.complex_line", name=name, path=path))
    _ensure_dir(path.parent)
    descriptor, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(new_text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ConfigError(t("config.error.save", name=name, path=path, reason=error.strerror)) from error
    return path


def resolve_language(language: str | None = None) -> str:
    """The interface language by the same precedence as :func:`load_settings` (flag, environment,
    config file, locale); the CLI needs it before it parses the command line (argparse's texts)."""
    return _language(language, _read_config_file())


def _language(language: str | None, file_settings: dict[str, object]) -> str:
    chosen_language = (
        language
        or os.environ.get("SRMATCH_LANG")
        or (str(file_settings["language"]) if "language" in file_settings else None)
        or language_from_locale()
    ).lower()
    if chosen_language not in SUPPORTED_LANGUAGES:
        raise ConfigError(t("config.error.language", language=repr(chosen_language)))
    return chosen_language


def _keymap(table: object) -> dict[str, str]:
    """The ``[keys]`` table: binding ids to key names; anything else is a clear error."""
    if table is None:
        return {}
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) and v for k, v in table.items()):
        raise ConfigError(t("config.error.keys", path=config_file()))
    return dict(table)


#: Retention defaults (months) when config.toml has no ``[retention]`` table; docs/privacy.md.
DEFAULT_INACTIVE_MONTHS = 24
DEFAULT_AUDIT_LOG_MONTHS = 60


@dataclass(frozen=True)
class RetentionSettings:
    """How long srmatch keeps people without activity, and its own audit log."""

    inactive_months: int = DEFAULT_INACTIVE_MONTHS
    audit_log_months: int = DEFAULT_AUDIT_LOG_MONTHS


def read_config_table(name: str) -> dict[str, object]:
    """One ``[name]`` table of config.toml (empty when absent); a feature's own settings."""
    table = _read_config_file().get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(t("config.error.table", path=config_file(), name=name))
    return table


def load_retention_settings() -> RetentionSettings:
    """The ``[retention]`` table of config.toml (``inactive_months``, ``audit_log_months``)."""
    table = read_config_table("retention")
    values: dict[str, int] = {}
    for key, default in (("inactive_months", DEFAULT_INACTIVE_MONTHS), ("audit_log_months", DEFAULT_AUDIT_LOG_MONTHS)):
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(t("config.error.retention", path=config_file(), key=key, value=repr(value)))
        values[key] = value
    return RetentionSettings(**values)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _ensure_dir(path: Path) -> Path:
    """Create srmatch's own data folder (private to the user) when it is missing."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise ConfigError(t("config.error.data_folder", path=path, reason=error.strerror)) from error
    return path
