"""Occupation vocabularies: the concepts a job title can be matched to.

Two sources feed the same model: the CSV the team writes and ships in ``data/``
(``source="srmatch"``) and an official ESCO CSV export in Dutch that a municipality may
supply (``source="esco"``). Readers are strict on purpose: a wrong or damaged file is
rejected as a whole with a message naming file, row, field and value, because a silently
half-read vocabulary would make every later match quietly worse.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from srmatch.matching.problems import DataFileError
from srmatch.matching.resources import data_path

__all__ = [
    "Concept",
    "Vocabulary",
    "VocabularyFormatError",
    "isco_relation",
    "load_builtin_title_qualifiers",
    "load_builtin_title_synonyms",
    "read_title_abbreviations",
    "read_title_noise_words",
    "read_title_qualifiers",
    "read_title_synonyms",
    "read_title_word_exceptions",
    "load_builtin_vocabulary",
    "read_esco_isco_groups",
    "read_esco_occupations",
    "read_srmatch_vocabulary",
]

OCCUPATION = "occupation"
ISCO_GROUP = "isco_group"

BUILTIN_OCCUPATIONS_FILE = "occupations_nl.csv"
BUILTIN_SYNONYMS_FILE = "title_synonyms_nl.csv"
BUILTIN_ISCO_GROUPS_FILE = "isco08_groups_nl.csv"
BUILTIN_ABBREVIATIONS_FILE = "title_abbreviations_nl.csv"
BUILTIN_NOISE_WORDS_FILE = "title_noise_words_nl.csv"
BUILTIN_WORD_EXCEPTIONS_FILE = "title_word_exceptions_nl.csv"
BUILTIN_QUALIFIERS_FILE = "title_qualifiers_nl.csv"
QUALIFIER_KINDS = ("level", "grade", "exclusion")

_ISCO_UNIT_CODE = re.compile(r"\d{4}")
_ISCO_ANY_LEVEL_CODE = re.compile(r"\d{1,4}")
_ESCO_OCCUPATION_CODE = re.compile(r"\d{4}(\.\d+)*")
# A word as the normaliser sees it after folding case, accents and punctuation.
_NORMAL_WORD = re.compile(r"[0-9a-z]+")
_NORMAL_WORDS = re.compile(r"[0-9a-z]+(?: [0-9a-z]+)*")
#: How every message about one field of one row begins: file, row, field and value.
_FIELD = "{file}: row {row}, field {field!r}: {value!r} "


class VocabularyFormatError(DataFileError):
    """A vocabulary file that cannot be read as the format it claims to be.

    An administrator's file (the ESCO export, ``data/occupations_nl.csv``, the title lists):
    said in the user's language by ``srmatch.errors.data_file_message``; ``str()`` is the
    English wording below, which the title tests and the ESCO import's callers read.
    """

    english: ClassVar[dict[str, str]] = {
        "vocabulary.error.file.unreadable": "{file}: cannot read file ({reason})",
        "vocabulary.error.file.empty": "{file}: file is empty; expected a CSV header with {columns}",
        "vocabulary.error.file.binary": "{file}: contains NUL bytes; this is a binary file, not a UTF-8 CSV",
        "vocabulary.error.file.not_utf8": "{file}: not valid UTF-8 (byte {byte} at offset {offset}); "
        "save the file as UTF-8 CSV",
        "vocabulary.error.file.missing_columns": "{file}: missing required column(s) {missing}; found {found}",
        "vocabulary.error.file.missing_columns_no_header": "{file}: missing required column(s) {missing}; "
        "found no header",
        "vocabulary.error.file.field_count": "{file}: row {row}: {fields} fields where the header has {columns}",
        "vocabulary.error.file.malformed": "{file}: row {row}: malformed CSV ({reason})",
        "vocabulary.error.file.no_rows": "{file}: header only, no data rows",
        "vocabulary.error.field.empty": _FIELD + "must not be empty",
        "vocabulary.error.field.duplicate": _FIELD + "duplicates row {first}",
        "vocabulary.error.field.isco_unit": _FIELD + "expected a 4-digit ISCO-08 unit group",
        "vocabulary.error.field.esco_code": _FIELD + "expected an ESCO code such as '8131.10'",
        "vocabulary.error.field.isco_code": _FIELD + "expected an ISCO-08 code of 1 to 4 digits",
        "vocabulary.error.field.no_synonym": _FIELD + "expected at least one synonym",
        "vocabulary.error.field.words_or_empty": _FIELD + "expected lower-case words a-z, 0-9 (or empty)",
        "vocabulary.error.field.words": _FIELD + "expected lower-case words a-z, 0-9",
        "vocabulary.error.field.kind": _FIELD + "expected one of {kinds}",
        "vocabulary.error.field.level_expansion": _FIELD + "a level needs the school level it means",
        "vocabulary.error.field.role": _FIELD + "expected one lower-case word per role",
        "vocabulary.error.field.word": _FIELD + "expected one lower-case word of a-z, 0-9 (no accents)",
    }


@dataclass(frozen=True, slots=True)
class Concept:
    """One occupation or ISCO-08 group with every title it is known by."""

    uri: str
    preferred_label: str
    kind: str
    isco_code: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    code: str = ""
    description: str = ""

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """Yield ``(label_kind, label)`` for every title, preferred label first."""
        yield "preferred", self.preferred_label
        for label in self.alt_labels:
            yield "alternative", label
        for label in self.hidden_labels:
            yield "hidden", label


@dataclass(frozen=True)
class Vocabulary:
    """An immutable set of concepts and where they came from."""

    concepts: tuple[Concept, ...]
    source: str

    def __len__(self) -> int:
        return len(self.concepts)

    def by_uri(self) -> dict[str, Concept]:
        """Index the concepts by URI (built on demand; vocabularies are small)."""
        return {concept.uri: concept for concept in self.concepts}


def isco_relation(code_a: str, code_b: str) -> str:
    """Name the deepest ISCO-08 level two codes share.

    Accepts unit-group codes ("8131"), shorter group codes ("813") and ESCO occupation
    codes ("8131.10", only the ISCO part counts). Anything that is not an ISCO code is
    "unrelated" rather than an error, so callers can pass optional fields straight in.
    """
    a = _isco_digits(code_a)
    b = _isco_digits(code_b)
    if not a or not b:
        return "unrelated"
    shared = 0
    for digit_a, digit_b in zip(a, b):
        if digit_a != digit_b:
            break
        shared += 1
    return {4: "same_unit", 3: "same_minor", 2: "same_sub_major", 1: "same_major"}.get(shared, "unrelated")


def _isco_digits(code: str) -> str:
    head = (code or "").strip().split(".", 1)[0]
    return head if _ISCO_ANY_LEVEL_CODE.fullmatch(head) else ""


def read_esco_occupations(path: str | Path) -> list[Concept]:
    """Read the official ESCO ``occupations_<lang>.csv`` export.

    Multiple alternative and hidden labels sit newline-separated inside one field; codes
    stay strings because leading and trailing zeros carry meaning.
    """
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    rows = _read_rows(path, required=("conceptUri", "preferredLabel", "iscoGroup"))
    for row_number, row in rows:
        uri = _required_value(path, row_number, row, "conceptUri")
        label = _required_value(path, row_number, row, "preferredLabel")
        isco_code = _required_value(path, row_number, row, "iscoGroup")
        if not _ISCO_UNIT_CODE.fullmatch(isco_code):
            raise _field_error(path, row_number, "iscoGroup", isco_code, "isco_unit")
        code = (row.get("code") or "").strip()
        if code and not _ESCO_OCCUPATION_CODE.fullmatch(code):
            raise _field_error(path, row_number, "code", code, "esco_code")
        _check_unique(path, row_number, "conceptUri", uri, seen)
        concepts.append(_row_concept(row, uri, label, OCCUPATION, isco_code, code))
    return concepts


def _row_concept(
    row: Mapping[str, str],
    uri: str,
    label: str,
    kind: str,
    isco_code: str,
    code: str = "",
    *,
    label_columns: tuple[str, str] = ("altLabels", "hiddenLabels"),
    separator: str = "\n",
) -> Concept:
    """A concept from one validated row; ESCO separates labels by newlines, our CSV by '|'."""
    alt_column, hidden_column = label_columns
    return Concept(
        uri=uri,
        preferred_label=label,
        kind=kind,
        isco_code=isco_code,
        alt_labels=_split_labels(row.get(alt_column), separator, exclude=label),
        hidden_labels=_split_labels(row.get(hidden_column), separator, exclude=label),
        code=code,
        description=(row.get("description") or "").strip(),
    )


def read_esco_isco_groups(path: str | Path) -> list[Concept]:
    """Read the ESCO ``ISCOGroups_<lang>.csv`` export (all four ISCO-08 levels)."""
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("conceptUri", "code", "preferredLabel")):
        uri = _required_value(path, row_number, row, "conceptUri")
        label = _required_value(path, row_number, row, "preferredLabel")
        code = _required_value(path, row_number, row, "code")
        if not _ISCO_ANY_LEVEL_CODE.fullmatch(code):
            raise _field_error(path, row_number, "code", code, "isco_code")
        _check_unique(path, row_number, "conceptUri", uri, seen)
        concepts.append(_row_concept(row, uri, label, ISCO_GROUP, code, code))
    return concepts


def read_srmatch_vocabulary(path: str | Path) -> list[Concept]:
    """Read the team's own occupation CSV (``id,preferred_label,alt_labels,...``)."""
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("id", "preferred_label", "isco_code")):
        uri = _required_value(path, row_number, row, "id")
        label = _required_value(path, row_number, row, "preferred_label")
        isco_code = _required_value(path, row_number, row, "isco_code")
        if not _ISCO_UNIT_CODE.fullmatch(isco_code):
            raise _field_error(path, row_number, "isco_code", isco_code, "isco_unit")
        _check_unique(path, row_number, "id", uri, seen)
        concepts.append(
            _row_concept(
                row, uri, label, OCCUPATION, isco_code, label_columns=("alt_labels", "hidden_labels"), separator="|"
            )
        )
    return concepts


