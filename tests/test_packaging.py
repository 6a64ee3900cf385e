"""A non-editable install carries the reference data and the migrations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("srmatch-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_every_data_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    shipped = [path for path in (ROOT / "data").rglob("*") if path.is_file()]
    assert shipped, "data/ should hold the reference data"
    for path in shipped:
        assert f"srmatch/data/{path.relative_to(ROOT / 'data').as_posix()}" in names


def test_wheel_ships_migrations_catalogues_and_styles(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "srmatch/store/migrations/env.py" in names
    assert any(name.startswith("srmatch/store/migrations/versions/0001_") for name in names)
    assert {"srmatch/locales/en.json", "srmatch/locales/nl.json", "srmatch/screens/srmatch.tcss"} <= names
    assert "srmatch-0.1.0.dist-info/entry_points.txt" in names or any(n.endswith("entry_points.txt") for n in names)


def test_sqlmodel_pin_requires_timezone_aware_datetimes() -> None:
    """sqlmodel 0.0.45 made datetime fields timezone-aware (UTCDateTime); older ones store naive."""
    import tomllib

    from packaging.requirements import Requirement

    with (ROOT / "pyproject.toml").open("rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    [sqlmodel] = [Requirement(text) for text in dependencies if Requirement(text).name == "sqlmodel"]
    assert not sqlmodel.specifier.contains("0.0.44")
    assert sqlmodel.specifier.contains("0.0.45")
