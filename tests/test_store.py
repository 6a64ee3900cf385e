"""The store keeps its promises: constraints, connection settings, migrations, backups."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, MetaData, inspect, text, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import SQLModel, col, select

from srmatch.store import migrate
from srmatch.store.engine import make_engine, session_scope
from srmatch.store.errors import BackupFailed, DatabaseTooNew, DatabaseUnavailable
from srmatch.store.models import (
    Contract,
    Contribution,
    JobSeeker,
    Organisation,
    Placement,
    User,
    Vacancy,
)
from tests.factories import add_sample_records


def _organisation(engine: Engine, **values: object) -> int:
    with session_scope(engine) as session:
        org = Organisation(name=values.pop("name", "Bouwbedrijf Zuid"), **values)
        session.add(org)
        session.flush()
        assert org.id is not None
        return org.id


def _contract(**values: object) -> Contract:
    defaults: dict[str, object] = {
        "reference": "RTD-2026-001",
        "title": "Onderhoud openbare ruimte",
        "buyer_id": 1,
        "contractor_id": 1,
        "kind": "werk",
        "value_cents": 200_000_000,
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2027, 12, 31),
    }
    defaults.update(values)
    return Contract(**defaults)  # type: ignore[arg-type]


def _rejected(engine: Engine, *rows: object) -> bool:
    try:
        with session_scope(engine) as session:
            session.add_all(rows)
    except (IntegrityError, DataError):
        return True
    return False


def test_client_number_is_unique(engine: Engine) -> None:
    add_sample_records(engine)
    duplicate = JobSeeker(client_number="KL0000001", display_name="Someone Else", postcode="3011", target_group="ww")
    assert _rejected(engine, duplicate)


def test_vacancy_reference_is_unique(engine: Engine) -> None:
    add_sample_records(engine)
    duplicate = Vacancy(reference="VAC-001", employer_id=1, title="Schoonmaker", postcode="3011", opened_on=dt.date(2026, 1, 1))
    assert _rejected(engine, duplicate)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "abcdefgh"])
def test_kvk_number_must_be_eight_digits(engine: Engine, kvk: str) -> None:
    assert _rejected(engine, Organisation(name="Foute KvK BV", kvk_number=kvk))


def test_valid_kvk_number_is_accepted(engine: Engine) -> None:
    assert _organisation(engine, kvk_number="01234567") > 0


def test_money_is_never_negative(engine: Engine) -> None:
    org_id = _organisation(engine)
    assert _rejected(engine, _contract(buyer_id=org_id, contractor_id=org_id, value_cents=-1))


def test_money_is_stored_exactly_in_cents(engine: Engine) -> None:
    org_id = _organisation(engine)
    with session_scope(engine) as session:
        session.add(_contract(buyer_id=org_id, contractor_id=org_id, value_cents=123_456_789_012))
    with session_scope(engine) as session:
        contract = session.exec(select(Contract)).one()
        assert contract.value_cents == 123_456_789_012
        assert isinstance(contract.value_cents, int)


@pytest.mark.parametrize("percentage", [-0.5, 100.5])
def test_percentage_between_0_and_100(engine: Engine, percentage: float) -> None:
    org_id = _organisation(engine)
    assert _rejected(engine, _contract(buyer_id=org_id, contractor_id=org_id, percentage=percentage))


def test_obligation_override_needs_a_reason(engine: Engine) -> None:
    org_id = _organisation(engine)
    assert _rejected(engine, _contract(buyer_id=org_id, contractor_id=org_id, obligation_override_cents=100))


@pytest.mark.parametrize(("low", "high"), [(-1, 10), (10, 61), (30, 20)])
def test_hours_between_0_and_60_and_ordered(engine: Engine, low: int, high: int) -> None:
    seeker = JobSeeker(client_number="KL9", display_name="X", postcode="3011", target_group="ww", hours_min=low, hours_max=high)
    assert _rejected(engine, seeker)


def test_unknown_enumeration_values_are_rejected(engine: Engine) -> None:
    seeker = JobSeeker(client_number="KL9", display_name="X", postcode="3011", target_group="nationality")
    assert _rejected(engine, seeker)


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    placement = Placement(seeker_id=999, vacancy_id=999)
    assert _rejected(engine, placement)


def test_contribution_route_is_one_of_six(engine: Engine) -> None:
    org_id = _organisation(engine)
    with session_scope(engine) as session:
        session.add(_contract(buyer_id=org_id, contractor_id=org_id))
    assert _rejected(engine, Contribution(contract_id=1, route="7", period_start=dt.date(2026, 1, 1)))


def test_job_seeker_has_no_column_for_protected_attributes(engine: Engine) -> None:
    columns = {column["name"] for column in inspect(engine).get_columns("job_seeker")}
    forbidden = {"bsn", "gender", "sex", "nationality", "ethnicity", "religion", "birth_date", "date_of_birth", "age", "medical"}
    assert not columns & forbidden
    assert "client_number" in columns


def test_list_screens_have_their_indexes(engine: Engine) -> None:
    inspector = inspect(engine)
    indexed = {tuple(index["column_names"]) for index in inspector.get_indexes("vacancy")}
    assert ("status", "closes_on") in indexed
    assert ("title",) in indexed
    seeker_indexes = {tuple(index["column_names"]) for index in inspector.get_indexes("job_seeker")}
    assert ("display_name",) in seeker_indexes


def test_failed_unit_of_work_leaves_store_unchanged(engine: Engine) -> None:
    add_sample_records(engine)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(JobSeeker(client_number="KL0000003", display_name="Nieuw", postcode="3011", target_group="ww"))
        session.flush()
        session.add(JobSeeker(client_number="KL0000001", display_name="Dubbel", postcode="3011", target_group="ww"))
    with session_scope(engine) as session:
        assert len(session.exec(select(JobSeeker)).all()) == 2


def test_updated_at_moves_on_every_update(engine: Engine) -> None:
    add_sample_records(engine)
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        inserted = seeker.updated_at
        seeker.hours_max = 36
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        first_update = seeker.updated_at
        assert first_update > inserted
        session.execute(update(JobSeeker).where(col(JobSeeker.id) == seeker.id).values(hours_min=24))
    with session_scope(engine) as session:
        seeker = session.exec(select(JobSeeker).where(JobSeeker.client_number == "KL0000001")).one()
        assert seeker.updated_at > first_update
        assert (seeker.hours_min, seeker.hours_max) == (24, 36)


def test_every_updated_at_column_moves_on_update() -> None:
    from srmatch.store.models import metadata

    columns = [table.c.updated_at for table in metadata.sorted_tables if "updated_at" in table.c]
    assert {column.table.name for column in columns} >= {"job_seeker", "placement"}
    assert all(column.onupdate is not None for column in columns), [c.table.name for c in columns if c.onupdate is None]


# SQLite specifics ------------------------------------------------------------------------


def test_new_sqlite_file_is_private_and_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    engine = migrate.open_database(f"sqlite:///{path}")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        make_engine(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_junk_file_is_explained_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    junk = b"this is not a database at all" * 50
    path.write_bytes(junk)
    with pytest.raises(DatabaseUnavailable, match="not an srmatch database"):
        migrate.open_database(f"sqlite:///{path}")
    assert path.read_bytes() == junk


def test_damaged_sqlite_file_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    migrate.open_database(f"sqlite:///{path}").dispose()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnavailable):
        migrate.open_database(f"sqlite:///{path}")


# Migrations --------------------------------------------------------------------------------


def _upgrade_to(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _add_rows_with_the_schema_on_disk(engine: Engine) -> None:
    """The sample records, inserted through the tables as they are in the database now.

    The ORM models describe the newest schema; an older database lacks the columns later
    migrations add, so rows are written with the columns the reflected tables have.
    """
    caseworker = User(id=1, login="km.jansen", display_name="Karin Jansen", role="caseworker")
    employer = Organisation(id=1, name="Schoonmaakbedrijf Maasstad", kvk_number="24123456", is_contractor=True)
    rows: list[SQLModel] = [
        caseworker,
        employer,
        JobSeeker(id=1, client_number="KL0000001", display_name="Samira el Amrani", postcode="3073",
                  target_group="participatiewet", caseworker_id=1),
        JobSeeker(id=2, client_number="KL0000002", display_name="Peter de Vries", postcode="3012", target_group="ww"),
        Vacancy(id=1, reference="VAC-001", employer_id=1, title="Medewerker schoonmaak (m/v/x)", postcode="3071",
                opened_on=dt.date(2026, 10, 1)),
    ]
    on_disk = MetaData()
    on_disk.reflect(engine)
    with engine.begin() as connection:
        for row in rows:
            table = on_disk.tables[str(type(row).__tablename__)]
            connection.execute(table.insert().values({column.name: getattr(row, column.name) for column in table.columns}))
        if engine.dialect.name == "postgresql":
            for name in ("app_user", "organisation", "job_seeker", "vacancy"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), 10)"))


def test_database_from_first_migration_upgrades_with_data_intact(database_url: str) -> None:
    engine = make_engine(database_url)
    _upgrade_to(engine, "0001")
    assert migrate.schema_state(engine).status == "older"
    _add_rows_with_the_schema_on_disk(engine)
    backup = migrate.upgrade(engine)
    state = migrate.schema_state(engine)
    assert state.status == "current"
    assert state.current == migrate.head_revision()
    with session_scope(engine) as session:
        names = sorted(seeker.display_name for seeker in session.exec(select(JobSeeker)))
        assert names == ["Peter de Vries", "Samira el Amrani"]
        assert session.exec(select(Vacancy).where(Vacancy.reference == "VAC-001")).one().title == "Medewerker schoonmaak (m/v/x)"
    if engine.dialect.name == "sqlite":
        assert backup is not None and backup.exists()
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert copy.execute("SELECT count(*) FROM job_seeker").fetchone() == (2,)
    engine.dispose()


def test_database_newer_than_this_version_is_refused(database_url: str) -> None:
    engine = migrate.open_database(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(DatabaseTooNew, match="newer srmatch"):
        migrate.open_database(database_url)
    engine.dispose()


def test_upgrading_a_current_database_changes_nothing(engine: Engine) -> None:
    assert migrate.upgrade(engine) is None
    assert migrate.schema_state(engine).status == "current"


def test_models_and_migrations_agree(engine: Engine) -> None:
    """Every table and column of the models exists after running the migrations."""
    from srmatch.store.models import metadata

    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        assert columns == {column.name for column in table.columns}, table.name


def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    engine = migrate.open_database(f"sqlite:///{tmp_path / 'live.db'}")
    add_sample_records(engine)
    target = migrate.backup_database(engine, tmp_path / "copy.db")
    copy = migrate.open_database(f"sqlite:///{target}")
    with session_scope(copy) as session:
        assert len(session.exec(select(JobSeeker)).all()) == 2
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_check_reports_schema_and_integrity(engine: Engine) -> None:
    report = migrate.check_database(engine)
    assert report.ok
    assert report.state.status == "current"


def _open_descriptors_to(path: Path) -> int:
    folder = Path("/proc/self/fd")
    count = 0
    for fd in folder.iterdir():
        try:
            if Path(os.readlink(fd)) == path:
                count += 1
        except OSError:
            continue
    return count


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which a plain new file would be world-readable (0644)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_backup_into_a_folder_is_private_and_leaves_no_connection_open(tmp_path: Path, umask_022: None) -> None:
    source = tmp_path / "live.db"
    engine = migrate.open_database(f"sqlite:///{source}")
    add_sample_records(engine)
    engine.dispose()
    (tmp_path / "copies").mkdir()

    target = migrate.backup_database(engine, tmp_path / "copies")

    assert target.parent == tmp_path / "copies" and target.name.startswith("live.db.backup-")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    if Path("/proc/self/fd").is_dir():
        assert _open_descriptors_to(source) == 0 and _open_descriptors_to(target) == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM job_seeker").fetchone() == (2,)


def test_a_failed_backup_leaves_no_readable_partial_copy(tmp_path: Path, umask_022: None) -> None:
    source = tmp_path / "damaged.db"
    engine = migrate.open_database(f"sqlite:///{source}")
    add_sample_records(engine)
    engine.dispose()
    for leftover in tmp_path.glob("damaged.db-*"):
        leftover.unlink()
    source.write_bytes(b"overwritten by another program " * 200)  # no longer a database
    target = tmp_path / "copy.db"

    with pytest.raises(BackupFailed, match="copy.db failed"):
        migrate.backup_database(engine, target)

    leftovers = [path for path in tmp_path.iterdir() if path.name.startswith("copy.db")]
    assert all(stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0 for path in leftovers), leftovers
    assert leftovers == []


def test_backup_failures_are_one_line(tmp_path: Path) -> None:
    engine = migrate.open_database(f"sqlite:///{tmp_path / 'live.db'}")
    with pytest.raises(BackupFailed, match="folder .*missing does not exist"):
        migrate.backup_database(engine, tmp_path / "missing" / "copy.db")
    (tmp_path / "taken.db").write_bytes(b"")
    with pytest.raises(BackupFailed, match="already exists"):
        migrate.backup_database(engine, tmp_path / "taken.db")
    engine.dispose()


def test_the_cheap_head_is_alembics_head() -> None:
    assert migrate.shipped_head() == migrate.head_revision()


def test_a_database_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    """Every command opens the database; one that is current costs one query, not Alembic."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.db'}"
    migrate.open_database(url).dispose()
    script = ("import sys; from srmatch.store.migrate import open_database; open_database(sys.argv[1]).dispose(); "
              "print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.stdout.strip() == "False", result.stderr