def read_srmatch_isco_groups(path: str | Path) -> list[Concept]:
    """Read the shipped Dutch ISCO-08 group titles (``code,label``)."""
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("code", "label")):
        code = _required_value(path, row_number, row, "code")
        label = _required_value(path, row_number, row, "label")
        if not _ISCO_ANY_LEVEL_CODE.fullmatch(code):
            raise _field_error(path, row_number, "code", code, "isco_code")
        _check_unique(path, row_number, "code", code, seen)
        concepts.append(
            Concept(uri=f"srm:isco:{code}", preferred_label=label, kind=ISCO_GROUP, isco_code=code, code=code)
        )
    return concepts


def load_builtin_vocabulary() -> Vocabulary:
    """Load the vocabulary shipped in ``data/`` (ISCO group titles only when present)."""
    concepts = read_srmatch_vocabulary(data_path(BUILTIN_OCCUPATIONS_FILE))
    groups_path = data_path(BUILTIN_ISCO_GROUPS_FILE)
    if groups_path.is_file():
        concepts.extend(read_srmatch_isco_groups(groups_path))
    return Vocabulary(concepts=tuple(concepts), source="srmatch")


def read_title_synonyms(path: str | Path) -> list[tuple[str, str]]:
    """Read word pairs that mean the same in job titles (``term,synonyms[,note]``, ``|``-separated).

    The shipped list holds Belgian/Netherlands Dutch pairs ("kelner"/"ober") that a
    vocabulary rarely states itself; a municipality extends it like the vocabulary.
    """
    pairs: list[tuple[str, str]] = []
    for row_number, row in _read_rows(path, required=("term", "synonyms")):
        term = _required_value(path, row_number, row, "term")
        synonyms = _split_labels(row.get("synonyms"), "|", exclude=term)
        if not synonyms:
            raise _field_error(path, row_number, "synonyms", row.get("synonyms") or "", "no_synonym")
        pairs.extend((term, synonym) for synonym in synonyms)
    return pairs


