"""The log file a bug report can attach: rotating, in the platform's per-user log folder.

The window always logs (a crash report without a log is guesswork); the command line logs
only when asked (`--verbose` or `PAPERSHELF_LOG=1`), so scripted calls leave no files behind.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from papershelf import __version__

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

# logging.handlers and platformdirs are imported when a log file is set up: `app.py` imports
# this module on every start, and a command line call without --verbose writes no log.

ENV_LOG = "PAPERSHELF_LOG"
"""Set to 1 to make command-line calls log to the file too (the window always does)."""
ENV_LOG_DIR = "PAPERSHELF_LOG_DIR"
"""Another folder for the log file (portable installs, tests)."""

LOG_FILE_NAME = "papershelf.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3  # papershelf.log plus .1 .. .3: at most ~4 MB
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_dir() -> Path:
    """The folder of the log file, e.g. ~/.local/state/papershelf/log on Linux."""
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_path

    return user_log_path("papershelf", appauthor=False)


def log_file() -> Path:
    """Where the log is written: the active handler's file, else where it would go."""
    handler = _our_handler()
    if handler is not None:
        return Path(handler.baseFilename)
    return log_dir() / LOG_FILE_NAME


def logging_requested() -> bool:
    """Whether `PAPERSHELF_LOG` asks command-line calls to log to the file."""
    return os.environ.get(ENV_LOG, "").strip().lower() not in ("", "0", "no", "false", "off")


def setup_logging(level: int = logging.INFO, *, directory: Path | None = None) -> Path | None:
    """Send log records of `level` and above to the rotating log file (once per process).

    Args:
        level: the lowest level written to the file.
        directory: the log folder; by default `log_dir()`.

    Returns:
        The log file's path, or None when the folder cannot be written (the app still runs;
        the reason goes to stderr, which is all a read-only home leaves us).
    """
    existing = _our_handler()
    if existing is not None:
        existing.setLevel(min(existing.level, level))
        logging.getLogger().setLevel(min(logging.getLogger().level, level))
        return Path(existing.baseFilename)
    from logging.handlers import RotatingFileHandler

    folder = directory or log_dir()
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=False
        )
    except OSError as exc:
        if sys.stderr is not None:  # None in a windowed app without a console
            sys.stderr.write(f"papershelf: cannot write the log file {path}: {exc}\n")
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    log.info("Papershelf %s on Python %s (%s)", __version__, sys.version.split()[0], sys.platform)
    return path


def stop_logging() -> None:
    """Close and remove the file handler (tests, and a clean exit flushes it)."""
    handler = _our_handler()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """Log an exception nobody caught and return its traceback text for a report.

    Returns:
        The formatted traceback, as the user would paste it into a bug report.
    """
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("Uncaught exception\n%s", text.rstrip())
    return text


_HANDLER_NAME = "papershelf-file"


def _our_handler() -> RotatingFileHandler | None:
    if "logging.handlers" not in sys.modules:
        return None  # no RotatingFileHandler exists yet
    from logging.handlers import RotatingFileHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler) and handler.get_name() == _HANDLER_NAME:
            return handler
    return None
