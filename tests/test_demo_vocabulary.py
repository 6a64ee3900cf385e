"""The demo draws its demands, restrictions and certificates from the engine's vocabularies."""

from __future__ import annotations

from srmatch.matching.requirements import load_certificates, load_work_demands
from srmatch.services.demo.reference import load_reference


def test_every_demo_word_is_known_to_the_matching_engine() -> None:
    reference = load_reference()
    demands, certificates = load_work_demands(), load_certificates()
    assert reference.restriction_weights, "the demo gives people work restrictions"
    for word, _ in reference.restriction_weights:
        assert demands.demand_excluded_by(word) is not None, word
    for word, _ in reference.seeker_certificates:
        assert certificates.code_of(word) is not None, word
    asked = [word for occupation in reference.occupations for word, _ in occupation.demands]
    assert asked, "the demo's vacancies state physical demands"
    assert all(demands.demand_of(word) is not None for word in asked)
    # A restriction the demo hands out excludes a demand its vacancies state: the filter has work to do.
    excluded = {demands.demand_excluded_by(word) for word, _ in reference.restriction_weights}
    assert excluded & {demands.demand_of(word) for word in asked}
