"""Structure of Flemish/Dutch titles that plain normalisation throws away.

Three patterns, all general Dutch writing rather than rules for particular titles:

* **Elision** (*samentrekking*): "relatie- en gezinsbemiddelaar" means "relatiebemiddelaar
  en gezinsbemiddelaar"; "betonnerings- en asfalteringsmachines" means
  "betonneringsmachines en asfalteringsmachines". The hyphen marks a left-out shared
  head, which ``expand_elisions`` restores from the next compound (cut with the
  vocabulary's compound splitter).
* **Double titles**: "Kapper-salonbeheerder", "Accountant - Belastingsconsulent",
  "Tekenaar-ontwerper animatiefilms" name one job by two titles ("X or Y", "X who is
  also Y"). ``double_title_alternatives`` returns each alternative, with any words after
  a hyphenated pair distributed over both ("tekenaar animatiefilms", "ontwerper
  animatiefilms"). Real hyphenated compounds ("sociaal-cultureel werker", "e-commerce
  manager", "schade-expert") are not split: both sides must be titles on their own.
* **Agent nouns**: "landbouwer", "tuinbouwer", "verkoper" are person nouns derived from a
  field or activity word ("landbouw", "tuinbouw", "verkoop") that labels often use
  instead. ``agent_noun_stems`` undoes the derivation with Dutch spelling rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from srmatch.matching._normalise import normalise_title

__all__ = ["agent_noun_stems", "double_title_alternatives", "expand_elisions"]

# "X- en", "X-, Y- en", "X- of", "X-/": a word whose hyphen is followed by a conjunction or list.
_ELIDED = re.compile(r"(\w+)-(?=\s*(?:,|/|&|\+|\ben\b|\bof\b))", re.UNICODE)
_NEXT_WORD = re.compile(r"(?:\s*(?:,|/|&|\+|\ben\b|\bof\b|\w+-))*\s*(\w+)", re.UNICODE)
# "Kapper-salonbeheerder" (hyphen between letters) and "A - B", "A / B", "A, B".
_TIGHT_HYPHEN = re.compile(r"^\s*(\w{3,})-(\w{3,})(\s.*)?$", re.UNICODE)
_LOOSE_SEPARATOR = re.compile(r"\s+[-–/]\s+|\s*,\s*|(?<=\w)/(?=\w)", re.UNICODE)
_VOWELS = frozenset("aeiou")
_MIN_STEM = 4


def expand_elisions(title: str, head_of: Callable[[str], str]) -> str:
    """Restore the head a hyphen leaves out: "schoen- en lederhersteller" ->
    "schoenhersteller en lederhersteller". ``head_of`` maps a normalised word onto its
    head part (the last compound part); without a split head the text is left alone."""
    if "-" not in title:
        return title

    def restore(match: re.Match[str]) -> str:
        following = _NEXT_WORD.match(title, match.end())
        if following is None:
            return match.group(0)
        word = normalise_title(following.group(1))
        head = head_of(word) if word and " " not in word else ""
        if not head or head == word or len(head) < 3 or len(match.group(1)) < 3:
            return match.group(0)
        return match.group(1) + head

    return _ELIDED.sub(restore, title)


def double_title_alternatives(title: str, is_title: Callable[[str], bool]) -> list[str]:
    """The alternatives of a double title, or ``[]`` when ``title`` is not one.

    ``is_title`` decides whether a normalised single word can name a job on its own.
    """
    tight = _TIGHT_HYPHEN.match(title)
    if tight:
        first, second, rest = tight.group(1), tight.group(2), (tight.group(3) or "")
        if _both_titles(first, second, is_title):
            return [f"{first}{rest}".strip(), f"{second}{rest}".strip()]
        return []
    sides = [side.strip() for side in _LOOSE_SEPARATOR.split(title)]
    if len(sides) != 2 or not all(sides):
        return []
    first, second = sides
    if any(re.search(r"\b(?:en|of)\b", side.casefold()) for side in sides):
        return []
    if _both_titles(_first_word(first), _first_word(second), is_title):
        return [first, second]
    return []


def _first_word(text: str) -> str:
    words = text.split()
    return words[0] if words else ""


def _both_titles(first: str, second: str, is_title: Callable[[str], bool]) -> bool:
    left, right = normalise_title(first), normalise_title(second)
    if not left or not right or " " in left or " " in right or left == right:
        return False
    return is_title(left) and is_title(right)


def agent_noun_stems(word: str, known: Callable[[str], bool]) -> list[str]:
    """Field or activity words an agent noun in -er derives from, if the vocabulary knows
    them: "landbouwer" -> ["landbouw"], "verkoper" -> ["verkoop"] (open syllable: the
    vowel is written double in the stem), "schilder" -> [] unless "schild" is a known
    word; a doubled consonant is single in the stem ("kapper" -> "kap"). Stems need four
    letters or more.
    """
    if len(word) < _MIN_STEM + 2 or not word.endswith("er") or not word.isalpha():
        return []
    stem = word[:-2]
    candidates = [stem]
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        candidates.append(stem[:-1])
    elif (
        len(stem) >= 3
        and stem[-1] not in _VOWELS
        and stem[-2] in _VOWELS
        and stem[-3] not in _VOWELS
    ):
        candidates.append(stem[:-1] + stem[-2] + stem[-1])
    found = []
    for candidate in candidates:
        if (
            len(candidate) >= _MIN_STEM
            and candidate != word
            and known(candidate)
            and candidate not in found
        ):
            found.append(candidate)
    return found
