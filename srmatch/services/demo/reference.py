"""The demo's reference data, read from ``data/demo/`` (one reader for the whole folder).

Every name, title, text and mix the demo draws from lives in those files, so the team can
change the demo without touching Python. Invented data only: no real person or firm.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

from srmatch.matching.areas import area_of, city_pc4_areas
from srmatch.matching.requirements import load_certificates, load_work_demands
from srmatch.matching.resources import data_path
from srmatch.matching.target_groups import evidence_types
from srmatch.store.models import Role, TargetGroup

DEMO_DATA = "demo"


@dataclass(frozen=True)
class Occupation:
    """An occupation the demo's vacancies offer and its job seekers wish for."""

    key: str
    titles: tuple[str, ...]
    seeker_terms: tuple[str, ...]
    skills: tuple[str, ...]
    tasks: str
    certificates: tuple[tuple[str, float], ...] = ()
    demands: tuple[tuple[str, float], ...] = ()
    hours: tuple[tuple[int, int], ...] = ((16, 24), (24, 32), (32, 38))
    bbl_weight: int = 8
    licence: float = 0.0
    dutch_level: float = 0.0
    popularity: int = 1


class Area(NamedTuple):
    """A district of the city (its port part apart) or a municipality of the region."""

    name: str
    pc4s: tuple[int, ...]
    in_rotterdam: bool
    in_zuid: bool
    residential: bool


