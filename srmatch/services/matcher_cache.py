"""The prepared title matcher, cached on disk so one-off commands skip seconds of preparation.

Preparing a ``TitleMatcher`` for all of ESCO takes about 3 s of CPU; loading it from this
cache about 0.4 s. The cache file is keyed by everything the prepared matcher depends on
(:func:`preparation_key`): the concepts themselves, the shipped data files the matcher and
its normaliser read, the source of ``srmatch.matching``, and the srmatch, Python and numpy
versions. Another vocabulary, an edited data file or a new release gives another key, so a
stale matcher is never used; the next call prepares and stores a new one.

Safe load: a file is only unpickled when its header names this format and the SHA-256
digest of its payload matches; anything else (truncated, corrupt, another format, an
unpickling error, an object of the wrong kind) is ignored, and the matcher is rebuilt and
the file rewritten. The digest guards against damage, not against someone who can already
write the user's own files: the cache lives in the user's data folder, created 0600, like
the database. Writing is atomic (temporary file, then rename), so two processes never see
half a file. A cache folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import platform
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import srmatch
from srmatch.matching import titles as titles_module
from srmatch.matching.resources import data_path
from srmatch.matching.titles import TitleMatcher
from srmatch.matching.vocabulary import Vocabulary

__all__ = ["PreparedMatcher", "matcher_cache_dir", "prepared_matcher", "preparation_key"]

_LOG = logging.getLogger(__name__)
_MAGIC = b"srmatch-title-matcher-v1\n"
_DIGEST_SIZE = 64  # hex characters of a SHA-256 digest
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
    from srmatch.config import data_dir

    return data_dir() / "cache"


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
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header_size = len(_MAGIC) + _DIGEST_SIZE + 1
    if not raw.startswith(_MAGIC) or len(raw) <= header_size:
        _LOG.warning("title matcher cache %s is not a cache file; rebuilding", path.name)
        return None
    digest = raw[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE].decode("ascii", "replace")
    payload = memoryview(raw)[header_size:]
    if hashlib.sha256(payload).hexdigest() != digest:
        _LOG.warning("title matcher cache %s is damaged (digest mismatch); rebuilding", path.name)
        return None
    try:
        matcher = pickle.loads(payload)
    except Exception:  # a sound digest over a payload this code cannot read: rebuild
        _LOG.warning("title matcher cache %s cannot be read; rebuilding", path.name, exc_info=True)
        return None
    return matcher if isinstance(matcher, TitleMatcher) else None


def _store(path: Path, matcher: TitleMatcher) -> None:
    try:
        payload = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".title-matcher-", suffix=".tmp")
        try:
            os.chmod(temporary, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(_MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n")
                handle.write(payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path.parent, keep=path)
    except OSError as error:
        _LOG.warning("title matcher cache not written (%s); the next run prepares the matcher again", error)


def _prune(folder: Path, keep: Path) -> None:
    """Keep the few most recent cache files (say, the real and the demo database)."""
    files = sorted(folder.glob("title-matcher-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in [p for p in files if p != keep][_KEEP_FILES - 1 :]:
        stale.unlink(missing_ok=True)
