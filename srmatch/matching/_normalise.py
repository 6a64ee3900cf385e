"""Vocabulary-independent normalisation of Dutch job titles.

The same function runs over the vocabulary and over what a caseworker types, so every
rule only has to map variants onto *one* form, not onto the "right" form: a rule that
folds a rare non-gendered word by mistake costs little, because both sides fold alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from srmatch.matching.resources import data_path
from srmatch.matching.vocabulary import (
    BUILTIN_ABBREVIATIONS_FILE,
    BUILTIN_NOISE_WORDS_FILE,
    BUILTIN_WORD_EXCEPTIONS_FILE,
    read_title_abbreviations,
    read_title_noise_words,
    read_title_word_exceptions,
)

__all__ = ["STOPWORDS", "fold_word", "normalise_title"]

# Diversity markers ("all applicants welcome") in Dutch and Belgian vacancy titles: (m/v), m/v/x, (v/m/x), (h/f), (m/w/d) ...
_GENDER_MARKER = re.compile(r"\(?\s*\b[mvfhwxdo]\s*(?:[/|]\s*[mvfhwxdo]\s*\b){1,3}\s*\)?")
_GENDER_PHRASE = re.compile(r"\(?\b(?:man\s*/\s*vrouw|vrouw\s*/\s*man|all genders|alle genders|genderneutraal)\b\)?")
_HOURS = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:-|tot|/)?\s*(?:\d+(?:[.,]\d+)?)?\s*(?:uur|uren|u|h|hrs?)\b(?:\s*(?:per|p\s*w|/)\s*(?:week|wk))?")
_DRIVING_LICENCE = re.compile(r"\b(?:rijbewijs|rijbewijzen)\s+(?:[a-e]\d?e?\b\s*)+")
_APOSTROPHE_SUFFIX = re.compile(r"['’`´]\s*(?:er|ers|s)\b")
_NON_WORD = re.compile(r"[^0-9a-z]+")

_DRIVING_LICENCE_CODES = frozenset({"b", "be", "c", "c1", "c1e", "ce", "d", "d1", "d1e", "am", "t"})

STOPWORDS = frozenset(
    {"de", "het", "een", "van", "in", "voor", "en", "op", "bij", "met", "der", "den", "of", "aan", "te",
     "tot", "uit", "and", "the", "for", "to", "zijn", "die", "dat", "als", "om", "naar"}
)

_LONG_VOWELS = ("aa", "ee", "oo", "uu")
_DIPHTHONGS = ("ij", "ei", "ie", "ui", "ou", "au", "oe", "eu")
_VOWELS = frozenset("aeiouy")
_AGENT_STEMS = ("aar", "ier", "eur", "ist", "ant", "ent")
_UNSTRESSED_ENDINGS = ("ig", "el", "en", "er", "es", "et")


@cache
def _abbreviations() -> dict[str, str]:
    """Written abbreviations, expanded per whole token (``data/title_abbreviations_nl.csv``)."""
    return read_title_abbreviations(data_path(BUILTIN_ABBREVIATIONS_FILE))


@cache
def _noise_words() -> frozenset[str]:
    """Tokens that say nothing about the occupation (``data/title_noise_words_nl.csv``)."""
    return read_title_noise_words(data_path(BUILTIN_NOISE_WORDS_FILE))


@cache
def _word_exceptions() -> frozenset[str]:
    """Whole words the suffix rules leave alone (``data/title_word_exceptions_nl.csv``)."""
    return read_title_word_exceptions(data_path(BUILTIN_WORD_EXCEPTIONS_FILE))


def normalise_title(text: str) -> str:
    """Reduce a job title to lower-case ASCII-ish words with variants folded.

    Folds case, accents, punctuation, diversity markers ("(m/v/x)"), female and inflected
    forms ("magazijnmedewerkster" -> "magazijnmedewerker", "industriële" -> "industrieel"),
    simple plurals, hours and driving-licence codes, and expands written abbreviations
    ("mdw", "vrachtw."). Total on every ``str`` and idempotent, so stored normalised titles
    can be normalised again safely.
    """
    if not isinstance(text, str):
        text = str(text)
    current = text
    for _ in range(6):
        following = _normalise_once(current)
        if following == current:
            break
        current = following
    return current


def _normalise_once(text: str) -> str:
    folded = _fold_characters(text)
    folded = _GENDER_PHRASE.sub(" ", folded)
    folded = _GENDER_MARKER.sub(" ", folded)
    folded = _DRIVING_LICENCE.sub(" ", folded)
    folded = _HOURS.sub(" ", folded)
    folded = _APOSTROPHE_SUFFIX.sub(" ", folded)
    folded = folded.replace("&", " en ").replace("+", " en ")
    tokens = [token for token in _NON_WORD.split(folded) if token]
    abbreviations, noise = _abbreviations(), _noise_words()
    words: list[str] = []
    for token in tokens:
        expansion = abbreviations.get(token)
        if expansion is not None:
            words.extend(expansion.split())
        elif token not in noise:
            words.append(token)
    while len(words) > 1 and words[-1] in _DRIVING_LICENCE_CODES:
        words.pop()
    return " ".join(fold_word(word) for word in words)


def _fold_characters(text: str) -> str:
    """Lower-case and drop diacritics; 'ß', ligatures and full-width forms become plain letters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", stripped).casefold()


