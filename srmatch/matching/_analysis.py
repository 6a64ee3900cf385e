"""Read a normalised title the way the scorers need it: word parts, head noun, field words.

In a Dutch title the head noun decides the job ("chauffeur" in "vrachtwagenchauffeur",
"medewerker" in "medewerker schoonmaak"); the rest narrows it down. Compounds are cut
against the vocabulary's own words, so the same analysis runs over every vocabulary label
and over every query.
"""

from __future__ import annotations

from dataclasses import dataclass

from srmatch.matching._alternatives import agent_noun_stems, double_title_alternatives, expand_elisions
from srmatch.matching._compounds import CompoundSplitter
from srmatch.matching._normalise import STOPWORDS, normalise_title

__all__ = ["Analysis", "Query", "TitleAnalyser", "without_generic_modifiers"]

PREPOSITIONS = frozenset({"van", "voor", "in", "bij", "met", "op", "aan", "uit", "tot", "te", "der", "den", "of", "for"})
# Endings of Dutch adjectives (after normalisation folded their inflection away).
ADJECTIVE_ENDINGS = ("isch", "ieel", "eel", "aal", "ief", "ig", "lijk", "end", "baar", "air", "ueel", "iek", "eerd")
ADJECTIVES = frozenset({"algemeen", "senior", "junior", "allround", "hoofd", "eerste", "tweede", "assistent"})
# Modifiers that mark the general variant of an occupation ("algemeen dierenarts" is the
# dierenarts; "gespecialiseerd dierenarts" is a specialisation of it).
GENERIC_MODIFIERS = frozenset({"algemeen", "allround", "generalist"})


@dataclass(frozen=True, slots=True)
class Analysis:
    """A normalised title broken into what the scorers need."""

    normalised: str
    compact: str
    parts: tuple[str, ...]
    head: str
    head_token: str
    derived: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Query:
    """A title as scored: the whole title plus, for a double title, each alternative."""

    whole: Analysis
    alternatives: tuple[tuple[str, Analysis], ...]
    title: str


class TitleAnalyser:
    """Analyses titles against one vocabulary's word inventory."""

    def __init__(self, splitter: CompoundSplitter, derived_part: float) -> None:
        self.splitter = splitter
        self._derived_part = derived_part
        # Heads of one-word titles: words that name a job on their own ("kapper", "hulp").
        self.title_heads: frozenset[str] = frozenset()

    def learn_title_heads(self, analyses: list[Analysis]) -> None:
        """Remember the heads of the vocabulary's one-word titles (for double titles)."""
        self.title_heads = frozenset(a.head for a in analyses if a.normalised and " " not in a.normalised)

    def query(self, title: str, alternative_blend: float) -> Query:
        """The title as written, read into its whole and (for double titles) its alternatives."""
        if not isinstance(title, str):
            title = str(title)
        expanded = expand_elisions(title, self.elided_head) if "-" in title else title
        whole = self.analyse(normalise_title(expanded), query=True)
        alternatives: list[tuple[str, Analysis]] = []
        if whole.normalised and alternative_blend > 0:
            for alternative in double_title_alternatives(expanded, self.names_a_job):
                analysis = self.analyse(normalise_title(alternative), query=True)
                if analysis.normalised and analysis.normalised != whole.normalised:
                    alternatives.append((alternative, analysis))
        return Query(whole=whole, alternatives=tuple(alternatives), title=title.strip())

    def label_normal_form(self, label: str, normalised: str) -> str:
        """A vocabulary label's normal form with its elided heads restored."""
        return normalise_title(expand_elisions(label, self.elided_head)) if "-" in label else normalised

    def elided_head(self, word: str) -> str:
        """Head part of a compound whose head an elision leaves out ("gezinsbemiddelaar")."""
        parts = self.splitter.split(word)
        return parts[-1] if len(parts) > 1 else ""

    def names_a_job(self, word: str) -> bool:
        """Whether a normalised word is a title on its own: its head is the head of a
        one-word title in the vocabulary ("salonbeheerder": "beheerder"), or it is a known
        single-word title."""
        if len(word) < 3 or word in STOPWORDS or word.endswith(ADJECTIVE_ENDINGS) or word in ADJECTIVES:
            return False
        return self.splitter.head(word) in self.title_heads or word in self.title_heads

    def analyse(self, normalised: str, query: bool = False) -> Analysis:
        """Word parts, head noun and (for queries) field words derived from agent nouns."""
        tokens = [token for token in normalised.split() if token not in STOPWORDS]
        parts: list[str] = []
        heads: list[str] = []
        for token in tokens:
            token_parts = self.splitter.split(token)
            parts.extend(token_parts)
            head = self.splitter.head(token)
            heads.append(head)
            if head not in token_parts:
                parts.append(head)
        head_index = head_token_index(normalised.split(), tokens)
        head = heads[head_index] if heads else ""
        head_token = tokens[head_index] if tokens else ""
        derived: list[str] = []
        if query and self._derived_part > 0:
            for token in tokens:
                derived.extend(stem for stem in agent_noun_stems(token, self.splitter.known) if stem not in parts)
        return Analysis(
            normalised=normalised,
            compact="".join(tokens),
            parts=tuple(dict.fromkeys(parts)),
            head=head,
            head_token=head_token,
            derived=tuple(dict.fromkeys(derived)),
        )


def head_token_index(words: list[str], tokens: list[str]) -> int:
    """Index (in ``tokens``) of the head noun: the first non-adjective before any preposition."""
    if not tokens:
        return 0
    before_preposition: list[str] = []
    for word in words:
        if word in PREPOSITIONS and before_preposition:
            break
        if word not in STOPWORDS:
            before_preposition.append(word)
    for position, token in enumerate(before_preposition):
        if token not in ADJECTIVES and not token.endswith(ADJECTIVE_ENDINGS):
            return position
    return max(0, len(before_preposition) - 1)


def without_generic_modifiers(normalised: str) -> str:
    """The compact title without its generic modifiers, or "" when it has none."""
    words = [word for word in normalised.split() if word not in STOPWORDS]
    kept = [word for word in words if word not in GENERIC_MODIFIERS]
    return "".join(kept) if kept and len(kept) < len(words) else ""
