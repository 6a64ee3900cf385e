"""What a user caused, as opposed to a bug: the error policy of srmatch (docs/architecture.md).

A service raises a :class:`UserFacingError` subclass when the input or the state of the data
is wrong: the person at the keyboard can act on it. Its message is one line that names the
row, field and value, and never a command-line flag (a screen calls the same service). The
CLI prints it as ``srmatch: error: <message>``; a screen shows it as a notification. Every
other exception is a bug: the user gets one line, the traceback goes to ``crash.log``
(``srmatch.logs``). Nothing here imports a database or UI library.

A reference file that an administrator edits (``data/matching.toml``, the requirement lists,
the postcode tables) is read by the pure ``srmatch.matching`` layer, which cannot reach the
message catalogue: its :class:`~srmatch.matching.problems.DataFileError` carries a message key
and values, and :func:`data_file_message` says it in the user's language. It is the user's
error too (the file is theirs to correct), never a bug.
"""

from __future__ import annotations

from srmatch.matching.problems import DataFileError


class UserFacingError(Exception):
    """Raised by services when input or state is wrong; the message names what and why."""


class NotFound(UserFacingError, LookupError):
    """No record with the key the user gave (a client number, a reference, an id)."""


class InvalidRequest(UserFacingError, ValueError):
    """A value the user gave is out of range or malformed (a limit, a count, a period)."""


def data_file_message(error: DataFileError) -> str:
    """The one line for a damaged reference file, in the current language."""
    from srmatch.i18n import t

    return t(error.key, **error.values)