def load_builtin_title_qualifiers() -> list[TitleQualifier]:
    """The title qualifiers shipped in ``data/`` (none when the file is absent)."""
    path = data_path(BUILTIN_QUALIFIERS_FILE)
    return read_title_qualifiers(path) if path.is_file() else []


def load_builtin_title_synonyms() -> list[tuple[str, str]]:
    """The synonym pairs shipped in ``data/`` (none when the file is absent)."""
    path = data_path(BUILTIN_SYNONYMS_FILE)
    return read_title_synonyms(path) if path.is_file() else []


def read_title_abbreviations(path: str | Path) -> dict[str, str]:
    """Read written abbreviations of job titles (``abbreviation,expansion[,note]``).

    Both sides are in the normaliser's alphabet (lower-case ASCII letters and digits): the
    abbreviation is one word ("mdw"), the expansion one or more words ("medewerker") or
    empty, which removes the word ("hbo": an education level says nothing about the job).
    """
    expansions: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("abbreviation", "expansion")):
        abbreviation = _normal_word(path, row_number, row, "abbreviation")
        expansion = " ".join((row.get("expansion") or "").split())
        if expansion and not _NORMAL_WORDS.fullmatch(expansion):
            raise _field_error(path, row_number, "expansion", expansion, "words_or_empty")
        _check_unique(path, row_number, "abbreviation", abbreviation, seen)
        expansions[abbreviation] = expansion
    return expansions


