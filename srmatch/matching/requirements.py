"""Job requirements as reference data: physical demands and the work restrictions that
exclude them, driving licences and what they imply, certificates with their synonyms and
what covers what.

Each list lives in one CSV in ``data/`` that the team edits (``work_demands.csv``,
``driving_licences.csv``, ``certificates.csv``) and is read by exactly one loader here; the
engine, the demo, the importers and the forms all use these loaders, so a rule exists once.
Readers are strict: a damaged file is refused with file, row, column and value.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import ClassVar

from srmatch.matching.problems import DataFileError
from srmatch.matching.resources import data_path

__all__ = [
    "CertificateTable",
    "LicenceTable",
    "ReferenceDataError",
    "WorkDemands",
    "fold_term",
    "load_certificates",
    "load_driving_licences",
    "load_work_demands",
    "read_certificates",
    "read_driving_licences",
    "read_work_demands",
]

WORK_DEMANDS_FILE = "work_demands.csv"
DRIVING_LICENCES_FILE = "driving_licences.csv"
CERTIFICATES_FILE = "certificates.csv"

_NON_WORD = re.compile(r"[^0-9a-z+]+")


class ReferenceDataError(DataFileError):
    """A reference-data file that cannot be used as it is."""

    english: ClassVar[dict[str, str]] = {
        "matching.error.reference.no_column": "{file}: column {column!r} is missing",
        "matching.error.reference.not_found": "{path}: reference data file not found",
        "matching.error.reference.not_utf8": "{file}: not UTF-8 text",
        "matching.error.reference.taken": "{file} row {row}, {column}: {term!r} already stands for {code!r}",
        "matching.error.reference.empty": "{file} row {row}, {column}: empty",
        "matching.error.reference.no_licence": "{file} row {row}, implies: {code!r} is not a licence in this file",
        "matching.error.reference.no_certificate": "{file} row {row}, covers: {code!r} is not a certificate in this file",
    }


def fold_term(text: str) -> str:
    """Lower case, no diacritics, words separated by one space: how terms are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", plain).strip()


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in columns if name not in (reader.fieldnames or ())]
            if missing:
                raise ReferenceDataError("matching.error.reference.no_column", file=path.name, column=missing[0])
            rows = [(number, {k: (v or "").strip() for k, v in row.items() if k}) for number, row in
                    enumerate(reader, start=2)]
    except FileNotFoundError:
        raise ReferenceDataError("matching.error.reference.not_found", path=str(path)) from None
    except UnicodeDecodeError:
        raise ReferenceDataError("matching.error.reference.not_utf8", file=path.name) from None
    return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _register(index: dict[str, str], term: str, code: str, path: Path, row: int, column: str) -> None:
    key = fold_term(term)
    if not key:
        return
    if index.get(key, code) != code:
        raise ReferenceDataError("matching.error.reference.taken", file=path.name, row=row, column=column, term=term,
                                 code=index[key])
    index[key] = code


# -- physical demands and work restrictions ---------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkDemand:
    """A physical or working-time demand of a job and the restriction that rules it out."""

    demand: str
    restriction: str
    demand_en: str
    restriction_en: str


@dataclass(frozen=True)
class WorkDemands:
    """All demands, and how the words caseworkers and employers use map onto them."""

    demands: tuple[WorkDemand, ...]
    _by_demand_term: Mapping[str, str] = field(repr=False)
    _by_restriction_term: Mapping[str, str] = field(repr=False)

    def demand_of(self, text: str) -> str | None:
        """The demand a vacancy's phrase names ("Zwaar tillen", "tillen"), or None."""
        return self._by_demand_term.get(fold_term(text))

    def demand_excluded_by(self, text: str) -> str | None:
        """The demand a seeker's restriction ("geen zwaar tillen") rules out, or None."""
        return self._by_restriction_term.get(fold_term(text))

    def get(self, demand: str) -> WorkDemand:
        """The demand with this (canonical) name."""
        for item in self.demands:
            if item.demand == demand:
                return item
        raise KeyError(demand)


def read_work_demands(path: Path) -> WorkDemands:
    """Read a demands/restrictions CSV (see ``data/README.md``)."""
    columns = ("demand", "restriction", "demand_en", "restriction_en", "demand_synonyms", "restriction_synonyms")
    demands: list[WorkDemand] = []
    by_demand: dict[str, str] = {}
    by_restriction: dict[str, str] = {}
    for number, row in _rows(path, columns):
        for column in ("demand", "restriction", "demand_en", "restriction_en"):
            if not row[column]:
                raise ReferenceDataError("matching.error.reference.empty", file=path.name, row=number, column=column)
        demand = row["demand"]
        demands.append(WorkDemand(demand, row["restriction"], row["demand_en"], row["restriction_en"]))
        for term in (demand, row["demand_en"], *_split(row["demand_synonyms"])):
            _register(by_demand, term, demand, path, number, "demand")
        for term in (row["restriction"], row["restriction_en"], *_split(row["restriction_synonyms"])):
            _register(by_restriction, term, demand, path, number, "restriction")
    return WorkDemands(tuple(demands), by_demand, by_restriction)


@cache
def load_work_demands() -> WorkDemands:
    """The shipped ``data/work_demands.csv``."""
    return read_work_demands(data_path(WORK_DEMANDS_FILE))


# -- driving licences ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DrivingLicence:
    code: str
    label_nl: str
    label_en: str
    implies: tuple[str, ...]


