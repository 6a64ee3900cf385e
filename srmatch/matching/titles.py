"""Match a free-text Dutch job title to occupation concepts, with an explanation.

Every surface form of every concept (preferred, alternative and hidden labels) is
normalised and analysed once, in ``TitleMatcher.__init__``. A query is scored against all
surface forms at once with sparse inverted indexes held as numpy arrays:

* character n-gram TF-IDF cosine - robust to spelling variants and unknown words;
* word-part overlap weighted by rarity (IDF) - compounds are split against the
  vocabulary's own words, so "vrachtwagenbestuurder" shares "vrachtwagen" with
  "vrachtwagenchauffeur" and "afrokapper" shares "kapper" with "kapper";
* head-noun agreement - in a Dutch title the head noun ("chauffeur" in
  "vrachtwagenchauffeur", "medewerker" in "medewerker schoonmaak") decides the job, the
  rest narrows it down;
* exact agreement after normalisation, with or without spaces between compound parts.

Before scoring, the title's written structure is read (``_alternatives.py``): elided heads
are restored ("relatie- en gezinsbemiddelaar"), an agent noun adds its field word at half
weight ("tuinbouwer" -> "tuinbouw"), and double titles ("Kapper-salonbeheerder") can be
scored per alternative (off by default). After scoring, an ISCO group is placed below its
best member occupation when that matches nearly as well.

The features are fused linearly per surface form; a concept scores as its best surface
form plus a little credit for further forms and for nearby concepts in the same ISCO-08
unit group, so a concept known under several matching titles wins ties.
"""

from __future__ import annotations

import copy
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from srmatch.matching._analysis import Analysis, Query, TitleAnalyser, without_generic_modifiers
from srmatch.matching._compounds import CompoundSplitter
from srmatch.matching._description import DescriptionIndex
from srmatch.matching._explain import described_part, is_label_match, label_part
from srmatch.matching._why import WhyPart, technical
from srmatch.matching._why import part as why_part
from srmatch.matching._index import (
    char_ngrams,
    collect_surface_forms,
    group_starts,
    index_positions,
    postings,
    sparse_dot,
    unit_tfidf,
)
from srmatch.matching._normalise import normalise_title
from srmatch.matching._substitutes import learn_substitutes, synonym_pairs
from srmatch.matching._weights import TitleWeights
from srmatch.matching.vocabulary import (
    ISCO_GROUP,
    Concept,
    Vocabulary,
    load_builtin_title_qualifiers,
    load_builtin_title_synonyms,
)

__all__ = ["TitleMatcher", "TitleReading", "TitleSuggestion", "TitleWeights", "normalise_title"]

# Displayed scores: 100 means the title is exactly (after normalisation) a preferred or
# alternative label of the concept, and the concept is the first of those that carry it;
# every other suggestion is on the same scale relative to a perfect hit and stays below.
_EXACT_SCORE = 100.0
_BELOW_EXACT_SCORE = 99.0
# How many of the role's best matches the back-off looks at for their broader concepts.
_BACKOFF_CHILDREN = 10
#: Unit-group members whose scores make up a concept's family support (``unit_group_support``).
_SUPPORT_MEMBERS = 3
_BACKOFF_SUPPORT = 2
# Weights read while the vocabulary is prepared, not while a title is scored.
_PREPARATION_WEIGHTS = (
    "substitution_scale", "substitution_min_count", "substitution_prior", "max_substitutes",
    "synonym_similarity", "derived_part",
)


@dataclass(frozen=True, slots=True)
class TitleSuggestion:
    """One concept proposed for a title, with the reason a caseworker can read."""

    uri: str
    label: str
    kind: str
    isco_code: str
    score: float
    matched_label: str
    #: The reason in the matcher's own (English, technical) words; ``--json`` prints it.
    why: str
    #: The same reason as parts (code + words), for ``services.vocabulary.plain_reason``.
    why_parts: tuple[WhyPart, ...] = ()


