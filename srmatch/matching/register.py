"""What the matching algorithm uses and never uses, for the algorithm register.

One source for the register text (helper screens and ``srmatch privacy`` commands read it):
the features and their weights come from ``data/matching.toml``, the hard filters from the
engine, the allowed inputs from the profile dataclasses themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srmatch.matching.engine import ACTIONABLE_FOR_SEEKER, ACTIONABLE_FOR_VACANCY, FILTERS
from srmatch.matching.profiles import SEEKER_FIELDS, VACANCY_FIELDS
from srmatch.matching.settings import COMPONENTS, load_matching_settings

__all__ = ["AlgorithmDescription", "EXCLUDED_ATTRIBUTES", "describe_algorithm"]

#: Attributes that are never a feature (DESIGN.md §5.3); most cannot even reach the engine.
EXCLUDED_ATTRIBUTES: tuple[str, ...] = (
    "age", "birth date", "gender", "nationality", "ethnicity", "religion", "marital status",
    "health beyond job-relevant work restrictions", "language level beyond a level the vacancy states",
    "neighbourhood (a postcode only becomes a distance)", "benefit type", "target group (eligibility only, never a score)",
    "name", "contact details", "client number", "target-group evidence", "caseworker", "participation-ladder rung",
)


@dataclass(frozen=True)
class AlgorithmDescription:
    """Features and weights, hard filters, inputs, excluded attributes, oversight."""

    features: tuple[str, ...]
    weights: dict[str, float]
    hard_filters: tuple[str, ...]
    door_openers_for_seekers: tuple[str, ...]
    door_openers_for_vacancies: tuple[str, ...]
    seeker_inputs: tuple[str, ...]
    vacancy_inputs: tuple[str, ...]
    excluded_attributes: tuple[str, ...]
    settings_file: str
    human_oversight: str

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": dict(self.weights),
            "hard_filters": list(self.hard_filters),
            "door_openers_for_seekers": list(self.door_openers_for_seekers),
            "door_openers_for_vacancies": list(self.door_openers_for_vacancies),
            "seeker_inputs": list(self.seeker_inputs),
            "vacancy_inputs": list(self.vacancy_inputs),
            "excluded_attributes": list(self.excluded_attributes),
            "settings_file": self.settings_file,
            "human_oversight": self.human_oversight,
        }


def describe_algorithm() -> AlgorithmDescription:
    """The algorithm as it is configured in this installation."""
    settings = load_matching_settings()
    return AlgorithmDescription(
        features=COMPONENTS,
        weights=dict(settings.weights),
        hard_filters=FILTERS,
        door_openers_for_seekers=ACTIONABLE_FOR_SEEKER,
        door_openers_for_vacancies=ACTIONABLE_FOR_VACANCY,
        seeker_inputs=tuple(name for name in SEEKER_FIELDS if name != "key"),
        vacancy_inputs=tuple(name for name in VACANCY_FIELDS if name != "key"),
        excluded_attributes=EXCLUDED_ATTRIBUTES,
        settings_file=settings.source,
        human_oversight=(
            "The engine proposes and explains; a caseworker decides whom to propose (also people the engine did "
            "not surface, which the proposal records) and a team lead approves every placement."
        ),
    )
