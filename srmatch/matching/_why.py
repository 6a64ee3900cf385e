"""The parts a title suggestion's reason is made of, and the matcher's own wording of each.

A part is a code plus the words it is about (``WhyPart("head", (("head", "kapper"), ...))``),
so the matcher stays free of UI texts while the service can say the same thing in a
caseworker's words and language (``srmatch.services.vocabulary.plain_reason``).
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_KIND_TEXT = {"preferred": "preferred label", "alternative": "alternative label", "hidden": "hidden label"}

#: The matcher's own wording of each part of a reason (``TitleSuggestion.why``, ``--json``'s
#: ``why``); ``srmatch.services.vocabulary.plain_reason`` says the same in a caseworker's words.
TECHNICAL = {
    "exact": "exact match on {kind} '{label}'",
    "written_apart": "same words as {kind} '{label}', written together or apart",
    "general_form": "general form of {kind} '{label}'",
    "head_of_compound": "head noun '{head}' of compound '{compound}' matches {kind} '{label}'",
    "head": "head noun '{head}' matches {kind} '{label}'",
    "word_parts": "shares word parts with {kind} '{label}'",
    "spelling": "similar spelling to {kind} '{label}'",
    "described": "description mentions {words}",
    "broader": "role '{role}' with field '{field}'; no occupation for that field, so the broader '{broader}' "
    "(broader than '{narrower}')",
    "alternative": "alternative '{alternative}' of double title '{title}'",
    "setting": "'{title}' without its setting '({setting})'",
    "school_level": "'{text}' read as the school level '{level}'",
    "exclusion": "exclusion '({text})' left out",
    "grade": "grade '{text}' left out",
}


@dataclass(frozen=True, slots=True)
class WhyPart:
    """One piece of a suggestion's reason: what kind of evidence (``code``, a key of
    :data:`TECHNICAL`) and the words it is about (``values``)."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def fields(self) -> dict[str, str]:
        return dict(self.values)


def part(code: str, **values: str) -> WhyPart:
    return WhyPart(code, tuple(values.items()))


def technical(why: WhyPart) -> str:
    """The matcher's own wording of one part."""
    fields = why.fields
    if "kind" in fields:
        fields["kind"] = LABEL_KIND_TEXT[fields["kind"]]
    if why.code == "described":
        fields["words"] = ", ".join(repr(word) for word in fields["words"].split("\n"))
    return TECHNICAL[why.code].format(**fields)


