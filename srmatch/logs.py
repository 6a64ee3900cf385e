"""Failures in one place: describe them in one line, and keep the details of bugs in a log.

* :func:`describe_failure` turns any exception into the line a person reads, the same in the
  CLI and the TUI, and says whether it is a bug. What a user caused
  (:class:`srmatch.errors.UserFacingError`), a database that is locked or unreachable, and a
  file that cannot be read are not bugs: their line is enough. Everything else is a bug.
* :func:`report_failure` does that and writes a bug's traceback to ``crash.log`` in the data
  folder, adding "(details in …/crash.log)" to the line.
* :func:`configure_app_log` opens ``srmatch.log`` (same folder) for the terminal app, which
  cannot print tracebacks on a screen it is drawing; failures reported there go to it too.

The app log holds what failed and the exception type; only a bug's traceback (in both logs,
files readable by the user alone) carries its message, which names a field or a client number
at most, as the error policy asks of every message. Never a record's personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from srmatch.errors import UserFacingError, data_file_message
from srmatch.matching.problems import DataFileError

CRASH_LOG = "crash.log"
APP_LOG = "srmatch.log"
LOGGER_NAME = "srmatch"

logger = logging.getLogger(LOGGER_NAME)


@dataclass(frozen=True)
class Failure:
    """A failure as a person reads it."""

    message: str
    is_bug: bool


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def describe_failure(error: BaseException) -> Failure:
    """One line for ``error`` in the words the CLI and the TUI both use; is it a bug?"""
    if isinstance(error, UserFacingError):
        return Failure(_first_line(error), is_bug=False)
    if isinstance(error, DataFileError):
        return Failure(data_file_message(error), is_bug=False)
    from sqlalchemy.exc import DatabaseError, DBAPIError, InterfaceError, OperationalError

    if isinstance(error, DBAPIError):
        from srmatch.store.migrate import describe_db_error

        # Locked, unreachable, damaged: the environment, not the code. Integrity, programming
        # and data errors mean a service let bad input through or built a wrong query: bugs.
        environmental = isinstance(error, (OperationalError, InterfaceError)) or type(error) is DatabaseError
        message = describe_db_error(error)
        return Failure(message if environmental else f"{type(error).__name__}: {message}", is_bug=not environmental)
    if isinstance(error, OSError) and not isinstance(error, (BrokenPipeError, ConnectionError)):
        where = f": {error.filename}" if error.filename else ""
        return Failure(f"{error.strerror or _first_line(error)}{where}", is_bug=False)
    return Failure(f"{type(error).__name__}: {_first_line(error)}", is_bug=True)


def log_folder() -> Path:
    """The data folder (``SRMATCH_DATA_DIR`` or the platform's), where both logs live."""
    from srmatch.config import data_dir

    return data_dir()


def record_crash(error: BaseException, *, where: str) -> Path | None:
    """Append the traceback of a bug to ``crash.log`` (0600); None when it cannot be written."""
    path = log_folder() / CRASH_LOG
    header = f"--- {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} {where}: {type(error).__name__}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(header + "".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def report_failure(error: BaseException, *, where: str) -> str:
    """The line to show for ``error``; a bug's traceback goes to crash.log (and the app log)."""
    from srmatch.i18n import t

    failure = describe_failure(error)
    if not failure.is_bug:
        logger.info("%s failed: %s", where, type(error).__name__)  # the message may name a client number
        return failure.message
    logger.error("%s: unexpected error", where, exc_info=error)
    path = record_crash(error, where=where)
    if path is None:
        return t("error.bug_unlogged", error=failure.message)
    return t("error.bug", error=failure.message, log=str(path))


def configure_app_log() -> Path | None:
    """Send srmatch's log records to ``srmatch.log`` in the data folder (for the terminal app).

    Idempotent; returns the log file, or None when the folder cannot be written (the app then
    runs without a log file rather than not at all).
    """
    path = log_folder() / APP_LOG
    for handler in list(logger.handlers):
        if isinstance(handler, logging.FileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            logger.removeHandler(handler)  # another data folder (a test, a second app): one log at a time
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(descriptor)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
