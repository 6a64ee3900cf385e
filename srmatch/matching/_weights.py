"""The title matcher's tunable numbers in one frozen dataclass.

The fusion weights are exactly the output of ``benchmarks/fit_title_weights.py`` as recorded
in ``benchmarks/title_weights_fit.json`` (start vector, protocol, commit, every seed's fit):
coordinate ascent on held-out ESCO alternative labels, each of which must find its own
concept, averaged over four random hold-outs and rounded. ``python
benchmarks/fit_title_weights.py --check`` refits and compares; a test checks that these
defaults equal the record. The five exact-match weights, which that task cannot fit, keep
their earlier values fitted on the development set (see docs/title-matching.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TitleWeights"]


@dataclass(frozen=True, slots=True)
class TitleWeights:
    """Fusion weights and switches of :class:`srmatch.matching.titles.TitleMatcher`."""

    # Per surface form.
    exact: float = 0.54
    generic_exact: float = 0.56
    compact_exact: float = 0.23
    char_cosine: float = 1.4
    part_dice: float = 0.17
    part_coverage: float = 0.075
    head_match: float = 0.049
    preferred_label: float = 0.022
    # Per concept, over its surface forms.
    best_form: float = 0.11
    exact_preferred: float = 0.1
    compact_any: float = 0.11
    char_best: float = 0.93
    char_preferred: float = 0.039
    dice_best: float = 0.21
    dice_preferred: float = 0.09
    head_best: float = 0.0038
    head_preferred: float = 0.026
    mean_form: float = 0.19
    unit_group_best: float = 0.49
    # Mean best-form score of the three best concepts of the unit group (family support).
    unit_group_support: float = 0.12
    matching_forms: float = 0.086
    broad_concept: float = 0.089
    occupation_prior: float = 0.62
    form_count: float = 0.05
    # Per concept: BM25 of the title's word parts against labels + description.
    description: float = 0.99
    # Learned substitutes.
    substitution_scale: float = 0.8
    substitution_min_count: float = 2
    substitution_prior: float = 3.0
    max_substitutes: int = 8
    # Stated synonyms (data/title_synonyms_nl.csv), e.g. Belgian/Netherlands Dutch pairs.
    synonym_similarity: float = 0.75
    # Title structure (see _alternatives.py).
    # Double titles: 0 disables them. 0.5 (mean of whole and best alternative) gave held-out
    # s@1 -0.004, s@5 +0.000 on the development set, so it is off by default.
    alternative_blend: float = 0.0
    derived_part: float = 0.5
    group_demotion: float = 0.8
    # National occupation-list forms (issue 13; measured in docs/title-matching.md §8).
    # Read parenthetical qualifiers and school levels (0: the parenthetical is part of the title).
    read_qualifiers: float = 1.0
    # Word parts of a qualifier ("(zelfstandig werkend)", a school level) count this much.
    qualifier_part: float = 0.5
    # A setting in parentheses ("Kok (zelfstandig werkend)"): the title without it is scored
    # too and blended with the whole by this share; 0 reads the setting as part of the title.
    # 0.2: on the held-out ESCO proxy (3 seeds) "setting, broader" s@1 +0.14 to +0.19 and
    # "setting, unrelated" +0.04 to +0.07, "parenthetical" (gold names the setting) -0.05 to -0.07.
    setting_blend: float = 0.2
    # Slash alternatives ("Lasser / constructiebankwerker"): each scored, blended with the
    # whole. Off: on the held-out ESCO proxy blends of 0.3 and 0.5 cost success@5 (0.907 ->
    # 0.900 / 0.893) against reading the whole title, which already holds both alternatives.
    slash_blend: float = 0.0
    # Back-off: when no concept names the title's field under its role, the broader concept
    # (ESCO code parent, else the ISCO unit group) shared by the role's best matches gets
    # this share of their score; 0 disables it. 0.7: proxy "broader" s@5 0.467 -> 0.487,
    # development set unchanged (1.0 cost 0.018 s@1 on the teacher proxy).
    backoff: float = 0.7
