"""The package type-checks under ``mypy --strict`` (pyproject.toml): a wrong argument, a
misspelt attribute or an untyped function fails here, not at a desk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_finds_no_errors() -> None:
    # The incremental cache in .mypy_cache (git-ignored) keeps repeated local runs fast;
    # a clean checkout in CI checks everything from scratch.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "srmatch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
