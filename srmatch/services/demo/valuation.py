"""The demo's interim valuation of contributions (building blocks, "bouwblokken").

Template values from DOMAIN.md (Den Haag region, July 2023), for the demo only: the
social-return rule sets (``data/rules/``, issue 11) replace this module, and then the demo
values its contributions through the rule-set function like every other caller.
"""

from __future__ import annotations

from srmatch.store.models import TargetGroup

#: Euro per full-time (36 h) year and counting window in months (None: unlimited).
BLOCKS: dict[str, tuple[int, int | None]] = {
    TargetGroup.PARTICIPATIEWET: (40_000, 24),
    TargetGroup.WW: (20_000, 12),
    TargetGroup.WIA: (30_000, 24),
    TargetGroup.WAJONG: (50_000, None),
    TargetGroup.WSW: (50_000, None),
    TargetGroup.BANENAFSPRAAK: (50_000, None),
    TargetGroup.YOUTH_NO_START_QUALIFICATION: (10_000, 12),
    TargetGroup.VSO_PRO_PUPIL: (7_500, 24),
    TargetGroup.BBL_BOL_STUDENT: (5_000, 12),
    TargetGroup.NEWCOMER: (40_000, 24),
    TargetGroup.NO_BENEFIT: (5_000, 12),
}
BBL_BLOCK = (25_000, 24)
PERMANENT_BONUS_EUR = 10_000
HOURLY_ACTIVITY_EUR = 100
