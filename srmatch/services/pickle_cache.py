"""Prepared objects cached on disk, loaded only when sound: one place for both caches.

The title matcher (``matcher_cache.py``) and the matching engine's encoded sides
(``matching.py``) take seconds to prepare and a fraction of that to load. Each is stored as
one file in ``cache/`` of the user's data folder: a line naming the format, the SHA-256
digest of the payload, then the pickled payload.

Safe load: a file is only unpickled when its first line names the expected format and the
digest of its payload matches; anything else (truncated, corrupt, another format, an
unpickling error, an object of the wrong kind) is ignored and the caller prepares the object
again and rewrites the file. The digest guards against damage, not against someone who can
already write the user's own files: the folder is the user's data folder and every file is
created 0600, like the database. Writing is atomic (temporary file, then rename), so two
processes never see half a file, and a folder that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "load", "store"]

_LOG = logging.getLogger(__name__)
_DIGEST_SIZE = 64  # hex characters of a SHA-256 digest
T = TypeVar("T")


def cache_dir() -> Path:
    """The folder holding cached objects: ``cache/`` in srmatch's user data folder."""
    from srmatch.config import data_dir

    return data_dir() / "cache"


def load(path: Path, magic: bytes, kind: type[T]) -> T | None:
    """The object stored at ``path`` if the file is sound and holds a ``kind``; else None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    header_size = len(magic) + _DIGEST_SIZE + 1
    if not raw.startswith(magic) or len(raw) <= header_size:
        _LOG.warning("cache file %s is not a cache file; preparing again", path.name)
        return None
    digest = raw[len(magic) : len(magic) + _DIGEST_SIZE].decode("ascii", "replace")
    payload = memoryview(raw)[header_size:]
    if hashlib.sha256(payload).hexdigest() != digest:
        _LOG.warning("cache file %s is damaged (digest mismatch); preparing again", path.name)
        return None
    try:
        value = pickle.loads(payload)
    except Exception:  # a sound digest over a payload this code cannot read: prepare again
        _LOG.warning("cache file %s cannot be read; preparing again", path.name, exc_info=True)
        return None
    return value if isinstance(value, kind) else None


def store(path: Path, magic: bytes, value: object, *, keep: int = 3) -> None:
    """Write ``value`` to ``path`` atomically (0600); keep the ``keep`` most recent files that
    share its name up to the last dash (``title-matcher-*.pickle``). Never raises for a
    folder that cannot be written: the next run prepares the object again."""
    stem = path.name.rsplit("-", 1)[0]
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{stem}-", suffix=".tmp")
        try:
            os.chmod(temporary, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(magic + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n")
                handle.write(payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(path.parent, f"{stem}-*{path.suffix}", keep_path=path, keep=keep)
    except OSError as error:
        _LOG.warning("cache file %s not written (%s); the next run prepares it again", path.name, error)


def _prune(folder: Path, pattern: str, *, keep_path: Path, keep: int) -> None:
    """Keep the few most recent files of one kind (say, the real and the demo database)."""
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in [p for p in files if p != keep_path][keep - 1 :]:
        stale.unlink(missing_ok=True)
