"""Typed errors whose `str()` is a message fit to show a user."""

from __future__ import annotations


class PapershelfError(Exception):
    """Base of every expected, user-facing error."""


class NotFoundError(PapershelfError):
    """A paper, tag or saved search the user named does not exist."""


class InvalidInputError(PapershelfError):
    """A value the user typed is out of range or malformed."""


class QueryError(PapershelfError):
    """A search query that cannot be parsed; the message is one line."""


class StorageError(PapershelfError):
    """The library file cannot be opened or written."""


class ImportFormatError(PapershelfError):
    """An input file that cannot be read at all, naming the file and, if known, the line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message


class LibraryDamagedError(StorageError):
    """The library file is not a readable SQLite database (corrupt or truncated).

    `backup` is the newest backup that passes its integrity check (None if there is none),
    so the CLI can print the exact restore command and the GUI can offer to restore it.
    """

    def __init__(self, message: str, *, db_path: str, backup: str | None, backup_date: str):
        super().__init__(message)
        self.db_path = db_path
        self.backup = backup
        self.backup_date = backup_date
