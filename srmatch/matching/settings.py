"""The matching settings of ``data/matching.toml``: weights, thresholds, steps.

One loader, used by the engine, the CLI (which shows the weights) and the algorithm-register
text. A malformed file is refused as a whole with a message naming file, key and value,
because a half-read weight table would silently change every ranking.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from srmatch.matching.problems import DataFileError
from srmatch.matching.resources import data_path

__all__ = ["COMPONENTS", "MatchingSettings", "MatchingSettingsError", "load_matching_settings"]

SETTINGS_FILE = "matching.toml"

#: The soft-score components, in the order they are shown.
COMPONENTS = ("occupation", "skills", "distance", "hours", "sustainability")


class MatchingSettingsError(DataFileError):
    """``matching.toml`` cannot be used as it is."""

    english: ClassVar[dict[str, str]] = {
        "matching.error.settings.no_section": "{source}: section [{section}] is missing",
        "matching.error.settings.not_number": "{source}: [{section}] {key} must be a number, not {value!r}",
        "matching.error.settings.out_of_range": "{source}: [{section}] {key} = {value!r} is outside {low:g}-{high:g}",
        "matching.error.settings.toml": "{source}: not valid TOML ({reason})",
        "matching.error.settings.unknown_weight": "{source}: [weights] {name} is not a score component ({components})",
        "matching.error.settings.weights_sum": "{source}: the [weights] add up to {total:g}, not 100",
        "matching.error.settings.steps": "{source}: [distance] would_open_steps_km must be a list of positive numbers",
        "matching.error.settings.municipality": "{source}: [geo] default_municipality must be a CBS code in quotes, "
        "like \"0599\"",
        "matching.error.settings.not_found": "{path}: matching settings file not found",
    }


@dataclass(frozen=True, slots=True)
class MatchingSettings:
    """Everything in ``matching.toml``, checked."""

    weights: Mapping[str, float]
    occupation_exact: float
    occupation_same_unit_group: float
    occupation_same_minor_group: float
    occupation_title_similarity: float
    occupation_title_threshold: float
    occupation_experience_factor: float
    auto_code_threshold: float
    skills_similarity_threshold: float
    skills_none_listed: float
    sustainability: Mapping[str, float]
    long_contract_months: int
    not_independent_max_km: float
    travel_steps_km: tuple[float, ...]
    hours_step: int
    default_municipality: str
    implausible_km: float
    moved_km: float
    source: str


def _number(data: Mapping[str, Any], section: str, key: str, source: str, *, low: float = 0.0,
            high: float = math.inf) -> float:
    table = data.get(section)
    if not isinstance(table, dict):
        raise MatchingSettingsError("matching.error.settings.no_section", source=source, section=section)
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MatchingSettingsError("matching.error.settings.not_number", source=source, section=section, key=key,
                                    value=value)
    number = float(value)
    if not (low <= number <= high) or math.isnan(number):
        raise MatchingSettingsError("matching.error.settings.out_of_range", source=source, section=section, key=key,
                                    value=value, low=low, high=high)
    return number


def parse_matching_settings(text: str, source: str = SETTINGS_FILE) -> MatchingSettings:
    """Check and read the TOML text of a matching settings file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MatchingSettingsError("matching.error.settings.toml", source=source, reason=str(error)) from None
    weights = {name: _number(data, "weights", name, source, high=100) for name in COMPONENTS}
    unknown = sorted(set(data.get("weights", {})) - set(COMPONENTS))
    if unknown:
        raise MatchingSettingsError("matching.error.settings.unknown_weight", source=source, name=unknown[0],
                                    components=", ".join(COMPONENTS))
    if abs(sum(weights.values()) - 100) > 1e-9:
        raise MatchingSettingsError("matching.error.settings.weights_sum", source=source, total=sum(weights.values()))
    sustainability = {
        key: _number(data, "sustainability", key, source, high=1)
        for key in ("permanent", "fixed_term_long", "fixed_term_short", "bbl", "internship", "work_experience")
    }
    steps = data.get("distance", {}).get("would_open_steps_km")
    if not isinstance(steps, list) or not steps or not all(
        isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0 for step in steps
    ):
        raise MatchingSettingsError("matching.error.settings.steps", source=source)
    municipality = data.get("geo", {}).get("default_municipality")
    if not isinstance(municipality, str) or not municipality.isdigit():
        raise MatchingSettingsError("matching.error.settings.municipality", source=source)
    return MatchingSettings(
        weights=weights,
        occupation_exact=_number(data, "occupation", "exact", source, high=1),
        occupation_same_unit_group=_number(data, "occupation", "same_unit_group", source, high=1),
        occupation_same_minor_group=_number(data, "occupation", "same_minor_group", source, high=1),
        occupation_title_similarity=_number(data, "occupation", "title_similarity", source, high=1),
        occupation_title_threshold=_number(data, "occupation", "title_threshold", source, high=1),
        occupation_experience_factor=_number(data, "occupation", "experience_factor", source, high=1),
        auto_code_threshold=_number(data, "occupation", "auto_code_threshold", source, high=100),
        skills_similarity_threshold=_number(data, "skills", "similarity_threshold", source, high=1),
        skills_none_listed=_number(data, "skills", "no_skills_listed", source, high=1),
        sustainability=sustainability,
        long_contract_months=int(_number(data, "sustainability", "long_contract_months", source, high=1200)),
        not_independent_max_km=_number(data, "distance", "not_independent_max_km", source, high=1000),
        travel_steps_km=tuple(sorted(float(step) for step in steps)),
        hours_step=int(_number(data, "hours", "would_open_step", source, low=1, high=60)),
        default_municipality=municipality,
        implausible_km=_number(data, "geo", "implausible_km", source, low=1, high=1000),
        moved_km=_number(data, "geo", "moved_km", source, low=0.1, high=1000),
        source=source,
    )


def read_matching_settings(path: Path) -> MatchingSettings:
    """Read a matching settings file from ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MatchingSettingsError("matching.error.settings.not_found", path=str(path)) from None
    return parse_matching_settings(text, str(path.name))


@cache
def load_matching_settings() -> MatchingSettings:
    """The shipped ``data/matching.toml`` (read once per process)."""
    return read_matching_settings(data_path(SETTINGS_FILE))
