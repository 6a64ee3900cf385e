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

__all__ = ["LABEL_KIND_TEXT", "label_reason"]

LABEL_KIND_TEXT = {"preferred": "preferred label", "alternative": "alternative label", "hidden": "hidden label"}


def label_reason(analysis: Analysis, label: str, kind: str, features: Mapping[str, np.ndarray], form: int) -> str:
    """What the title has in common with surface form ``form`` (``label`` of ``kind``)."""
    kind_text = LABEL_KIND_TEXT[kind]
    if features["exact"][form]:
        return f"exact match on {kind_text} '{label}'"
    if features["compact_exact"][form]:
        return f"same words as {kind_text} '{label}', written together or apart"
    if features["generic_exact"][form]:
        return f"general form of {kind_text} '{label}'"
    if features["head_match"][form] and analysis.head:
        if analysis.head != analysis.head_token:
            return f"head noun '{analysis.head}' of compound '{analysis.head_token}' matches {kind_text} '{label}'"
        return f"head noun '{analysis.head}' matches {kind_text} '{label}'"
    if features["part_dice"][form] > 0:
        return f"shares word parts with {kind_text} '{label}'"
    return f"similar spelling to {kind_text} '{label}'"


def is_label_match(features: Mapping[str, np.ndarray], form: int) -> bool:
    """Whether the label evidence is complete (exact, written apart, general form)."""
    return bool(features["exact"][form] or features["compact_exact"][form] or features["generic_exact"][form])


def with_description(reason: str, described: list[str]) -> str:
    """The reason plus the title words the concept's description mentions."""
    if not described:
        return reason
    return f"{reason}; description mentions {', '.join(repr(word) for word in described)}"
