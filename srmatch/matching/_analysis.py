"""Read a normalised title the way the scorers need it: word parts, head noun, field words.

In a Dutch title the head noun decides the job ("chauffeur" in "vrachtwagenchauffeur",
"medewerker" in "medewerker schoonmaak"); the rest narrows it down. Compounds are cut
against the vocabulary's own words, so the same analysis runs over every vocabulary label
and over every query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from srmatch.matching._alternatives import agent_noun_stems, double_title_alternatives, expand_elisions
from srmatch.matching._compounds import CompoundSplitter
from srmatch.matching._normalise import STOPWORDS, normalise_title
from srmatch.matching._why import WhyPart, part
from srmatch.matching.vocabulary import TitleQualifier

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
    # Word parts of qualifiers: parentheticals ("Kok (zelfstandig werkend)") and school
    # levels of teaching roles ("hbo" -> "hoger onderwijs"); weaker evidence than the title.
    qualifiers: tuple[str, ...] = ()
    # The parts that narrow the role down: the title's parts other than its head and the
    # words of a recognised school level ("docent 2e graads wiskunde" -> "wiskunde").
    field: tuple[str, ...] = ()
    # The same field as the title writes it, for reasons ("zelfstandig werkend", not the
    # parts "zelfstandig werk end").
    field_text: str = ""


@dataclass(frozen=True, slots=True)
class Query:
    """A title as scored: the whole title plus, for a double title, each alternative."""

    whole: Analysis
    alternatives: tuple[tuple[str, Analysis], ...]
    title: str
    # How the title was read, for the reason: "qualifier 'zelfstandig werkend'", "level 'hbo'".
    notes: tuple[WhyPart, ...] = ()
    # Alternatives joined by a slash ("Lasser / constructiebankwerker").
    slash: bool = False
    # Settings in parentheses ("zelfstandig werkend" in "Kok (zelfstandig werkend)"): the
    # one alternative is then the title without them.
    settings: tuple[str, ...] = ()
    # How much the best alternative counts against the whole title (0: not at all).
    blend: float = 0.0


class TitleAnalyser:
    """Analyses titles against one vocabulary's word inventory."""

    def __init__(
        self, splitter: CompoundSplitter, derived_part: float, qualifiers: Sequence[TitleQualifier] = ()
    ) -> None:
        self.splitter = splitter
        self._derived_part = derived_part
        self._levels = [q for q in qualifiers if q.kind == "level"]
        self._exclusions = frozenset(q.phrase for q in qualifiers if q.kind == "exclusion")
        self._grades = frozenset(q.phrase for q in qualifiers if q.kind == "grade")
        # Heads of one-word titles: words that name a job on their own ("kapper", "hulp").
        self.title_heads: frozenset[str] = frozenset()

    def learn_title_heads(self, analyses: list[Analysis]) -> None:
        """Remember the heads of the vocabulary's one-word titles (for double titles)."""
        self.title_heads = frozenset(a.head for a in analyses if a.normalised and " " not in a.normalised)

    def query(
        self,
        title: str,
        alternative_blend: float,
        slash_blend: float = 0.0,
        read_qualifiers: bool = True,
        setting_blend: float = 0.0,
    ) -> Query:
        """The title as written, read into its whole, its qualifiers and (for double titles
        and titles with a setting in parentheses) its alternatives."""
        if not isinstance(title, str):
            title = str(title)
        settings: list[tuple[str, str]] = []
        if read_qualifiers:
            main, qualifier_texts, notes, level_phrases, settings = self._qualifiers(title)
        else:
            main, qualifier_texts, notes, level_phrases = title, [], [], []
        expanded = expand_elisions(main, self.elided_head) if "-" in main else main
        whole = self.analyse(normalise_title(expanded), query=True)
        level_parts = set(self._qualifier_parts(" ".join(level_phrases), ()))
        whole = Analysis(
            normalised=whole.normalised, compact=whole.compact, parts=whole.parts, head=whole.head,
            head_token=whole.head_token, derived=whole.derived,
            qualifiers=self._qualifier_parts(" ".join(qualifier_texts), whole.parts) if qualifier_texts else (),
            field=tuple(part for part in whole.parts if part != whole.head and part not in level_parts),
            field_text=_field_text(whole, level_phrases),
        )
        slash = bool(_SLASH.search(main))
        if settings and setting_blend > 0 and whole.normalised:
            # The job is named outside the parentheses; the setting narrows it down. The
            # title without the setting is the alternative ("Kok" for "Kok (zelfstandig werkend)").
            bare = main
            for written, content in settings:
                bare = bare.replace(f" {content} ", " ", 1)
            bare = " ".join(bare.split())
            analysis = self.analyse(normalise_title(expand_elisions(bare, self.elided_head) if "-" in bare else bare), query=True)
            if analysis.normalised and analysis.normalised != whole.normalised:
                return Query(
                    whole=whole, alternatives=((bare, analysis),), title=title.strip(), notes=tuple(notes),
                    slash=slash, settings=tuple(content.strip() for _, content in settings), blend=setting_blend,
                )
        blend = slash_blend if slash else alternative_blend
        alternatives: list[tuple[str, Analysis]] = []
        if whole.normalised and blend > 0:
            for alternative in double_title_alternatives(expanded, self.names_a_job):
                analysis = self.analyse(normalise_title(alternative), query=True)
                if analysis.normalised and analysis.normalised != whole.normalised:
                    alternatives.append((alternative, analysis))
        return Query(
            whole=whole, alternatives=tuple(alternatives), title=title.strip(), notes=tuple(notes), slash=slash,
            blend=blend if alternatives else 0.0,
        )

    def _qualifiers(self, title: str) -> tuple[str, list[str], list[WhyPart], list[str], list[tuple[str, str]]]:
        """Read parenthetical qualifiers and school levels of teaching roles.

        Returns the title as scored, the qualifier texts (school levels), notes for the
        reason, the level phrases found in the title itself and the settings kept in the
        title (as written, and their text). A parenthetical that
        starts with an exclusion ("excl.", "geen") says what the job is not, one made of
        grade words ("hoger") how senior it is: both are left out and noted; a school level
        of a teaching role ("(hbo)") is read as the level it names.
        """
        qualifiers: list[str] = []
        notes: list[WhyPart] = []
        groups = [(match.group(0), match.group(1)) for match in _PARENTHETICAL.finditer(title)]
        main = title
        for written, _ in groups:
            main = main.replace(written, " ")
        if not normalise_title(main):
            return title, [], [], [], []
        head_words = normalise_title(main).split()[:1]
        role = head_words[0] if head_words else ""
        levels = [level for level in self._levels if role in level.roles]
        level_phrases: list[str] = []
        # A setting or speciality in parentheses ("Schilder (burgerbouw)") narrows the job
        # the way a modifier in a label does ("schilder bouw"), so its words stay in the
        # title; measured: reading them as weaker qualifier words lost most exact label
        # hits on the held-out ESCO proxy (benchmarks/title_forms_proxy.py). The title
        # without the setting is returned as well, and ``query`` scores it as an
        # alternative (``TitleWeights.setting_blend``), so that a setting no label names
        # ("Kok (zelfstandig werkend)") cannot lead away from the job.
        kept = title
        settings: list[tuple[str, str]] = []
        for written, content in groups:
            words = _folded_words(content)
            text = " ".join(words)
            level = next((lv for lv in levels if _has_phrase(text, lv.phrase)), None)
            if level is not None:
                qualifiers.append(level.expansion)
                notes.append(part("school_level", text=content.strip(), level=level.expansion))
            elif words and words[0] in self._exclusions:
                notes.append(part("exclusion", text=content.strip()))
            elif words and all(word in self._grades for word in words):
                notes.append(part("grade", text=content.strip()))
            else:
                kept = kept.replace(written, f" {content} ", 1)
                if words:
                    settings.append((written, content))
                continue
            kept = kept.replace(written, " ", 1)
        main = kept
        folded_main = " ".join(_folded_words(main))
        for level in levels:
            if _has_phrase(folded_main, level.phrase) and level.expansion not in qualifiers:
                qualifiers.append(level.expansion)
                level_phrases.append(level.phrase)
                notes.append(part("school_level", text=level.phrase, level=level.expansion))
                break
        return main, qualifiers, notes, level_phrases, settings

    def _qualifier_parts(self, text: str, title_parts: Sequence[str]) -> tuple[str, ...]:
        parts: list[str] = []
        for token in normalise_title(text).split():
            if token in STOPWORDS:
                continue
            parts.extend(part for part in self.splitter.split(token) if part not in title_parts)
        return tuple(dict.fromkeys(parts))

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


_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
# A slash between alternatives ("Lasser / constructiebankwerker", "lasser/bankwerker"), not in "m/v".
_SLASH = re.compile(r"\w{3,}\s*/\s*\w{3,}")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _field_text(analysis: Analysis, level_phrases: Sequence[str]) -> str:
    """The title's words other than its head and a school level, as normalised ("docent 2e
    graads wiskunde" -> "wiskunde")."""
    level_words = {word for phrase in level_phrases for word in phrase.split()}
    words = analysis.normalised.split()
    if analysis.head_token in words:
        words.remove(analysis.head_token)
    words = [word for word in words if word not in level_words]
    while words and words[0] in STOPWORDS:
        words.pop(0)
    while words and words[-1] in STOPWORDS:
        words.pop()
    return " ".join(words)


def _has_phrase(text: str, phrase: str) -> bool:
    """Whether folded ``text`` holds ``phrase`` as whole words."""
    return re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", text) is not None


def _folded_words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` without any further normalisation ("hbo" stays)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [word for word in _NON_WORD.split(plain) if word]


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