@dataclass(frozen=True)
class DemoReference:
    """Everything the demo builders draw from."""

    areas: tuple[Area, ...]
    users: tuple[tuple[str, str, Role], ...]
    anchors: tuple[tuple[str, str, str, tuple[tuple[str, int], ...]], ...]
    se_activities: tuple[tuple[str, str, tuple[str, ...]], ...]
    se_names: tuple[str, ...]
    contractor_stems: tuple[str, ...]
    sectors: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, int], ...]]]
    supply_titles: dict[str, tuple[str, ...]]
    overrides: tuple[tuple[str, float], ...]
    occupations: tuple[Occupation, ...]
    other_experience: tuple[str, ...]
    general_skills: tuple[str, ...]
    restriction_weights: tuple[tuple[str, int], ...]
    seeker_certificates: tuple[tuple[str, float], ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    mail_domains: tuple[str, ...]
    target_group_weights: tuple[tuple[TargetGroup, int], ...]
    evidence: dict[str, str]
    places: tuple[str, ...]
    needs_info_notes: tuple[str, ...]
    reject_notes: tuple[str, ...]
    end_reasons: tuple[str, ...]
    offers: tuple[str, ...]
    social_activities: tuple[str, ...]
    social_investments: tuple[str, ...]
    open_social_impact: tuple[str, ...]

    @cached_property
    def occupation_by_key(self) -> dict[str, Occupation]:
        return {occupation.key: occupation for occupation in self.occupations}

    @cached_property
    def popularity(self) -> tuple[tuple[str, int], ...]:
        return tuple((occupation.key, occupation.popularity) for occupation in self.occupations)


def _path(name: str) -> Path:
    return data_path(DEMO_DATA) / name


def _toml(name: str) -> dict[str, Any]:
    with _path(name).open("rb") as handle:
        return tomllib.load(handle)


def _csv(name: str) -> list[dict[str, str]]:
    with _path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


def _jobs(text: str) -> tuple[tuple[str, int], ...]:
    """``"keukenhulp:2|afwasser:1"`` → ``(("keukenhulp", 2), ("afwasser", 1))``."""
    pairs = []
    for part in text.split("|"):
        job, _, weight = part.rpartition(":")
        pairs.append((job, int(weight)))
    return tuple(pairs)


def _occupation(entry: dict[str, Any]) -> Occupation:
    return Occupation(
        key=str(entry["key"]),
        titles=_strings(entry["titles"]),
        seeker_terms=_strings(entry["seeker_terms"]),
        skills=_strings(entry["skills"]),
        tasks=str(entry["tasks"]),
        certificates=tuple((str(k), float(v)) for k, v in entry.get("certificates", {}).items()),
        demands=tuple((str(k), float(v)) for k, v in entry.get("demands", {}).items()),
        hours=tuple((int(low), int(high)) for low, high in entry["hours"]),
        bbl_weight=int(entry.get("bbl_weight", 8)),
        licence=float(entry.get("licence", 0.0)),
        dutch_level=float(entry.get("dutch_level", 0.0)),
        popularity=int(entry.get("popularity", 1)),
    )


def _areas() -> tuple[Area, ...]:
    """The city's districts (each port part apart) from the shared areas file, then the region."""
    port = {int(code) for code in _toml("places.toml")["port_pc4"]}
    groups: dict[tuple[str, bool], list[int]] = {}
    for code, area in city_pc4_areas().items():
        groups.setdefault((area.district, code in port), []).append(code)
    city = [
        Area(name, tuple(codes), True, area_of(codes[0]) == "zuid", not is_port)
        for (name, is_port), codes in groups.items()
    ]
    region: dict[str, list[int]] = {}
    for row in _csv("region_pc4.csv"):
        code = int(row["pc4"])
        if area_of(code) != "region":
            raise ValueError(f"data/demo/region_pc4.csv: {code} lies in the city, not in the region")
        region.setdefault(row["municipality"], []).append(code)
    return (*city, *(Area(name, tuple(codes), False, False, True) for name, codes in region.items()))


def _check_vocabulary(reference: DemoReference) -> DemoReference:
    """Every demand, restriction and certificate the demo uses is one the matching engine knows.

    The words themselves live in the engine's vocabularies (``data/work_demands.csv``,
    ``data/certificates.csv``); ``data/demo/`` only says how often each occurs, so the demo
    can never invent a word that the engine, the importer and the forms would not recognise.
    """
    demands, certificates = load_work_demands(), load_certificates()
    unknown = [f"people.toml restriction {word!r}" for word, _ in reference.restriction_weights
               if demands.demand_excluded_by(word) is None]
    unknown += [f"people.toml certificate {word!r}" for word, _ in reference.seeker_certificates
                if certificates.code_of(word) is None]
    for occupation in reference.occupations:
        unknown += [f"occupations.toml {occupation.key} demand {word!r}" for word, _ in occupation.demands
                    if demands.demand_of(word) is None]
        unknown += [f"occupations.toml {occupation.key} certificate {word!r}" for word, _ in occupation.certificates
                    if certificates.code_of(word) is None]
    if unknown:
        raise ValueError(
            "data/demo/: not in the matching vocabularies (data/work_demands.csv, data/certificates.csv): "
            + "; ".join(unknown)
        )
    return reference


@cache
def load_reference() -> DemoReference:
    """Read ``data/demo/`` once per process; its words are checked against the engine's vocabularies."""
    organisations = _toml("organisations.toml")
    people = _toml("people.toml")
    texts = _toml("texts.toml")
    sectors = organisations["sectors"]
    return _check_vocabulary(DemoReference(
        areas=_areas(),
        users=tuple((row["login"], row["display_name"], Role(row["role"])) for row in _csv("users.csv")),
        anchors=tuple((row["name"], row["code"], row["municipality"], _jobs(row["jobs"])) for row in _csv("anchors.csv")),
        se_activities=tuple(
            (str(entry["activity"]), str(entry["product"]), _strings(entry["jobs"]))
            for entry in organisations["social_enterprise_activity"]
        ),
        se_names=_strings(organisations["social_enterprise_names"]),
        contractor_stems=_strings(organisations["contractor_stems"]),
        sectors={
            name: (_strings(sector["names"]), _strings(sector["titles"]),
                   tuple((str(job), int(weight)) for job, weight in sector["jobs"].items()))
            for name, sector in sectors.items()
        },
        supply_titles={name: _strings(sector["supply_titles"]) for name, sector in sectors.items()},
        overrides=tuple((str(entry["reason"]), float(entry["factor"])) for entry in organisations["obligation_override"]),
        occupations=tuple(_occupation(entry) for entry in _toml("occupations.toml")["occupation"]),
        other_experience=_strings(people["other_experience"]),
        general_skills=_strings(people["general_skills"]),
        restriction_weights=tuple((str(k), int(v)) for k, v in people["restrictions"].items()),
        seeker_certificates=tuple((str(k), float(v)) for k, v in people["certificates"].items()),
        first_names=_strings(people["first_names"]),
        surnames=_strings(people["surnames"]),
        mail_domains=_strings(people["mail_domains"]),
        target_group_weights=tuple((TargetGroup(k), int(v)) for k, v in people["target_groups"].items()),
        evidence={group: types[0] for group, types in evidence_types().items()},
        places=_strings(texts["places"]),
        needs_info_notes=_strings(texts["needs_info_notes"]),
        reject_notes=_strings(texts["reject_notes"]),
        end_reasons=_strings(texts["end_reasons"]),
        offers=_strings(texts["offers"]),
        social_activities=_strings(texts["social_activities"]),
        social_investments=_strings(texts["social_investments"]),
        open_social_impact=_strings(texts["open_social_impact"]),
    ))