@dataclass(frozen=True)
class LicenceTable:
    """Driving-licence categories and what holding one implies (CE ⇒ C ⇒ C1 ⇒ B)."""

    licences: tuple[DrivingLicence, ...]
    _by_term: Mapping[str, str] = field(repr=False)
    _closure: Mapping[str, frozenset[str]] = field(repr=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(licence.code for licence in self.licences)

    def code_of(self, text: str) -> str | None:
        """The category a phrase names ("rijbewijs C", "C+E", "b"), or None."""
        return self._by_term.get(fold_term(text))

    def implied_by(self, held: Iterable[str]) -> frozenset[str]:
        """Every category covered by the licences held (unknown phrases are ignored)."""
        result: set[str] = set()
        for text in held:
            code = self.code_of(text)
            if code is not None:
                result |= self._closure[code]
        return frozenset(result)

    def label(self, code: str, language: str) -> str:
        for licence in self.licences:
            if licence.code == code:
                return licence.label_nl if language == "nl" else licence.label_en
        return code


def _closure(direct: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Each code with everything it implies or covers, directly or through a chain (CE ⇒ C ⇒ B)."""
    closure: dict[str, frozenset[str]] = {}
    for code in direct:
        seen = {code}
        todo = [code]
        while todo:
            for implied in direct[todo.pop()]:
                if implied not in seen:
                    seen.add(implied)
                    todo.append(implied)
        closure[code] = frozenset(seen)
    return closure


def read_driving_licences(path: Path) -> LicenceTable:
    """Read a driving-licence CSV; implications must name categories of the same file."""
    licences: list[DrivingLicence] = []
    by_term: dict[str, str] = {}
    for number, row in _rows(path, ("code", "label_nl", "label_en", "implies", "synonyms")):
        if not row["code"]:
            raise ReferenceDataError("matching.error.reference.empty", file=path.name, row=number, column="code")
        licences.append(DrivingLicence(row["code"], row["label_nl"] or row["code"], row["label_en"] or row["code"],
                                       _split(row["implies"])))
        for term in (row["code"], *_split(row["synonyms"])):
            _register(by_term, term, row["code"], path, number, "synonyms")
    known = {licence.code for licence in licences}
    for number, licence in enumerate(licences, start=2):
        for implied in licence.implies:
            if implied not in known:
                raise ReferenceDataError("matching.error.reference.no_licence", file=path.name, row=number, code=implied)
    return LicenceTable(tuple(licences), by_term, _closure({licence.code: licence.implies for licence in licences}))


@cache
def load_driving_licences() -> LicenceTable:
    """The shipped ``data/driving_licences.csv``."""
    return read_driving_licences(data_path(DRIVING_LICENCES_FILE))


# -- certificates --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Certificate:
    code: str
    label: str
    label_en: str
    covers: tuple[str, ...]


@dataclass(frozen=True)
class CertificateTable:
    """Certificates, their synonyms ("heftruckcertificaat" = "rijbewijs heftruck") and
    coverage (VOL-VCA covers B-VCA)."""

    certificates: tuple[Certificate, ...]
    _by_term: Mapping[str, str] = field(repr=False)
    _closure: Mapping[str, frozenset[str]] = field(repr=False)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(certificate.code for certificate in self.certificates)

    def code_of(self, text: str) -> str | None:
        """The certificate a phrase names, or None when the phrase is not in the list."""
        return self._by_term.get(fold_term(text))

    def requirement(self, text: str) -> str:
        """What a vacancy's phrase requires: a known certificate's code, else the phrase
        itself (folded), which only the same phrase on a profile satisfies."""
        return self.code_of(text) or fold_term(text)

    def held(self, texts: Iterable[str]) -> frozenset[str]:
        """Everything the certificates held satisfy, coverage included."""
        result: set[str] = set()
        for text in texts:
            code = self.code_of(text)
            if code is None:
                if fold_term(text):
                    result.add(fold_term(text))
            else:
                result |= self._closure[code]
        return frozenset(result)

    def label(self, code: str, language: str) -> str:
        for certificate in self.certificates:
            if certificate.code == code:
                return certificate.label if language == "nl" else certificate.label_en
        return code


def read_certificates(path: Path) -> CertificateTable:
    """Read a certificates CSV; ``covers`` must name certificates of the same file."""
    certificates: list[Certificate] = []
    by_term: dict[str, str] = {}
    for number, row in _rows(path, ("code", "label", "label_en", "synonyms", "covers")):
        if not row["code"]:
            raise ReferenceDataError("matching.error.reference.empty", file=path.name, row=number, column="code")
        certificates.append(Certificate(row["code"], row["label"] or row["code"], row["label_en"] or row["code"],
                                        _split(row["covers"])))
        for term in (row["code"], row["label"], *_split(row["synonyms"])):
            _register(by_term, term, row["code"], path, number, "synonyms")
    known = {certificate.code for certificate in certificates}
    for number, certificate in enumerate(certificates, start=2):
        for covered in certificate.covers:
            if covered not in known:
                raise ReferenceDataError("matching.error.reference.no_certificate", file=path.name, row=number,
                                         code=covered)
    return CertificateTable(
        tuple(certificates), by_term, _closure({certificate.code: certificate.covers for certificate in certificates})
    )


@cache
def load_certificates() -> CertificateTable:
    """The shipped ``data/certificates.csv``."""
    return read_certificates(data_path(CERTIFICATES_FILE))
