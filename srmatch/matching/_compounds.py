"""Split Dutch compound words against the vocabulary's own word inventory.

Dutch writes "vrachtwagenchauffeur" where English writes "truck driver"; without
splitting, that title shares no word with "chauffeur" or "bestuurder vrachtwagen". The
splitter follows Koehn & Knight (2003): among all ways to cut a word into known words
(optionally joined by the linking sounds -s-, -e-, -en-), pick the one whose parts have
the highest geometric mean frequency, the unsplit word included. A word the vocabulary
has never seen may keep an unknown first part ("afro" + "kapper"), because the head of a
Dutch compound is its last part and that is what decides the occupation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from srmatch.matching._normalise import STOPWORDS

__all__ = ["CompoundSplitter"]

_MIN_PART = 3
_MAX_PARTS = 4
_LINKING = ("s", "e", "en")
# Word-final variants tried for a word the vocabulary does not know as such:
# plural and female endings that fold_word leaves alone because they are ambiguous alone.
_LEMMA_ENDINGS = ("en", "s", "e", "in", "es", "n")
# Verb prefixes that change meaning rather than name a thing: "verkoper" is not a kind of "koper".
_DERIVATIONAL_PREFIXES = frozenset({"ver", "ont", "her", "be", "ge", "er"})


class CompoundSplitter:
    """Cut words into vocabulary words; results are cached per word."""

    def __init__(self, word_frequency: Mapping[str, int]) -> None:
        self._frequency = {
            word: count
            for word, count in word_frequency.items()
            if len(word) >= _MIN_PART and word not in STOPWORDS and word.isalpha()
        }
        self._cache: dict[str, tuple[str, ...]] = {}

    def known(self, word: str) -> bool:
        return word in self._frequency

    def frequency(self, word: str) -> int:
        return self._frequency.get(word, 0)

    def split(self, word: str) -> tuple[str, ...]:
        """Return the parts of ``word`` (the word itself when it is best left whole)."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._split_uncached(word)
            self._cache[word] = cached
        return cached

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        if len(word) < 2 * _MIN_PART or not word.isalpha():
            return (self._lemma(word),)
        whole_frequency = self._frequency.get(word, 0)
        best_parts: tuple[str, ...] = (word,)
        best_score = float(whole_frequency)
        for parts in self._segmentations(word, 0, _MAX_PARTS):
            if len(parts) < 2:
                continue
            score = math.exp(sum(math.log(self._frequency[p]) for p in parts) / len(parts))
            if score > best_score or (score == best_score and len(parts) < len(best_parts)):
                best_parts, best_score = parts, score
        if best_score > 0:
            return best_parts
        lemma = self._lemma(word)
        if lemma != word:
            return (lemma,)
        return self._unknown_modifier_split(word)

    def head(self, word: str) -> str:
        """The part that names what the word is: the last part of a split word, else the
        longest known word-final part ("schoonheidsspecialist" -> "specialist") unless the
        word is itself common enough to be a word of its own ("medewerker", not "werker")."""
        parts = self.split(word)
        if len(parts) > 1:
            return parts[-1]
        whole = parts[0]
        whole_frequency = self._frequency.get(whole, 0)
        for cut in range(_MIN_PART, len(whole) - 3):
            tail = whole[cut:]
            tail_frequency = self._frequency.get(tail, 0)
            if tail_frequency >= max(2, 4 * whole_frequency) and whole[:cut] not in _DERIVATIONAL_PREFIXES:
                return tail
        return whole

    def _segmentations(self, word: str, start: int, parts_left: int) -> list[tuple[str, ...]]:
        """All cuts of ``word[start:]`` into known parts, each maybe followed by a linking sound."""
        rest = word[start:]
        results: list[tuple[str, ...]] = []
        if rest in self._frequency:
            results.append((rest,))
        if parts_left <= 1:
            return results
        for end in range(start + _MIN_PART, len(word) - _MIN_PART + 1):
            part = word[start:end]
            if part not in self._frequency:
                continue
            for link in ("", *_LINKING):
                next_start = end + len(link)
                if link and not word.startswith(link, end):
                    continue
                if len(word) - next_start < _MIN_PART:
                    continue
                for tail in self._segmentations(word, next_start, parts_left - 1):
                    results.append((part, *tail))
        return results

    def _unknown_modifier_split(self, word: str) -> tuple[str, ...]:
        """'afrokapper' -> ('afro', 'kapper'): keep the longest known head, however odd the modifier."""
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head = word[cut:]
            if len(head) >= 4 and head in self._frequency:
                modifier = word[:cut]
                for link in _LINKING:
                    if modifier.endswith(link) and modifier[: -len(link)] in self._frequency:
                        modifier = modifier[: -len(link)]
                        break
                return (modifier, head)
        return (word,)

    def _lemma(self, word: str) -> str:
        """A known base form of an unknown word (plural or female ending removed), else the word."""
        if word in self._frequency:
            return word
        for ending in _LEMMA_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                base = word[: -len(ending)]
                if base in self._frequency:
                    return base
                if len(base) >= 5 and base[-1] == base[-2] and base[:-1] in self._frequency:
                    return base[:-1]
        return word