def fold_word(word: str) -> str:
    """Map a female, inflected or plural word form onto its base form.

    Only suffixes that are (almost) always morphological in job titles are touched;
    anything shorter than five letters is left alone.
    """
    if len(word) < 5 or word in _word_exceptions() or not word.isalpha():
        return word
    for suffix, replacement in (
        ("trice", "teur"),
        ("euse", "eur"),
        ("iere", "ier"),
        ("aresse", "aris"),
        ("ares", "aar"),
        ("eres", "er"),
        ("ologe", "oloog"),
        ("grafe", "graaf"),
        ("eute", "eut"),
        ("iste", "ist"),
        ("ente", "ent"),
        ("ante", "ant"),
        ("ische", "isch"),
        ("iele", "ieel"),
        ("uele", "ueel"),
        ("ieve", "ief"),
        ("lijke", "lijk"),
        ("ende", "end"),
        ("ingen", "ing"),
        ("eurs", "eur"),
        ("ors", "or"),
        ("ers", "er"),
        ("isten", "ist"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)] + replacement
    if word.endswith("ster") and len(word) >= 7:
        return _female_ster_to_er(word)
    return word


def _female_ster_to_er(word: str) -> str:
    """'schoonmaakster' -> 'schoonmaker', 'kapster' -> 'kapper', 'schrijfster' -> 'schrijver'.

    Reverses Dutch spelling: agent nouns in -aar/-ier keep their stem ("makelaarster"),
    a long vowel before r takes -der ("bestuurster" -> "bestuurder"), a long vowel written
    double in the closed syllable becomes single in the open one, a short stressed vowel
    doubles the consonant, and f/s voice to v/z.
    """
    stem = word[:-4]
    last = stem[-1]
    if last in _VOWELS or last == "s" or len(stem) < 3:
        return word
    if stem.endswith(_AGENT_STEMS):
        return stem
    before = stem[:-1]
    if last == "r" and before.endswith(_LONG_VOWELS):
        return stem + "der"
    if before.endswith(_LONG_VOWELS):
        stem = before[:-1] + _voiced(last)
    elif before.endswith(_DIPHTHONGS):
        stem = before + _voiced(last)
    elif (
        before[-1] in _VOWELS
        and before[-2:-1] not in _VOWELS
        and last not in "wjxy"
        and not stem.endswith(_UNSTRESSED_ENDINGS)
    ):
        stem = stem + last
    return stem + "er"


def _voiced(consonant: str) -> str:
    return {"f": "v", "s": "z"}.get(consonant, consonant)
