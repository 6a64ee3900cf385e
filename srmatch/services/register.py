"""The algorithm-register text of srmatch's matching, generated from the live configuration.

The fields follow the government Algoritmeregister publication standard (DOMAIN.md): name,
short description, organisation, status, goal and impact, considerations, human
intervention, risk management, legal basis, impact assessments, data used, technical
working, source code. What the algorithm does is never written here by hand: the features
and weights come from ``data/matching.toml``, the hard filters, inputs and excluded attributes
from the engine itself (``srmatch.matching.describe_algorithm``), and the fairness figures
from the database (``srmatch.services.fairness``). Change a weight and the text changes.

The organisation, status, contact and source-code link are the municipality's to state:
``[algorithm_register]`` in ``config.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from srmatch import __version__
from srmatch.i18n import catalogue, current_language, t

#: The standard's fields, in the order the register shows them.
FIELDS = (
    "name",
    "short_description",
    "organisation",
    "status",
    "goal_and_impact",
    "considerations",
    "human_intervention",
    "risk_management",
    "legal_basis",
    "impact_assessments",
    "data_used",
    "technical_working",
    "source_code",
)


@dataclass(frozen=True)
class RegisterSettings:
    """What the municipality states about itself (``[algorithm_register]`` in config.toml)."""

    organisation: str | None = None
    status: str | None = None
    contact: str | None = None
    source_code: str | None = None


def load_register_settings() -> RegisterSettings:
    """The ``[algorithm_register]`` table of config.toml; missing keys fall back to the catalogue."""
    from srmatch.config import ConfigError, config_file, read_config_table

    table = read_config_table("algorithm_register")
    values: dict[str, str | None] = {}
    for key in ("organisation", "status", "contact", "source_code"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{config_file()}: algorithm_register.{key} must be text, not {value!r}")
        values[key] = value or None
    return RegisterSettings(**values)


@dataclass(frozen=True)
class AlgorithmRegister:
    """The register entry: the standard's fields as text, plus the figures they were made from."""

    language: str
    generated_on: dt.date
    fields: dict[str, str]
    configuration: dict[str, Any]
    fairness: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "standard": "Algoritmeregister publicatiestandaard",
            "language": self.language,
            "generated_on": self.generated_on.isoformat(),
            "srmatch_version": __version__,
            **self.fields,
            "configuration": self.configuration,
            "fairness": self.fairness,
        }

    def to_markdown(self) -> str:
        lines = [f"# {self.fields['name']}", ""]
        for key in FIELDS[1:]:
            lines += [f"## {t(f'register.title.{key}')}", "", self.fields[key], ""]
        lines += [f"*{t('register.generated', date=self.generated_on.isoformat(), version=__version__)}*", ""]
        return "\n".join(lines)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _word(prefix: str, name: str) -> str:
    """A name in the current language from the catalogue, else the name itself."""
    key = f"{prefix}.{name}"
    texts = catalogue(current_language())
    return texts.get(key) or catalogue("en").get(key) or name.replace("_", " ")


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _number(value: float) -> str:
    return f"{value:g}"


def algorithm_register(engine: Engine | None = None, *, today: dt.date | None = None) -> AlgorithmRegister:
    """The register entry in the current language; with a database, with its fairness figures."""
    from srmatch.matching import describe_algorithm

    description = describe_algorithm()
    settings = load_register_settings()
    weights = {name: float(description.weights[name]) for name in description.features}
    weight_lines = [
        t("register.weight", feature=_word("register.component", name), weight=_number(weight))
        for name, weight in weights.items()
    ]
    filter_lines = [_word("matching.filter", name) for name in description.hard_filters]
    excluded_lines = [_word("register.excluded", _slug(name)) for name in description.excluded_attributes]
    seeker_inputs = [_word("register.input", name) for name in description.seeker_inputs]
    vacancy_inputs = [_word("register.input", name) for name in description.vacancy_inputs]
    doors = [_word("matching.filter", name) for name in description.door_openers_for_seekers]
    fairness = _fairness(engine)
    fields = {
        "name": t("register.text.name"),
        "short_description": t("register.text.short_description"),
        "organisation": settings.organisation or t("register.text.organisation"),
        "status": settings.status or t("register.text.status"),
        "goal_and_impact": t("register.text.goal_and_impact"),
        "considerations": t("register.text.considerations"),
        "human_intervention": t("register.text.human_intervention"),
        "risk_management": t(
            "register.text.risk_management", excluded=_bullets(excluded_lines), fairness=fairness["text"]
        ),
        "legal_basis": t("register.text.legal_basis"),
        "impact_assessments": t("register.text.impact_assessments"),
        "data_used": t(
            "register.text.data_used", seeker_inputs=", ".join(seeker_inputs), vacancy_inputs=", ".join(vacancy_inputs)
        ),
        "technical_working": t(
            "register.text.technical_working",
            filters=_bullets(filter_lines),
            weights=_bullets(weight_lines),
            doors=", ".join(doors),
            settings_file=description.settings_file,
        ),
        "source_code": settings.source_code or t("register.text.source_code", version=__version__),
    }
    if settings.contact:
        fields["organisation"] += f" ({t('register.contact')}: {settings.contact})"
    return AlgorithmRegister(
        language=current_language(),
        generated_on=today or dt.date.today(),
        fields=fields,
        configuration={
            "settings_file": description.settings_file,
            "weights": weights,
            "hard_filters": list(description.hard_filters),
            "seeker_inputs": list(description.seeker_inputs),
            "vacancy_inputs": list(description.vacancy_inputs),
            "excluded_attributes": list(description.excluded_attributes),
            "human_oversight": description.human_oversight,
        },
        fairness=fairness["figures"],
    )


def _fairness(engine: Engine | None) -> dict[str, Any]:
    """The latest fairness figures (aggregates, small cells suppressed) as text and as data."""
    if engine is None:
        return {"text": t("register.fairness.none"), "figures": {}}
    from srmatch.services.fairness import fairness_report

    report = fairness_report(engine)
    figures = report.to_json()
    placed = report.total.counts["placed"]
    if placed == 0:
        return {"text": t("register.fairness.no_placements"), "figures": figures}
    areas = [
        t("register.fairness.row", group=_word("fairness.area", row.group), share=report.share_of_placed(row) or "—",
          placed=row.cells()["placed"])
        for row in report.by_area
    ]
    groups = [
        t("register.fairness.row", group=_word("fairness.target_group", row.group),
          share=report.share_of_placed(row) or "—", placed=row.cells()["placed"])
        for row in report.by_target_group
        if row.counts["active"] or row.counts["proposed"]
    ]
    text = t(
        "register.fairness.text",
        placed=placed,
        areas=_bullets(areas),
        groups=_bullets(groups),
        small=figures.get("small_cells_below", 5),
    )
    return {"text": text, "figures": figures}
