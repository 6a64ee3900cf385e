"""Shared fixtures: a fresh database per test, on SQLite and (when configured) PostgreSQL.

Set ``SRMATCH_TEST_PG_URL`` (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/srmatch_test``)
to run every database test a second time on PostgreSQL; ``.ci/run`` does this.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from srmatch.store.engine import sqlite_path
from srmatch.store.migrate import open_database
from tests.shared_data import shared_data_required

def _pg_url_for_this_worker() -> str:
    """``SRMATCH_TEST_PG_URL``, or under pytest-xdist (``-n 2``) a database of this worker's own
    beside it (``srmatch_test_gw0``, created on first use), so parallel workers never wipe each
    other's schema."""
    url = os.environ.get("SRMATCH_TEST_PG_URL", "").strip()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker:
        return url
    from sqlalchemy.engine import make_url

    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": own.database}).first()
            if exists is None:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


PG_URL = _pg_url_for_this_worker()
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"

_BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the user's real config, data folder, language and locale out of every test.

    Pinned so that a test gives the same result on a Dutch laptop and in CI: the language
    (``SRMATCH_LANG`` and the catalogue's current language), the locale variables that
    ``language_from_locale`` reads, and the blinking text cursor (a blink timer makes
    screen tests and snapshots depend on timing).
    """
    from textual.widgets import Input, TextArea

    from srmatch.i18n import current_language, set_language

    monkeypatch.setenv("SRMATCH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SRMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SRMATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("SRMATCH_LANG", "en")
    monkeypatch.setenv("SRMATCH_USER", "tester")
    for variable in ("LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    language = current_language()
    set_language("en")
    yield
    set_language(language)


def _reset_postgres(url: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    admin.dispose()


@pytest.fixture(params=_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database: a temp SQLite file, or a wiped PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'srmatch-test.db'}"
    else:
        _reset_postgres(PG_URL)
        yield PG_URL


@pytest.fixture(scope="session")
def _migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file built by running every migration, once per test session.

    Running the whole chain for each test costs more with every migration; copying a file
    that the very same migrations built gives each test an identical fresh database.
    Tests of the migrations themselves use ``database_url`` and run them for real.
    """
    template = tmp_path_factory.mktemp("template") / "srmatch-template.db"
    open_database(f"sqlite:///{template}").dispose()  # closing the last connection checkpoints the WAL
    return template


@pytest.fixture
def engine(database_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on a fresh database with the schema at head."""
    target = sqlite_path(database_url)
    if target is not None:
        template: Path = request.getfixturevalue("_migrated_sqlite_template")
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(template.read_bytes())
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def shared_data() -> Path:
    """The team's shared reference data; tests that need it skip when it is absent, and
    fail instead in CI (``tests/shared_data.py``)."""
    if not SHARED_DATA.is_dir():
        message = "shared test data (../shared/data/external) is not available"
        if shared_data_required():
            pytest.fail(message + " (required: CI or SRMATCH_REQUIRE_SHARED_DATA is set)")
        pytest.skip(message)
    return SHARED_DATA
