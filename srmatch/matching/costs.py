"""What a gap in a profile costs: how many more vacancies would pass every hard filter if it
were filled. Pure counting with the engine's own filters (no second copy of a rule): the
profile and its filled-in variants are ranked against the same encoded vacancies, and the
difference in eligible vacancies is the cost of the gap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from srmatch.matching.engine import MatchingEngine
from srmatch.matching.profiles import SeekerProfile

__all__ = ["eligible_count", "vacancies_opened"]


def eligible_count(matcher: MatchingEngine, profile: SeekerProfile) -> int:
    """How many of the matcher's vacancies pass every hard filter for ``profile``."""
    paired = matcher.with_seekers([profile]) or MatchingEngine(
        [profile], matcher.vacancies, catalogue=matcher.catalogue, postcodes=matcher.postcodes, today=matcher.today,
        settings=matcher.settings, licences=matcher.licences, certificates=matcher.certificates,
        demands=matcher.demands)
    return len(paired.eligible_vacancy_keys(profile.key))


def vacancies_opened(matcher: MatchingEngine, profile: SeekerProfile,
                     variants: Mapping[str, SeekerProfile]) -> dict[str, int]:
    """Per variant (a gap filled in): how many more of the matcher's vacancies pass every hard
    filter than for ``profile`` as it is (never below 0)."""
    now = eligible_count(matcher, profile)
    return {name: max(0, eligible_count(matcher, dataclasses.replace(variant, key=profile.key)) - now)
            for name, variant in variants.items()}
