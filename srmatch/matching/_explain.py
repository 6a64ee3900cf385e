"""The one-line reason a caseworker reads beside each suggestion.

The reason comes from the best surface form's strongest feature ("exact match on
alternative label 'heftruckbestuurder'", "head noun 'kapper' of compound 'afrokapper'
matches …"); when that evidence is only partial, the words of the title that the concept's
description mentions are appended.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from srmatch.matching._analysis import Analysis
from srmatch.matching._why import LABEL_KIND_TEXT, TECHNICAL, WhyPart, part, technical

__all__ = ["LABEL_KIND_TEXT", "TECHNICAL", "WhyPart", "described_part", "label_part", "label_reason", "technical"]

def label_part(analysis: Analysis, label: str, kind: str, features: Mapping[str, np.ndarray], form: int) -> WhyPart:
    """What the title has in common with surface form ``form`` (``label`` of ``kind``)."""
    if features["exact"][form]:
        return part("exact", kind=kind, label=label)
    if features["compact_exact"][form]:
        return part("written_apart", kind=kind, label=label)
    if features["generic_exact"][form]:
        return part("general_form", kind=kind, label=label)
    if features["head_match"][form] and analysis.head:
        if analysis.head != analysis.head_token:
            return part("head_of_compound", head=analysis.head, compound=analysis.head_token, kind=kind, label=label)
        return part("head", head=analysis.head, kind=kind, label=label)
    if features["part_dice"][form] > 0:
        return part("word_parts", kind=kind, label=label)
    return part("spelling", kind=kind, label=label)


def label_reason(analysis: Analysis, label: str, kind: str, features: Mapping[str, np.ndarray], form: int) -> str:
    """:func:`label_part` in the matcher's own wording."""
    return technical(label_part(analysis, label, kind, features, form))


def is_label_match(features: Mapping[str, np.ndarray], form: int) -> bool:
    """Whether the label evidence is complete (exact, written apart, general form)."""
    return bool(features["exact"][form] or features["compact_exact"][form] or features["generic_exact"][form])


def described_part(described: list[str]) -> WhyPart:
    """The title words the concept's description mentions (one per line in ``words``)."""
    return part("described", words="\n".join(described))
