"""The README opens with the two commands a new user needs, and CI runs the second."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_demo_and_test_commands() -> None:
    demo, tests = _commands()
    assert demo.endswith("srmatch demo")
    assert "pip install ." in demo
    assert tests.startswith("python3 -m venv .venv && ") and tests.endswith("pytest")
    assert "[test]" in tests


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extract = re.search(r"^TEST_COMMAND=\$\((.+)\)$", script, re.MULTILINE)
    assert extract is not None
    found = subprocess.run(["bash", "-c", extract.group(1)], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == _commands()[1]
