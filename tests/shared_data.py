"""Where the team's shared reference data lives, and what to do when it is missing.

On a developer's machine a test that needs ``../shared/data/external`` skips when the
folder is absent. In CI the folder is always beside the checkout, so a missing file there
means the quality gates would silently stop guarding anything: with ``CI`` or
``SRMATCH_REQUIRE_SHARED_DATA`` set (``.ci/run`` sets the latter) such a test fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
REQUIRE_VARIABLES = ("SRMATCH_REQUIRE_SHARED_DATA", "CI")


def shared_data_required() -> bool:
    """Whether a missing shared file is a failure (CI) rather than a skip."""
    return any(os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no") for name in REQUIRE_VARIABLES)


def shared_file(*names: str) -> list[Path]:
    """Paths of shared files; skips the test when one is missing, or fails in CI."""
    paths = [SHARED_DATA / name for name in names]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:
        message = f"shared test data missing in {SHARED_DATA}: {', '.join(missing)}"
        if shared_data_required():
            pytest.fail(message + " (required: CI or SRMATCH_REQUIRE_SHARED_DATA is set)")
        pytest.skip(message)
    return paths
