"""Description evidence: BM25 of a title's word parts against each concept's description.

Many job titles are paraphrases that share no word with any label of the right concept,
but do share domain words with its description ("archiefdeskundige" and the description
of *archivaris*, which "bewaren ... archieven"). Every ESCO occupation carries a Dutch
description, so this is general document expansion, not a rule for particular titles.

Description words are normalised like titles, split into compound parts (a splitter that
knows the label words and the description words) and reduced by a deliberately crude Dutch
stemmer (``light_stem``), which only has to conflate inflected forms with their base form
on both sides ("archieven" and "archief" both become "archief").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from srmatch.matching._compounds import CompoundSplitter
from srmatch.matching._index import PostingIndex
from srmatch.matching._normalise import STOPWORDS, normalise_title

__all__ = ["DescriptionIndex", "first_sentence", "light_stem"]

_VOWELS = frozenset("aeiouy")
_DOUBLE_VOWELS = (("aa", "a"), ("ee", "e"), ("oo", "o"), ("uu", "u"))
_K1 = 1.2
_B = 0.75
_MIN_TERM = 3


def light_stem(word: str) -> str:
    """Conflate Dutch plural, inflected and female-e forms with their base word.

    Not a linguistic stem: "archieven", "archief" -> "archief"; "postbodes", "postbode" ->
    "postbod"; "straten", "straat" -> "strat". Applied alike to titles and descriptions.
    """
    if len(word) > 5 and word.endswith("en"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    if word.endswith("v"):
        word = word[:-1] + "f"
    elif word.endswith("z"):
        word = word[:-1] + "s"
    for double, single in _DOUBLE_VOWELS:
        word = word.replace(double, single)
    return word


class DescriptionIndex:
    """BM25 over one document per concept: all its labels plus the first sentence of its
    description (the sentence that says what the occupation does; later sentences wander
    off into tools and settings and added noise on the development set).

    ``score`` returns one value per concept in ``[0, 1]``: the BM25 score divided by the
    score a document would get if it contained, saturated, every query term that occurs in
    any document (terms no document knows cannot discriminate and are ignored), so the
    feature fuses with the label features under one fixed weight.
    """

    def __init__(
        self, labels: Sequence[Sequence[str]], descriptions: Sequence[str], label_words: Mapping[str, int]
    ) -> None:
        first_sentences = [normalise_title(first_sentence(text)) for text in descriptions]
        normalised_labels = [" ".join(normalise_title(label) for label in group) for group in labels]
        word_frequency = Counter(label_words)
        word_frequency.update(word for text in first_sentences for word in set(text.split()))
        self._splitter = CompoundSplitter(word_frequency)
        self._size = len(descriptions)
        self._description_stems = [frozenset(stem for stem, _ in self._terms(text)) for text in first_sentences]
        term_counts = [
            Counter(stem for stem, _ in self._terms(f"{label_text} {text}"))
            for label_text, text in zip(normalised_labels, first_sentences)
        ]
        lengths = np.array([sum(counts.values()) for counts in term_counts], dtype=np.float64)
        average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
        document_frequency = Counter(term for counts in term_counts for term in counts)
        total = self._size
        self._idf = {
            term: math.log(1.0 + (total - count + 0.5) / (count + 0.5)) for term, count in document_frequency.items()
        }
        rows: dict[str, list[int]] = defaultdict(list)
        values: dict[str, list[float]] = defaultdict(list)
        for row, counts in enumerate(term_counts):
            norm = _K1 * (1.0 - _B + _B * lengths[row] / average)
            for term, count in counts.items():
                rows[term].append(row)
                values[term].append(self._idf[term] * count * (_K1 + 1.0) / (count + norm))
        self._postings = PostingIndex({term: (rows[term], values[term]) for term in rows})

    def _terms(self, normalised: str) -> list[tuple[str, str]]:
        """(stem, surface) for the words and compound parts of a normalised text."""
        found: list[tuple[str, str]] = []
        for word in normalised.split():
            if word in STOPWORDS or len(word) < _MIN_TERM or not word.isalpha():
                continue
            stems = {light_stem(word): word}
            for part in self._splitter.split(word):
                if len(part) >= _MIN_TERM and part not in STOPWORDS:
                    stems.setdefault(light_stem(part), part)
            found.extend(stems.items())
        return found

    def query_terms(self, normalised: str) -> dict[str, str]:
        """Stemmed compound parts of a normalised title, each mapped to the readable part.

        Documents hold whole words *and* their parts, so querying the parts suffices; an
        unknown whole compound ("ruitenwasser") would otherwise only dilute the score.
        """
        found: dict[str, str] = {}
        for word in normalised.split():
            if word in STOPWORDS or len(word) < _MIN_TERM or not word.isalpha():
                continue
            for part in self._splitter.split(word):
                if len(part) >= _MIN_TERM and part not in STOPWORDS:
                    found.setdefault(light_stem(part), part)
        return found

    def score(self, terms: Sequence[str]) -> np.ndarray:
        result = np.zeros(self._size)
        ceiling = 0.0
        for term in terms:
            posting = self._postings.get(term)
            if posting is not None:
                ceiling += self._idf[term] * (_K1 + 1.0)
                result[posting[0]] += posting[1]
        if ceiling <= 0.0:
            return result
        return np.minimum(result / ceiling, 1.0)

    def described_words(self, concept: int, terms: Mapping[str, str]) -> list[str]:
        """The query words the *description* of ``concept`` mentions (labels excluded)."""
        stems = self._description_stems[concept]
        return [surface for stem, surface in terms.items() if stem in stems]


def first_sentence(text: str) -> str:
    """The description up to its first full stop (the whole text when there is none)."""
    text = (text or "").strip()
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
