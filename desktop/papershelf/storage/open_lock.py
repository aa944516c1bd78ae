"""Who has the library open: a shared lock per open library, an exclusive one to replace it.

SQLite's own locks say who is writing right now, not who will write next: a window idle on
the library still holds a connection to the file. Restoring a backup replaces that file, and
the window would go on writing into the replaced (deleted) one, every edit silently lost.
So every open `Library` holds a shared `flock` on `<library>/.open-lock`, and a restore
takes it exclusively or refuses. `flock` locks a separate small file, never the database
(closing any handle on the database itself would drop SQLite's POSIX locks).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from papershelf.core.errors import StorageError

if sys.platform != "win32":  # Windows has no flock; the restore's write-lock check remains
    import fcntl

LOCK_FILE = ".open-lock"


class OpenLock:
    """A shared hold on the library, released by `release` (idempotent)."""

    def __init__(self, library: Path) -> None:
        self._fd: int | None = None
        if sys.platform == "win32":
            return
        try:
            fd = os.open(library / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return  # a read-only library folder: nothing can be restored over it anyway
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
        except OSError:
            os.close(fd)
            return
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing releases the flock
            self._fd = None


@contextlib.contextmanager
def exclusive(library: Path, what: str) -> Iterator[None]:
    """Hold the library alone for `what`, or raise at once if anyone has it open.

    Raises:
        StorageError: another window or command has the library open.
    """
    if sys.platform == "win32":
        yield
        return
    try:
        fd = os.open(library / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StorageError(f"{library}: cannot lock the library for {what}: {exc}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StorageError(
                f"{library} is open in Papershelf (a window or a running command); close it, "
                f"then try the {what} again"
            ) from None
        yield
    finally:
        os.close(fd)
