"""What a user caused, as opposed to a bug: the error policy of srmatch (docs/architecture.md).

A service raises a :class:`UserFacingError` subclass when the input or the state of the data
is wrong: the person at the keyboard can act on it. Its message is one line that names the
row, field and value, and never a command-line flag (a screen calls the same service). The
CLI prints it as ``srmatch: error: <message>``; a screen shows it as a notification. Every
other exception is a bug: the user gets one line, the traceback goes to ``crash.log``
(``srmatch.logs``). Nothing here imports a database or UI library.
"""


class UserFacingError(Exception):
    """Raised by services when input or state is wrong; the message names what and why."""


class NotFound(UserFacingError, LookupError):
    """No record with the key the user gave (a client number, a reference, an id)."""


class InvalidRequest(UserFacingError, ValueError):
    """A value the user gave is out of range or malformed (a limit, a count, a period)."""
