"""A reference file that an administrator edits and that cannot be used: said in any language.

``matching`` stays free of the message catalogue (``tests/test_architecture.py``), as the
reasons of a title suggestion do (``_why.py``): an error carries a message key and its values,
its ``str()`` is the English wording of its class's :attr:`DataFileError.english`, and the layer
that shows it translates the key (``srmatch.errors.data_file_message``). The English catalogue
holds the same wording under the same key (``tests/test_data_file_errors.py``).
"""

from __future__ import annotations

from typing import Any, ClassVar


class DataFileError(ValueError):
    """A file in ``data/`` (or one the user gave) that cannot be used; names file, row, field, value."""

    #: message key -> English wording with ``{placeholders}``; each subclass lists its own.
    english: ClassVar[dict[str, str]] = {}

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.english[key].format(**values))
