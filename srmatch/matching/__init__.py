"""Pure matching: plain dataclasses in, ranked and explained results out.

Nothing here imports the database, the UI or any other part of srmatch; it reads only
its own reference data (occupation vocabulary, postcode areas, requirements, weights)
from ``data/``. ``describe_algorithm()`` is the algorithm-register view of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srmatch.matching.register import AlgorithmDescription

__all__ = ["describe_algorithm"]


def describe_algorithm() -> AlgorithmDescription:
    """Features, weights, hard filters, inputs and excluded attributes (see ``register``)."""
    from srmatch.matching.register import describe_algorithm as describe

    return describe()