def read_title_noise_words(path: str | Path) -> frozenset[str]:
    """Read the words that say nothing about the occupation (``word[,note]``): "vacature", "fulltime"."""
    return _read_word_list(path)


def read_title_word_exceptions(path: str | Path) -> frozenset[str]:
    """Read the words the normaliser's female/inflection suffix rules leave alone
    (``word[,note]``): "meester" ends in -ster but is no female form."""
    return _read_word_list(path)


@dataclass(frozen=True, slots=True)
class TitleQualifier:
    """A qualifier of a job title and how to read it.

    ``level``: the school level of a teaching role ("2e graads", "hoger", "hbo"), read as
    ``expansion`` words ("voortgezet onderwijs") when the title's role is one of ``roles``;
    ``grade``: a parenthetical grade of any job ("Monteur (hoger)"), noted and left out
    (a level row for the title's teaching role wins over a grade row);
    ``exclusion``: a parenthetical that says what the job is *not* ("(excl. nachtdienst)"),
    left out of the title.
    """

    phrase: str
    kind: str
    expansion: str
    roles: tuple[str, ...]


def read_title_qualifiers(path: str | Path) -> list[TitleQualifier]:
    """Read title qualifiers (``qualifier,kind,expansion,roles[,note]``; ``roles`` ``|``-separated)."""
    qualifiers: list[TitleQualifier] = []
    seen: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("qualifier", "kind", "expansion", "roles")):
        # One row per phrase and kind: "hoger" is a school level for teachers, a grade otherwise.
        phrase = " ".join(_required_value(path, row_number, row, "qualifier").split())
        if not _NORMAL_WORDS.fullmatch(phrase):
            raise _field_error(path, row_number, "qualifier", phrase, "words")
        kind = _required_value(path, row_number, row, "kind")
        if kind not in QUALIFIER_KINDS:
            raise _field_error(path, row_number, "kind", kind, "kind", kinds=", ".join(QUALIFIER_KINDS))
        expansion = " ".join((row.get("expansion") or "").split())
        if expansion and not _NORMAL_WORDS.fullmatch(expansion):
            raise _field_error(path, row_number, "expansion", expansion, "words_or_empty")
        if kind == "level" and not expansion:
            raise _field_error(path, row_number, "expansion", expansion, "level_expansion")
        roles = _split_labels(row.get("roles"), "|", exclude="")
        for role in roles:
            if not _NORMAL_WORD.fullmatch(role):
                raise _field_error(path, row_number, "roles", role, "role")
        _check_unique(path, row_number, "qualifier", f"{phrase} ({kind})", seen)
        qualifiers.append(TitleQualifier(phrase=phrase, kind=kind, expansion=expansion, roles=roles))
    return qualifiers