@dataclass(frozen=True, slots=True)
class TitleReading:
    """How the matcher reads a title: its normal form, head noun, word parts, the field
    words derived from agent nouns and, for a double title, its alternatives."""

    title: str
    normalised: str
    head: str
    parts: tuple[str, ...]
    derived: tuple[str, ...]
    alternatives: tuple[str, ...]


class TitleMatcher:
    """Ranks the concepts of one vocabulary for free-text job titles."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        weights: TitleWeights | None = None,
        synonyms: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        """Prepare ``vocabulary`` once; ``synonyms`` defaults to the shipped word pairs."""
        self._weights = weights or TitleWeights()
        self._concepts: tuple[Concept, ...] = vocabulary.concepts
        forms = collect_surface_forms(vocabulary.concepts)
        self._form_concept = np.array([form[0] for form in forms], dtype=np.int32)
        self._form_label = [form[1] for form in forms]
        self._form_kind = [form[2] for form in forms]
        form_normalised = [form[3] for form in forms]
        self._concept_starts = group_starts(self._form_concept, len(self._concepts))
        self._concept_form_count = np.diff(np.append(self._concept_starts, len(forms))).astype(np.float64)
        unit_groups = {code: number for number, code in enumerate(sorted({c.isco_code for c in self._concepts}))}
        self._unit_group_count = len(unit_groups)
        self._concept_unit_group = np.array([unit_groups[c.isco_code] for c in self._concepts], dtype=np.intp)
        self._concept_prior = self._prior(self._concepts, self._concept_form_count)
        self._perfect_score = self._score_of_perfect_match()

        token_frequency = Counter(token for text in set(form_normalised) for token in set(text.split()))
        self._analyser = TitleAnalyser(
            CompoundSplitter(token_frequency), self._weights.derived_part, load_builtin_title_qualifiers()
        )
        form_normalised = [
            self._analyser.label_normal_form(label, text) for label, text in zip(self._form_label, form_normalised)
        ]
        analyses = [self._analyser.analyse(text) for text in form_normalised]
        self._analyser.learn_title_heads(analyses)

        stated = synonym_pairs(self._analyser, load_builtin_title_synonyms() if synonyms is None else synonyms)
        self._substitutes = learn_substitutes(analyses, self._concept_starts, stated, self._weights)
        self._by_normalised = index_positions(analysis.normalised for analysis in analyses)
        self._by_compact = index_positions(analysis.compact for analysis in analyses)
        self._by_generic = index_positions(without_generic_modifiers(text) for text in form_normalised)

        part_document_frequency = Counter(part for analysis in analyses for part in set(analysis.parts))
        total = len(analyses) + 1
        self._part_idf = {part: math.log(total / (count + 1)) + 1.0 for part, count in part_document_frequency.items()}
        self._unknown_part_idf = math.log(total) + 1.0
        self._part_postings = postings(
            (index, {part: 1.0 for part in analysis.parts}) for index, analysis in enumerate(analyses)
        )
        self._form_part_weight = np.array(
            [sum(self._part_idf[part] for part in set(analysis.parts)) for analysis in analyses], dtype=np.float64
        )
        head_ids = {head: number for number, head in enumerate(sorted({a.head for a in analyses}))}
        self._head_ids = head_ids
        self._form_head = np.array([head_ids[analysis.head] for analysis in analyses], dtype=np.int32)

        ngram_document_frequency: Counter[str] = Counter()
        form_ngrams = []
        for analysis in analyses:
            counts = char_ngrams(analysis.normalised)
            form_ngrams.append(counts)
            ngram_document_frequency.update(counts.keys())
        self._ngram_idf = {gram: math.log(total / (count + 1)) + 1.0 for gram, count in ngram_document_frequency.items()}
        self._ngram_postings = postings(
            (index, unit_tfidf(counts, self._ngram_idf)) for index, counts in enumerate(form_ngrams)
        )
        self._form_preferred = np.array([kind == "preferred" for kind in self._form_kind], dtype=np.float64)
        self._group_members = self._isco_group_members()
        self._broader = self._broader_concepts()
        self._form_count = len(forms)
        self._descriptions = DescriptionIndex(
            [[label for _, label in concept.surface_forms()] for concept in self._concepts],
            [concept.description for concept in self._concepts],
            token_frequency,
        )

    # -- public API -----------------------------------------------------------------

    def suggest(self, title: str, top: int = 5) -> list[TitleSuggestion]:
        """Best concepts for one title, best first; ``[]`` when the title says nothing."""
        query = self._query(title)
        if not query.whole.normalised or top <= 0:
            return []
        return self._rank(query, top)

    def suggest_many(self, titles: Sequence[str], top: int = 5) -> list[list[TitleSuggestion]]:
        """``suggest`` for many titles; identical titles are scored once."""
        cache: dict[tuple[str, tuple[str, ...], tuple[WhyPart, ...], str], list[TitleSuggestion]] = {}
        results: list[list[TitleSuggestion]] = []
        for title in titles:
            query = self._query(title)
            # A double title's reason quotes the title as written; others depend on the normal form only.
            # Qualifiers and notes change the result too ("Kok (hoofd)" is not "Kok (nacht)").
            key = (query.whole.normalised, query.whole.qualifiers, query.notes, query.title if query.alternatives else "")
            if key not in cache:
                cache[key] = self._rank(query, top) if query.whole.normalised and top > 0 else []
            results.append(list(cache[key]))
        return results

    def with_weights(self, weights: TitleWeights) -> TitleMatcher:
        """This prepared matcher scoring with other fusion weights, without preparing the
        vocabulary again (for refitting weights: ``benchmarks/fit_title_weights.py``).

        Weights that shape the preparation itself (learned substitutes, agent-noun field
        words) must stay equal; for those, build a new ``TitleMatcher``.
        """
        changed = [name for name in _PREPARATION_WEIGHTS if getattr(weights, name) != getattr(self._weights, name)]
        if changed:
            raise ValueError(f"{', '.join(changed)} change how the vocabulary is prepared; build a new TitleMatcher")
        clone = copy.copy(self)
        clone._weights = weights
        clone._concept_prior = clone._prior(clone._concepts, clone._concept_form_count)
        clone._perfect_score = clone._score_of_perfect_match()
        return clone

    def analyse(self, title: str) -> TitleReading:
        """How this matcher reads ``title`` (for explanations, tests and debugging)."""
        query = self._query(title)
        whole = query.whole
        return TitleReading(
            title=query.title,
            normalised=whole.normalised,
            head=whole.head,
            parts=whole.parts,
            derived=whole.derived,
            alternatives=tuple(text for text, _ in query.alternatives),
        )

    # -- analysis -------------------------------------------------------------------

    def _query(self, title: str) -> Query:
        return self._analyser.query(
            title,
            self._weights.alternative_blend,
            self._weights.slash_blend,
            self._weights.read_qualifiers > 0,
            self._weights.setting_blend,
        )

    def _score_of_perfect_match(self) -> float:
        """The concept score of a perfect hit: every feature at its maximum, the title
        equal to the preferred label of a single-title occupation whose description
        holds every word of it. The displayed scale is relative to this."""
        w = self._weights
        # generic_exact is left out: a form equal to the title cannot also equal it
        # without a generic modifier.
        form = w.exact + w.compact_exact + w.char_cosine + w.part_dice + w.part_coverage + w.head_match + w.preferred_label
        per_concept = (
            w.exact_preferred + w.compact_any + w.char_best + w.char_preferred + w.dice_best + w.dice_preferred
            + w.head_best + w.head_preferred + w.matching_forms * math.log(2.0) + w.description
        )
        prior = float(self._concept_prior.max()) if len(self._concept_prior) else 0.0
        return (w.best_form + w.mean_form + w.unit_group_best + w.unit_group_support) * form + per_concept + prior

    def _prior(self, concepts: Sequence[Concept], form_count: np.ndarray) -> np.ndarray:
        """Query-independent preferences: an occupation over a whole ISCO group (titles
        name jobs, group labels are plural catch-alls), a broad ESCO occupation over its
        specialisations (shorter code: "2250.1" over "2250.1.3"), well-described concepts."""
        w = self._weights
        occupation = np.array([concept.kind == "occupation" for concept in concepts], dtype=np.float64)
        breadth = np.array(
            [1.0 / max(1, concept.code.count(".")) if concept.kind == "occupation" and concept.code else 0.0 for concept in concepts]
        )
        prior: np.ndarray = w.occupation_prior * occupation + w.broad_concept * breadth + w.form_count * np.log(form_count) / 5.0
        return prior

    def _isco_group_members(self) -> tuple[np.ndarray, np.ndarray]:
        """(group, occupation) concept index pairs: each ISCO group with every occupation
        classified under it at any depth ("513" holds the occupations of 5131 and 5132)."""
        groups: dict[str, list[int]] = defaultdict(list)
        for index, concept in enumerate(self._concepts):
            if concept.kind == ISCO_GROUP and concept.code:
                groups[concept.code].append(index)
        pairs = [
            (group, index)
            for index, concept in enumerate(self._concepts)
            if concept.kind != ISCO_GROUP and concept.isco_code
            for depth in range(1, len(concept.isco_code) + 1)
            for group in groups.get(concept.isco_code[:depth], [])
        ]
        if not pairs:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        group_indexes, member_indexes = zip(*pairs)
        return np.array(group_indexes, dtype=np.intp), np.array(member_indexes, dtype=np.intp)

    def _broader_concepts(self) -> np.ndarray:
        """Per concept, the index of its broader concept in the vocabulary's own hierarchy,
        or -1: the ESCO code parent ("2310.1.20" -> "2310.1"); for a top-level occupation
        its ISCO unit group; for an ISCO group the group one level up."""
        by_code: dict[tuple[bool, str], int] = {}
        for index, concept in enumerate(self._concepts):
            if concept.code:
                by_code.setdefault((concept.kind == ISCO_GROUP, concept.code), index)
        broader = np.full(len(self._concepts), -1, dtype=np.intp)
        for index, concept in enumerate(self._concepts):
            if concept.kind == ISCO_GROUP:
                parent = by_code.get((True, concept.code[:-1])) if len(concept.code) > 1 else None
            elif concept.code.count(".") >= 2:
                parent = by_code.get((False, concept.code.rsplit(".", 1)[0]))
            else:
                parent = by_code.get((True, concept.isco_code))
            if parent is not None and parent != index:
                broader[index] = parent
        return broader

    def _back_off(
        self, analysis: Analysis, scores: np.ndarray, features: dict[str, np.ndarray]
    ) -> tuple[np.ndarray, dict[int, WhyPart]]:
        """When no surface form names the title's field under its role ("docent" +
        "geschiedenis"), lift the broader concept of the role's best matches to their score
        times ``backoff``: a broader concept, not one that merely shares the field word.
        Returns the scores and, per lifted concept, the reason."""
        weight = self._weights.backoff
        field = list(analysis.field)
        if weight <= 0 or not analysis.head or not field or not len(self._broader):
            return scores, {}
        role = features["head_match"] > 0
        if not role.any():
            return scores, {}
        names_field = role.copy()
        for part in field:
            names_field &= self._part_presence(part) >= 1.0
        if names_field.any():
            return scores, {}
        role_concepts = np.maximum.reduceat(role.astype(np.float64), self._concept_starts) > 0
        children = np.flatnonzero(role_concepts & (scores > 0) & (self._broader >= 0))
        if not len(children):
            return scores, {}
        children = children[np.argsort(-scores[children], kind="stable")[:_BACKOFF_CHILDREN]]
        # The role's broader concept: a parent that at least two of the role's best matches
        # share (many "docent <field> hoger onderwijs" under "docent hoger onderwijs"), not
        # the parent of one stray match.
        support = Counter(int(self._broader[child]) for child in children)
        lifted = scores.copy()
        reasons: dict[int, WhyPart] = {}
        field_text = analysis.field_text or " ".join(field)
        for child in children:
            parent = int(self._broader[child])
            if support[parent] < _BACKOFF_SUPPORT:
                continue
            lifted[parent] = max(lifted[parent], weight * float(scores[child]))
            if parent not in reasons:
                reasons[parent] = why_part(
                    "broader", role=analysis.head, field=field_text, broader=self._concepts[parent].preferred_label,
                    narrower=self._concepts[child].preferred_label,
                )
        return lifted, reasons

    def _demote_groups(self, scores: np.ndarray) -> np.ndarray:
        """Place an ISCO group just below its best occupation when that occupation matches
        nearly as well: a caseworker wants the specific occupation, the group is a fallback."""
        groups, members = self._group_members
        if not len(groups) or self._weights.group_demotion <= 0:
            return scores
        member_best = np.zeros(len(scores))
        np.maximum.at(member_best, groups, scores[members])
        demoted = (member_best > 0) & (member_best >= self._weights.group_demotion * scores)
        demoted[members] = False
        return np.where(demoted, np.minimum(scores, member_best - 1e-6), scores)

    def _part_presence(self, part: str) -> np.ndarray:
        """Per surface form: 1 if it contains ``part``, else the best substitute similarity."""
        presence = np.zeros(self._form_count)
        for substitute, similarity in reversed(self._substitutes.get(part, [])):
            posting = self._part_postings.get(substitute)
            if posting is not None:
                presence[posting[0]] = np.maximum(presence[posting[0]], similarity)
        posting = self._part_postings.get(part)
        if posting is not None:
            presence[posting[0]] = 1.0
        return presence

    # -- scoring --------------------------------------------------------------------

    def _form_scores(self, analysis: Analysis) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        weights = self._weights
        n = self._form_count
        char_cosine = sparse_dot(self._ngram_postings, unit_tfidf(char_ngrams(analysis.normalised), self._ngram_idf), n)

        query_part_weight = {part: self._part_idf.get(part, self._unknown_part_idf) for part in analysis.parts}
        for stem in analysis.derived:
            # A field word derived from an agent noun ("landbouwer" -> "landbouw") is weaker evidence.
            query_part_weight.setdefault(stem, weights.derived_part * self._part_idf.get(stem, self._unknown_part_idf))
        for part in analysis.qualifiers:
            # A qualifier narrows the job down; it does not name it.
            query_part_weight.setdefault(part, weights.qualifier_part * self._part_idf.get(part, self._unknown_part_idf))
        shared = np.zeros(n)
        for part, weight in query_part_weight.items():
            shared += weight * self._part_presence(part)
        query_total = sum(query_part_weight.values()) or 1.0
        part_dice = 2.0 * shared / (query_total + self._form_part_weight)
        part_coverage = shared / query_total

        head_match = np.zeros(n)
        if analysis.head:
            for head, similarity in [(analysis.head, 1.0), *self._substitutes.get(analysis.head, [])]:
                head_id = self._head_ids.get(head)
                if head_id is not None:
                    head_match = np.maximum(head_match, similarity * (self._form_head == head_id))

        exact = np.zeros(n)
        exact[self._by_normalised.get(analysis.normalised, [])] = 1.0
        compact_exact = np.zeros(n)
        compact_exact[self._by_compact.get(analysis.compact, [])] = 1.0
        generic_exact = np.zeros(n)
        generic_exact[self._by_generic.get(analysis.compact, [])] = 1.0

        if generic_exact.any():
            # The general variant of an occupation is that occupation ("algemeen dierenarts"
            # is the dierenarts): for the title without the generic modifier its label counts
            # as the title's own spelling and word parts, as an exact label would. Otherwise a
            # specialisation that merely carries the bare title as an alternative label wins.
            generic = generic_exact > 0
            char_cosine = np.where(generic, 1.0, char_cosine)
            part_dice = np.where(generic, 1.0, part_dice)
            part_coverage = np.where(generic, 1.0, part_coverage)
            head_match = np.where(generic, 1.0, head_match)
        score = (
            weights.exact * exact
            + weights.compact_exact * compact_exact
            + weights.generic_exact * generic_exact
            + weights.char_cosine * char_cosine
            + weights.part_dice * part_dice
            + weights.part_coverage * part_coverage
            + weights.head_match * head_match * (part_dice > 0)
            + weights.preferred_label * self._form_preferred
        )
        features = {
            "exact": exact,
            "compact_exact": compact_exact,
            "generic_exact": generic_exact,
            "char_cosine": char_cosine,
            "part_dice": part_dice,
            "part_coverage": part_coverage,
            "head_match": head_match,
        }
        return score, features

    def _unit_group_support(self, best_form: np.ndarray) -> np.ndarray:
        """Per concept, the mean best-form score of the best ``_SUPPORT_MEMBERS`` concepts of its
        ISCO-08 unit group: how much of the occupation's family matches the title, not only
        its best member. Of concepts sharing an exact label ("monteur" is also a film
        editor's), the one whose neighbours match too is the more likely reading."""
        groups = self._concept_unit_group
        order = np.lexsort((-best_form, groups))
        sorted_groups = groups[order]
        position = np.arange(len(order))
        first = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
        rank = position - np.maximum.accumulate(np.where(first, position, 0))
        top = rank < _SUPPORT_MEMBERS
        sums = np.zeros(self._unit_group_count)
        np.add.at(sums, sorted_groups[top], best_form[order][top])
        support: np.ndarray = sums[groups] / _SUPPORT_MEMBERS
        return support

    def _concept_scores(
        self, form_scores: np.ndarray, features: dict[str, np.ndarray], description: np.ndarray
    ) -> np.ndarray:
        """Combine per-form evidence into one score per concept.

        Besides the best surface form, a concept earns credit for resembling the query in
        its *preferred* label, for further matching titles, and for strong rivals in its
        own ISCO-08 unit group (neighbouring occupations matching too means the region of
        the classification is right). These terms mostly break ties between concepts
        that share an alternative label.
        """
        w = self._weights
        starts = self._concept_starts

        def best(values: np.ndarray) -> np.ndarray:
            return np.maximum.reduceat(values, starts)

        best_form = best(form_scores)
        unit_best = np.zeros(self._unit_group_count)
        np.maximum.at(unit_best, self._concept_unit_group, best_form)
        matching_forms = np.add.reduceat((features["part_dice"] > 0.5).astype(np.float64), starts)
        char_best = best(features["char_cosine"])
        dice_best = best(features["part_dice"])
        score = (
            w.best_form * best_form
            + w.exact_preferred * features["exact"][starts]
            + w.compact_any * best(features["compact_exact"])
            + w.char_best * char_best
            + w.char_preferred * features["char_cosine"][starts]
            + w.dice_best * dice_best
            + w.dice_preferred * features["part_dice"][starts]
            + w.head_best * best(features["head_match"])
            + w.head_preferred * features["head_match"][starts]
            + w.mean_form * np.add.reduceat(form_scores, starts) / self._concept_form_count
            + w.unit_group_best * unit_best[self._concept_unit_group]
            + (w.unit_group_support * self._unit_group_support(best_form) if w.unit_group_support else 0.0)
            + w.matching_forms * np.log1p(matching_forms)
            + w.description * description
            + self._concept_prior
        )
        # No shared letters and no shared word parts: the prior alone must not propose it.
        return np.where((char_best > 0) | (dice_best > 0), score, 0.0)

    def _score(self, analysis: Analysis) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, str]]:
        form_scores, features = self._form_scores(analysis)
        description_terms = self._descriptions.query_terms(" ".join([analysis.normalised, *analysis.qualifiers]))
        description = self._descriptions.score(list(description_terms))
        return self._concept_scores(form_scores, features, description), form_scores, features, description_terms

    def _rank(self, query: Query, top: int) -> list[TitleSuggestion]:
        scored: list[tuple[str | None, Analysis, np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, str]]]
        scored = [(None, query.whole, *self._score(query.whole))]
        concept_scores = scored[0][2]
        source = np.zeros(len(concept_scores), dtype=np.intp)
        scored.extend((text, analysis, *self._score(analysis)) for text, analysis in query.alternatives)
        if query.alternatives:
            # A double title is scored as a whole and as each alternative; a concept gets the
            # mean of its whole-title score and its best alternative score, so "kapper" wins
            # for "Kapper-salonbeheerder" while a concept covering both readings stays strong.
            blend = query.blend
            alternatives = np.stack([item[2] for item in scored[1:]])
            best_alternative = alternatives.max(axis=0)
            if query.settings:
                # The reason names the reading that matched better, whichever counted more.
                from_alternative = best_alternative > concept_scores
            else:
                from_alternative = blend * best_alternative > (1.0 - blend) * concept_scores
            source = np.where(from_alternative, np.argmax(alternatives, axis=0) + 1, 0)
            mixed = (1.0 - blend) * concept_scores + blend * best_alternative
            concept_scores = np.where(concept_scores > 0, mixed, 0.0)
        # Slash titles are read per alternative; the whole would treat one alternative as the field.
        backed_off: dict[int, WhyPart] = {}
        if not query.slash:
            concept_scores, backed_off = self._back_off(query.whole, concept_scores, scored[0][4])
        concept_scores = self._demote_groups(concept_scores)
        # Rounded so that float summation order (which follows hash order) never decides a tie.
        concept_scores = np.round(concept_scores, 9)
        count = min(top, len(concept_scores))
        candidates = np.argpartition(-concept_scores, count - 1)[:count]
        ordered = candidates[np.lexsort((candidates, -concept_scores[candidates]))]
        suggestions = []
        shown_above = _EXACT_SCORE
        exact_shown = False
        for concept_index in ordered:
            if concept_scores[concept_index] <= 0:
                break
            alternative_text, analysis, _, form_scores, features, description_terms = scored[source[concept_index]]
            start = self._concept_starts[concept_index]
            stop = self._concept_starts[concept_index + 1] if concept_index + 1 < len(self._concepts) else self._form_count
            best_form = start + int(np.argmax(form_scores[start:stop]))
            exact = (
                alternative_text is None
                and not query.notes
                and concept_index not in backed_off
                and bool(features["exact"][best_form])
                and self._form_kind[best_form] != "hidden"
            )
            if exact and not exact_shown:
                shown = _EXACT_SCORE
                exact_shown = True
            else:
                shown = min(_BELOW_EXACT_SCORE, 100.0 * float(concept_scores[concept_index]) / self._perfect_score)
            # Never above a suggestion ranked higher: the list reads top-down.
            shown_above = min(shown_above, round(shown, 1))
            concept = self._concepts[concept_index]
            evidence = self._explain(analysis, best_form, features, concept_index, description_terms)
            if concept_index in backed_off and not features["exact"][best_form]:
                # Lifted as the role's broader concept, unless it is itself the title's (or the
                # bare title's) exact label: "kok" for "Kok (zelfstandig werkend)" says so.
                evidence = (backed_off[concept_index],)
            why = "; ".join(technical(item) for item in evidence)
            parts = evidence
            if alternative_text is not None:
                if query.settings:
                    alternative = why_part("setting", title=alternative_text, setting=", ".join(query.settings))
                else:
                    alternative = why_part("alternative", alternative=alternative_text, title=query.title)
                why = f"{technical(alternative)}: {why}"
                parts = (alternative, *parts)
            if query.notes:
                why = f"{'; '.join(technical(note) for note in query.notes)}: {why}"
                parts = (*query.notes, *parts)
            suggestions.append(
                TitleSuggestion(
                    uri=concept.uri,
                    label=concept.preferred_label,
                    kind=concept.kind,
                    isco_code=concept.isco_code,
                    score=shown_above,
                    matched_label=self._form_label[best_form],
                    why=why,
                    why_parts=parts,
                )
            )
        return suggestions

    def _explain(
        self,
        analysis: Analysis,
        form: int,
        features: dict[str, np.ndarray],
        concept: int,
        description_terms: dict[str, str],
    ) -> tuple[WhyPart, ...]:
        """The label evidence of the best form; when that is only partial, also which
        words of the title the concept's description mentions."""
        reason = label_part(analysis, self._form_label[form], self._form_kind[form], features, form)
        if is_label_match(features, form):
            return (reason,)
        described = self._descriptions.described_words(concept, description_terms)
        return (reason, described_part(described)) if described else (reason,)
