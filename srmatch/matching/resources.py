"""Locate the reference data shipped in ``data/``.

In a wheel the folder is installed as ``srmatch/data``; in a source checkout (editable
install, tests) it sits beside the package. Kept inside ``matching`` so the pure layer
needs nothing else of srmatch.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Return the directory holding srmatch's shipped reference data."""
    for candidate in (_PACKAGE_DIR / "data", _PACKAGE_DIR.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("srmatch reference data folder 'data/' is missing from this install")


def data_path(name: str) -> Path:
    """Return the path of one shipped data file (it may not exist; callers decide)."""
    return data_dir() / name