def _read_word_list(path: str | Path) -> frozenset[str]:
    words: dict[str, int] = {}
    for row_number, row in _read_rows(path, required=("word",)):
        word = _normal_word(path, row_number, row, "word")
        _check_unique(path, row_number, "word", word, words)
    return frozenset(words)


def _normal_word(path: str | Path, row_number: int, row: Mapping[str, str], field: str) -> str:
    word = _required_value(path, row_number, row, field)
    if not _NORMAL_WORD.fullmatch(word):
        raise _field_error(path, row_number, field, word, "word")
    return word


def _read_rows(path: str | Path, required: Iterable[str]) -> list[tuple[int, Mapping[str, str]]]:
    """Decode and parse the whole file first, so a bad file never yields partial data.

    Row numbers count records as a spreadsheet shows them: the header is row 1, the first
    data row is row 2 (quoted multi-line ESCO fields make file line numbers useless).
    """
    name = Path(path).name
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise VocabularyFormatError("vocabulary.error.file.unreadable", file=name,
                                    reason=error.strerror or error) from error
    if not raw.strip():
        raise VocabularyFormatError("vocabulary.error.file.empty", file=name, columns=", ".join(required))
    if b"\x00" in raw:
        raise VocabularyFormatError("vocabulary.error.file.binary", file=name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise VocabularyFormatError("vocabulary.error.file.not_utf8", file=name, byte=f"{raw[error.start]:#04x}",
                                    offset=error.start) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [column for column in required if column not in header]
        if missing:
            listed = ", ".join(repr(c) for c in missing)
            if not header:
                raise VocabularyFormatError("vocabulary.error.file.missing_columns_no_header", file=name, missing=listed)
            raise VocabularyFormatError("vocabulary.error.file.missing_columns", file=name, missing=listed,
                                        found=", ".join(repr(c) for c in header))
        rows: list[tuple[int, Mapping[str, str]]] = []
        for index, row in enumerate(reader, start=2):
            if None in row:
                raise VocabularyFormatError("vocabulary.error.file.field_count", file=name, row=index,
                                            fields=len(header) + len(row[None]), columns=len(header))
            if not any((value or "").strip() for value in row.values()):
                continue
            rows.append((index, row))
    except csv.Error as error:
        raise VocabularyFormatError("vocabulary.error.file.malformed", file=name, row=reader.line_num,
                                    reason=error) from error
    if not rows:
        raise VocabularyFormatError("vocabulary.error.file.no_rows", file=name)
    return rows


def _required_value(path: str | Path, row_number: int, row: Mapping[str, str], field: str) -> str:
    value = (row.get(field) or "").strip()
    if not value:
        raise _field_error(path, row_number, field, row.get(field) or "", "empty")
    return value


def _field_error(
    path: str | Path, row_number: int, field: str, value: str, problem: str, **values: Any
) -> VocabularyFormatError:
    """``value`` of ``field`` in row ``row_number`` is wrong: ``problem`` names the message."""
    return VocabularyFormatError(f"vocabulary.error.field.{problem}", file=Path(path).name, row=row_number,
                                 field=field, value=value, **values)


def _check_unique(path: str | Path, row_number: int, field: str, value: str, seen: dict[str, int]) -> None:
    if value in seen:
        raise _field_error(path, row_number, field, value, "duplicate", first=seen[value])
    seen[value] = row_number


def _split_labels(field: str | None, separator: str, exclude: str) -> tuple[str, ...]:
    """Split a multi-label field, dropping blanks, duplicates and the preferred label."""
    labels: list[str] = []
    seen = {exclude.casefold()}
    for part in (field or "").split(separator):
        label = part.strip()
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            labels.append(label)
    return tuple(labels)
