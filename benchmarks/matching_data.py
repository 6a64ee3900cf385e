"""Synthetic city-scale profiles for the matching benchmarks (seeded, reproducible).

Every vacancy and every seeker has a *true* occupation (a concept of the shipped
vocabulary); the titles people and employers write are perturbed forms of that occupation's
labels: synonyms (other labels), typos, gender forms ("-ster"), diversity markers
("(m/v/x)"), abbreviations ("mdw"), noise words ("32 uur", a place name). Postcodes are
drawn mostly from the Rotterdam region, requirements and restrictions from the shipped
reference data, so every filter and component has work to do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from srmatch.matching.engine import OccupationCatalogue
from srmatch.matching.geo import load_pc4_table
from srmatch.matching.profiles import SeekerProfile, VacancyProfile
from srmatch.matching.requirements import load_certificates, load_work_demands
from srmatch.matching.vocabulary import OCCUPATION, Concept, load_builtin_vocabulary

GROUPS = ("participatiewet", "ww", "wia", "wajong", "wsw", "banenafspraak", "jongere_zonder_startkwalificatie",
          "vso_pro", "bbl_bol", "statushouder", "zonder_uitkering")
SKILLS = ("schoonmaken", "klantvriendelijk", "samenwerken", "nauwkeurig", "heftruck rijden", "orderpicken",
          "kassa", "koken", "snoeien", "maaien", "lassen", "administratie", "Excel", "telefoneren", "plannen",
          "tillen", "stressbestendig", "zelfstandig werken", "hygienisch werken", "veilig werken", "rijvaardig",
          "Engels", "computervaardig", "punctueel", "flexibel")
PLACES = ("Rotterdam", "Schiedam", "Vlaardingen", "Capelle", "Zuid", "Spijkenisse", "Barendrecht")
ABBREVIATIONS = (("medewerker", "mdw"), ("medewerker", "medew."), ("administratief", "adm."),
                 ("vrachtwagen", "vrachtw."), ("assistent", "ass."))
EMPLOYMENT = (("fixed_term", 45), ("permanent", 15), ("work_experience", 15), ("internship", 7), ("bbl", 8))


@dataclass(frozen=True)
class Synthetic:
    seekers: list[SeekerProfile]
    vacancies: list[VacancyProfile]
    seeker_truth: dict[int, str]
    vacancy_truth: dict[int, str]
    catalogue: OccupationCatalogue
    concepts: list[Concept]


def perturb(label: str, rng: random.Random) -> str:
    """One realistic way of writing a title."""
    text = label
    roll = rng.random()
    if roll < 0.25:
        for word, short in ABBREVIATIONS:
            if word in text:
                text = text.replace(word, short, 1)
                break
    elif roll < 0.45 and len(text) > 6:  # one typo: drop, double or swap a letter
        i = rng.randrange(1, len(text) - 1)
        kind = rng.randrange(3)
        text = text[:i] + text[i + 1:] if kind == 0 else text[:i] + text[i] + text[i:] if kind == 1 else (
            text[: i - 1] + text[i] + text[i - 1] + text[i + 1:])
    elif roll < 0.55 and text.endswith("er"):
        text += "ster" if not text.endswith("ster") else ""
    if rng.random() < 0.3:
        text = text[0].upper() + text[1:]
    if rng.random() < 0.2:
        text += " (m/v/x)"
    if rng.random() < 0.1:
        text += f" {rng.choice(('24 uur', '32 uur', rng.choice(PLACES)))}"
    return text


def _labels(concept: Concept) -> list[str]:
    return [label for _, label in concept.surface_forms()]


def generate(seekers: int, vacancies: int, seed: int = 7, coded_share: float = 0.85) -> Synthetic:
    """``seekers`` × ``vacancies`` profiles; codes are the true concept for ``coded_share``."""
    rng = random.Random(seed)
    vocabulary = load_builtin_vocabulary()
    concepts = [c for c in vocabulary.concepts if c.kind == OCCUPATION]
    catalogue = OccupationCatalogue({c.uri: (c.preferred_label, c.isco_code) for c in vocabulary.concepts})
    popular = concepts[:]
    rng.shuffle(popular)
    weights = [1.0 / (rank + 5) for rank in range(len(popular))]  # a few occupations are common
    region = [c.pc4 for c in load_pc4_table() if 2900 <= int(c.pc4) <= 3299]
    country = [c.pc4 for c in load_pc4_table()]
    certificates = [c.code for c in load_certificates().certificates]
    demands = [d.demand for d in load_work_demands().demands]
    restrictions = [d.restriction for d in load_work_demands().demands]

    vacancy_list: list[VacancyProfile] = []
    vacancy_truth: dict[int, str] = {}
    for key in range(1, vacancies + 1):
        concept = rng.choices(popular, weights=weights)[0]
        low = rng.choice((8, 12, 16, 20, 24, 32))
        kind = rng.choices([k for k, _ in EMPLOYMENT], weights=[w for _, w in EMPLOYMENT])[0]
        vacancy_list.append(VacancyProfile(
            key=key,
            title=perturb(rng.choice(_labels(concept)), rng),
            postcode=rng.choice(region) if rng.random() < 0.9 else rng.choice(country),
            occupation_code=concept.uri if rng.random() < coded_share else None,
            skills=tuple(rng.sample(SKILLS, rng.randint(0, 4))),
            hours_min=low, hours_max=min(40, low + rng.choice((0, 4, 8, 12, 16))),
            employment_type=kind, duration_months=rng.choice((None, 3, 6, 12, 24)) if kind == "fixed_term" else None,
            free_positions=rng.choice((1, 1, 2, 3)),
            driving_licence=rng.choice(("B", "B", "C", "CE", "BE")) if rng.random() < 0.15 else None,
            certificates=tuple(rng.sample(certificates, 1)) if rng.random() < 0.2 else (),
            dutch_level=rng.choice(("A2", "B1")) if rng.random() < 0.1 else None,
            physical_demands=tuple(rng.sample(demands, rng.randint(1, 2))) if rng.random() < 0.35 else (),
            eligible_target_groups=tuple(rng.sample(GROUPS, rng.randint(1, 3))) if rng.random() < 0.3 else (),
        ))
        vacancy_truth[key] = concept.uri

    seeker_list: list[SeekerProfile] = []
    seeker_truth: dict[int, str] = {}
    for key in range(1, seekers + 1):
        concept = rng.choices(popular, weights=weights)[0]
        desired = [perturb(rng.choice(_labels(concept)), rng)]
        codes = [concept.uri if rng.random() < coded_share else ""]
        if rng.random() < 0.4:
            other = rng.choice(popular)
            desired.append(perturb(rng.choice(_labels(other)), rng))
            codes.append(other.uri if rng.random() < coded_share else "")
        experience = [perturb(rng.choice(_labels(rng.choice(popular))), rng) for _ in range(rng.randint(0, 2))]
        low = rng.choice((8, 12, 16, 20, 24, 32))
        licences = ["B"] if rng.random() < 0.3 else []
        if licences and rng.random() < 0.1:
            licences.append("CE")
        seeker_list.append(SeekerProfile(
            key=key,
            postcode=rng.choice(region),
            target_group=rng.choice(GROUPS),
            desired_occupations=tuple(desired), desired_occupation_codes=tuple(codes),
            experience=tuple(experience), experience_codes=tuple("" for _ in experience),
            skills=tuple(rng.sample(SKILLS, rng.randint(0, 5))),
            certificates=tuple(rng.sample(certificates, 1)) if rng.random() < 0.25 else (),
            driving_licences=tuple(licences),
            hours_min=low, hours_max=min(40, low + rng.choice((0, 8, 16))),
            max_travel_km=float(rng.choice((5, 8, 10, 10, 15, 15, 20, 25, 30))),
            travels_independently=rng.random() < 0.85,
            work_restrictions=tuple(rng.sample(restrictions, 1)) if rng.random() < 0.25 else (),
            dutch_level=rng.choice((None, "A1", "A2", "B1", "B2")),
        ))
        seeker_truth[key] = concept.uri
    return Synthetic(seeker_list, vacancy_list, seeker_truth, vacancy_truth, catalogue, concepts)
