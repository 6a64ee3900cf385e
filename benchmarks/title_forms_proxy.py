"""A held-out proxy for the national occupation-list title forms (issue 13), built from ESCO itself.

The national set of 2,605 Dutch titles is not shared with the team, so its figures cannot
be measured here. This script shapes ESCO's own labels into those forms, removes them from
the vocabulary (so the matcher cannot find them verbatim) and asks the matcher to find
them back. It measures whether the machinery for each form works, not what it scores on
real national titles; the shapes are ours, and ESCO labels are cleaner than real titles.

* **parenthetical**: a two- or three-word label "H X [Y]" whose first word is a one-word
  title of the vocabulary becomes "H (X [Y])"; the label is held out, gold is its concept.
* **slash**: two alternative labels of one concept become "A / B"; both are held out.
* **teacher level**: "docent|leraar|leerkracht X <level words>" becomes "Docent X (hbo)" /
  "(mbo)" / "2e graads"; the label is held out, gold is its concept.
* **broader (back-off)**: an occupation with an ESCO code parent ("2310.1.20" under
  "2310.1") is removed entirely; its preferred label is the query, gold is the parent: the
  "narrowMatch" case where no concept names the title's field.

Three more forms, drawn afterwards from the concepts the four above left alone (so that each
is what the national titles have and the first four do not):

* **setting, broader**: an occupation with a two- or three-word label "H X [Y]" is removed
  entirely, where "H" is a label of exactly one other concept; "H (X [Y])" is the query and
  that concept the gold: the specific job is not in the vocabulary, the broader one is.
* **setting, unrelated**: a one-word label "H" of exactly one concept, with a setting taken
  from ESCO's own parenthesised labels that none of that concept's labels mentions ("Kok
  (weverij)"); nothing is held out: the setting must not lead away from the job.
* **slash, two jobs**: the preferred labels of two occupations of one ISCO unit group, "A /
  B"; the query is asked once with each as the gold (so success@1 is at most one half).

Every variant of the matcher is scored on the same held-out vocabulary in one run.

    python benchmarks/title_forms_proxy.py [--data-dir ../shared/data/external] [--per-form 150] [--seed 7]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections.abc import Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from srmatch.matching.titles import TitleMatcher, TitleWeights, normalise_title  # noqa: E402
from srmatch.matching.vocabulary import (  # noqa: E402
    ISCO_GROUP,
    Concept,
    Vocabulary,
    read_esco_isco_groups,
    read_esco_occupations,
)

TEACHING = ("docent", "leraar", "leerkracht")
LEVEL_FORMS = {"hoger onderwijs": "(hbo)", "beroepsonderwijs": "(mbo)", "voortgezet onderwijs": "2e graads",
               "secundair onderwijs": "2e graads"}

#: The variants compared: every rule off, then each rule on by itself, then all of them.
VARIANTS = {
    "all new rules off": TitleWeights(read_qualifiers=0.0, slash_blend=0.0, backoff=0.0, setting_blend=0.0),
    "+ qualifiers": TitleWeights(read_qualifiers=1.0, slash_blend=0.0, backoff=0.0, setting_blend=0.0),
    "+ qualifiers, settings 0.1": TitleWeights(read_qualifiers=1.0, slash_blend=0.0, backoff=0.0, setting_blend=0.1),
    "+ qualifiers, settings 0.2": TitleWeights(read_qualifiers=1.0, slash_blend=0.0, backoff=0.0, setting_blend=0.2),
    "+ qualifiers, settings 0.3": TitleWeights(read_qualifiers=1.0, slash_blend=0.0, backoff=0.0, setting_blend=0.3),
    "+ slash alternatives": TitleWeights(read_qualifiers=0.0, slash_blend=0.5, backoff=0.0, setting_blend=0.0),
    "+ slash alternatives 0.3": TitleWeights(read_qualifiers=0.0, slash_blend=0.3, backoff=0.0, setting_blend=0.0),
    "+ back-off 0.7": TitleWeights(read_qualifiers=0.0, slash_blend=0.0, backoff=0.7, setting_blend=0.0),
    "+ back-off 0.8": TitleWeights(read_qualifiers=0.0, slash_blend=0.0, backoff=0.8, setting_blend=0.0),
    "+ back-off 0.9": TitleWeights(read_qualifiers=0.0, slash_blend=0.0, backoff=0.9, setting_blend=0.0),
    "+ back-off 1.0": TitleWeights(read_qualifiers=0.0, slash_blend=0.0, backoff=1.0, setting_blend=0.0),
    "shipped": TitleWeights(),
}


def build(concepts: Sequence[Concept], per_form: int, seed: int) -> tuple[tuple[Concept, ...], dict[str, list[tuple[str, str]]]]:
    """The held-out vocabulary and, per form, (query, gold URI) pairs."""
    rng = random.Random(seed)
    one_word = {normalise_title(label) for c in concepts for _, label in c.surface_forms() if " " not in normalise_title(label)}
    by_code = {c.code: c for c in concepts if c.kind != ISCO_GROUP and c.code}
    used: set[int] = set()
    held: dict[int, set[str]] = {}
    removed: set[int] = set()
    forms: dict[str, list[tuple[str, str]]] = {"parenthetical": [], "slash": [], "teacher level": [], "broader (back-off)": []}
    order = list(range(len(concepts)))
    rng.shuffle(order)
    for index in order:
        concept = concepts[index]
        if concept.kind == ISCO_GROUP or index in used:
            continue
        labels = [concept.preferred_label, *concept.alt_labels]
        # teacher level
        head = normalise_title(concept.preferred_label).split()[:1]
        if head and head[0] in TEACHING and len(forms["teacher level"]) < per_form:
            for level, written in LEVEL_FORMS.items():
                label = concept.preferred_label
                if label.endswith(level) and len(label.split()) > len(level.split()) + 1:
                    stem = label[: -len(level)].strip()
                    query = f"{stem} {written}" if written.startswith("(") else f"{stem.split()[0]} {written} {' '.join(stem.split()[1:])}"
                    forms["teacher level"].append((query[0].upper() + query[1:], concept.uri))
                    held.setdefault(index, set()).add(label)
                    used.add(index)
                    break
            if index in used:
                continue
        # broader: remove the concept, gold its code parent
        parent = by_code.get(concept.code.rsplit(".", 1)[0]) if concept.code.count(".") >= 2 else None
        if parent is not None and len(forms["broader (back-off)"]) < per_form and len(normalise_title(concept.preferred_label).split()) >= 2:
            parent_index = concepts.index(parent)
            if parent_index not in removed and parent_index not in used:
                forms["broader (back-off)"].append((concept.preferred_label, parent.uri))
                removed.add(index)
                used.update({index, parent_index})
                continue
        # parenthetical
        if len(forms["parenthetical"]) < per_form:
            for label in labels:
                words = label.split()
                if 2 <= len(words) <= 3 and normalise_title(words[0]) in one_word and "(" not in label:
                    forms["parenthetical"].append((f"{words[0].capitalize()} ({' '.join(words[1:])})", concept.uri))
                    held.setdefault(index, set()).add(label)
                    used.add(index)
                    break
            if index in used:
                continue
        # slash
        alternatives = [a for a in concept.alt_labels if normalise_title(a) != normalise_title(concept.preferred_label)]
        if len(forms["slash"]) < per_form and len(alternatives) >= 2:
            first, second = alternatives[0], alternatives[1]
            if normalise_title(first) != normalise_title(second) and "/" not in first + second:
                forms["slash"].append((f"{first} / {second}", concept.uri))
                held.setdefault(index, set()).update({first, second})
                used.add(index)
    _national_forms(concepts, forms, per_form, random.Random(seed + 1), used, held, removed)
    kept = []
    for index, concept in enumerate(concepts):
        if index in removed:
            continue
        drop = held.get(index, set())
        if concept.preferred_label in drop:
            # The preferred label cannot be removed; promote the first remaining alternative.
            rest = [a for a in concept.alt_labels if a not in drop]
            if not rest:
                continue
            concept = dataclasses.replace(concept, preferred_label=rest[0], alt_labels=tuple(rest[1:]))
        else:
            concept = dataclasses.replace(concept, alt_labels=tuple(a for a in concept.alt_labels if a not in drop))
        kept.append(concept)
    return tuple(kept), forms


def _national_forms(
    concepts: Sequence[Concept],
    forms: dict[str, list[tuple[str, str]]],
    per_form: int,
    rng: random.Random,
    used: set[int],
    held: dict[int, set[str]],
    removed: set[int],
) -> None:
    """The forms "setting, broader", "setting, unrelated" and "slash, two jobs" (see the
    module docstring), from concepts the other forms left alone."""
    owners: dict[str, set[int]] = {}
    for index, concept in enumerate(concepts):
        for _, label in concept.surface_forms():
            owners.setdefault(normalise_title(label), set()).add(index)
    settings = sorted({label[label.index("(") + 1 : label.index(")")].strip()
                       for concept in concepts for label in concept.alt_labels
                       if "(" in label and ")" in label.split("(", 1)[1]} - {""})
    for name in ("setting, broader", "setting, unrelated", "slash, two jobs"):
        forms[name] = []
    order = [i for i in range(len(concepts)) if concepts[i].kind != ISCO_GROUP and i not in used]
    rng.shuffle(order)
    for index in order:
        if len(forms["setting, broader"]) >= per_form or index in used:
            continue
        for label in (concepts[index].preferred_label, *concepts[index].alt_labels):
            words = label.split()
            if not 2 <= len(words) <= 3 or "(" in label or "/" in label:
                continue
            others = owners.get(normalise_title(words[0]), set()) - {index}
            if len(others) != 1 or normalise_title(words[0]) == normalise_title(label):
                continue
            (broader,) = others
            if broader in used or broader in removed or concepts[broader].kind == ISCO_GROUP:
                continue
            forms["setting, broader"].append((f"{words[0].capitalize()} ({' '.join(words[1:])})", concepts[broader].uri))
            removed.add(index)
            used.update({index, broader})
            break
    for index in order:
        if len(forms["setting, unrelated"]) >= per_form or index in used:
            continue
        concept = concepts[index]
        one_word = [label for _, label in concept.surface_forms()
                    if " " not in normalise_title(label) and len(owners.get(normalise_title(label), ())) == 1 and "(" not in label]
        if not one_word:
            continue
        words = {w for _, label in concept.surface_forms() for w in normalise_title(label).split()}
        for _ in range(10):
            setting = rng.choice(settings)
            if not set(normalise_title(setting).split()) & words:
                forms["setting, unrelated"].append((f"{one_word[0].capitalize()} ({setting})", concept.uri))
                used.add(index)
                break
    by_unit: dict[str, list[int]] = {}
    for index in order:
        concept = concepts[index]
        if index not in used and concept.isco_code and len(concept.preferred_label.split()) <= 2 and "/" not in concept.preferred_label:
            by_unit.setdefault(concept.isco_code, []).append(index)
    units = sorted(by_unit)
    rng.shuffle(units)
    for unit in units:
        members = by_unit[unit]
        while len(members) >= 2 and len(forms["slash, two jobs"]) < 2 * per_form:
            first, second = members.pop(), members.pop()
            a, b = concepts[first], concepts[second]
            if normalise_title(a.preferred_label).split()[-1:] == normalise_title(b.preferred_label).split()[-1:]:
                continue
            query = f"{a.preferred_label.capitalize()} / {b.preferred_label}"
            forms["slash, two jobs"].extend([(query, a.uri), (query, b.uri)])
            used.update({first, second})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPOSITORY.parent / "shared" / "data" / "external")
    parser.add_argument("--per-form", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args(argv)
    data = arguments.data_dir
    concepts = tuple(read_esco_occupations(data / "esco_v1.2.0_occupations_nl.csv") + read_esco_isco_groups(data / "esco_v1.2.0_ISCOGroups_nl.csv"))
    vocabulary, forms = build(concepts, arguments.per_form, arguments.seed)
    base = TitleMatcher(Vocabulary(vocabulary, "esco"))
    print(f"held-out ESCO proxy (seed {arguments.seed}): " + ", ".join(f"{form} {len(items)}" for form, items in forms.items()))
    print(f"{'variant':24}" + "".join(f"{form:>26}" for form in forms))
    for name, weights in VARIANTS.items():
        matcher = base.with_weights(weights)
        cells = []
        for items in forms.values():
            found = matcher.suggest_many([query for query, _ in items], top=5)
            hits_1 = sum(1 for (_, gold), result in zip(items, found) if result and result[0].uri == gold)
            hits_5 = sum(1 for (_, gold), result in zip(items, found) if gold in [s.uri for s in result])
            cells.append(f"{hits_1 / len(items):.3f} / {hits_5 / len(items):.3f}" if items else "-")
        print(f"{name:24}" + "".join(f"{cell:>26}" for cell in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
