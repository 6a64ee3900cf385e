"""Store errors with messages a person can act on."""

from srmatch.errors import UserFacingError


class StoreError(UserFacingError):
    """A database problem explained in one line (no traceback for the user)."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened: missing folder, unreadable, locked, or not a database."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer srmatch; opening it could damage it."""


class AuditLogAppendOnly(StoreError):
    """Something tried to change or delete an audit event; the log is only ever appended to."""


class BackupFailed(StoreError):
    """A backup copy could not be written; the message names the file and the reason."""
