"""Dutch and English catalogues stay in step, and every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from srmatch.i18n import catalogue, set_language, t
from srmatch.store.models import EmploymentType, SeekerStatus, TargetGroup, VacancyStatus

SOURCE = Path(__file__).resolve().parent.parent / "srmatch"


#: printf-style placeholders, as in argparse's own messages (``%(prog)s``, ``%r``).
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0+]*\d*(?:\.\d+)?([sdirf])")


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields (with conversion) and the ``%(name)s`` / ``%s`` markers of a text."""
    fields = {f"{{{name}!{conversion}}}" if conversion else f"{{{name}}}" for _, name, _, conversion in string.Formatter().parse(text) if name}
    return fields | {f"%({name}){kind}" if name else f"%{kind}" for name, kind in _PERCENT.findall(text)}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    english, dutch = catalogue("en"), catalogue("nl")
    assert set(english) == set(dutch)
    for key in english:
        assert _placeholders(english[key]) == _placeholders(dutch[key]), key


def test_every_literal_key_in_the_code_is_in_the_catalogue() -> None:
    used: set[str] = set()
    pattern = re.compile(
        r"""(?:\bt\(|Binding\(\s*[^,]+,\s*[^,]+,\s*|tooltip=)["']([a-z_]+(?:\.[a-z_]+)+)["']"""
    )
    for path in SOURCE.rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern should find keys"
    missing = sorted(key for key in used if key not in catalogue("en"))
    assert not missing


@pytest.mark.parametrize(("prefix", "enum"), [("target_group", TargetGroup), ("seeker_status", SeekerStatus), ("vacancy_status", VacancyStatus), ("employment_type", EmploymentType)])
def test_every_enumeration_value_has_a_label(prefix: str, enum: type) -> None:
    for member in enum:
        assert f"{prefix}.{member.value}" in catalogue("en")


def test_dutch_text_and_fallback() -> None:
    try:
        set_language("nl")
        assert t("key.quit") == "Afsluiten"
        assert t("list.count", shown=3) == "3 getoond"
        assert t("no.such.key") == "no.such.key"
    finally:
        set_language("en")
