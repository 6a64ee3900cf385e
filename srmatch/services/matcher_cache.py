"""The prepared title matcher, cached on disk so one-off commands skip seconds of preparation.

Preparing a ``TitleMatcher`` for all of ESCO takes about 3 s of CPU; loading it from this
cache about 0.4 s. The cache file is keyed by everything the prepared matcher depends on
(:func:`preparation_key`): the concepts themselves, the shipped data files the matcher and
its normaliser read, the source of ``srmatch.matching``, and the srmatch, Python and numpy
versions. Another vocabulary, an edited data file or a new release gives another key, so a
stale matcher is never used; the next call prepares and stores a new one.

Safe load and atomic store are ``srmatch.services.pickle_cache``'s (shared with the matching
engine's cached sides): a damaged, foreign or unreadable file is ignored and the matcher is
rebuilt and the file rewritten; a cache folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import srmatch
from srmatch.matching import titles as titles_module
from srmatch.matching.resources import data_path
from srmatch.matching.titles import TitleMatcher
from srmatch.matching.vocabulary import Vocabulary
from srmatch.services import pickle_cache

__all__ = ["PreparedMatcher", "matcher_cache_dir", "prepared_matcher", "preparation_key"]

_MAGIC = b"srmatch-title-matcher-v1\n"
_KEEP_FILES = 3
#: Shipped data files a prepared matcher depends on (read while preparing or normalising).
MATCHER_DATA_FILES = (
    "title_synonyms_nl.csv",
    "title_abbreviations_nl.csv",
    "title_noise_words_nl.csv",
    "title_word_exceptions_nl.csv",
    "title_qualifiers_nl.csv",
)


@dataclass(frozen=True)
class PreparedMatcher:
    """A ready matcher and where it came from (``"cache"`` or ``"built"``)."""

    matcher: TitleMatcher
    source: str
    key: str


def matcher_cache_dir() -> Path:
    """The folder holding cached matchers: ``cache/`` in srmatch's user data folder."""
    return pickle_cache.cache_dir()


def preparation_key(vocabulary: Vocabulary) -> str:
    """A digest of everything a prepared matcher for ``vocabulary`` depends on."""
    digest = hashlib.sha256()
    digest.update(f"{srmatch.__version__}|{platform.python_version()}|{np.__version__}|{sys.byteorder}".encode())
    package = Path(titles_module.__file__).resolve().parent
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for name in MATCHER_DATA_FILES:
        path = data_path(name)
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    digest.update(vocabulary.source.encode() + b"\0")
    for concept in vocabulary.concepts:
        row = [
            concept.uri, concept.preferred_label, concept.kind, concept.isco_code,
            list(concept.alt_labels), list(concept.hidden_labels), concept.code, concept.description,
        ]
        digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def prepared_matcher(vocabulary: Vocabulary, folder: Path | None = None) -> PreparedMatcher:
    """The matcher for ``vocabulary``: loaded from the cache when a sound file for exactly
    this vocabulary is there, otherwise prepared and stored for next time."""
    folder = matcher_cache_dir() if folder is None else folder
    key = preparation_key(vocabulary)
    path = folder / f"title-matcher-{key[:32]}.pickle"
    matcher = _load(path)
    if matcher is not None:
        return PreparedMatcher(matcher=matcher, source="cache", key=key)
    matcher = TitleMatcher(vocabulary)
    _store(path, matcher)
    return PreparedMatcher(matcher=matcher, source="built", key=key)


def _load(path: Path) -> TitleMatcher | None:
    return pickle_cache.load(path, _MAGIC, TitleMatcher)


def _store(path: Path, matcher: TitleMatcher) -> None:
    pickle_cache.store(path, _MAGIC, matcher, keep=_KEEP_FILES)
