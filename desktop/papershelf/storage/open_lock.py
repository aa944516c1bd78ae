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


IMPORTS_DIR = ".imports"


class ImportClaim:
    """An exclusive `flock` on `<library>/.imports/<id>.lock` while an import is running.

    A staged import's hidden papers (`storage/staging.py`) belong to a live process exactly
    as long as this lock is held: the kernel drops it when the process dies, however it
    dies, and the next open discards what was left (`import_is_alive`).
    """

    def __init__(self, library: Path, import_id: str) -> None:
        folder = library / IMPORTS_DIR
        self.path = folder / f"{import_id}.lock"
        self._fd: int | None = None
        if sys.platform == "win32":
            return
        try:
            folder.mkdir(exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"cannot start the import in {library}: {exc}") from exc
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing releases the flock
            self._fd = None

    def __enter__(self) -> ImportClaim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def staged_imports_supported() -> bool:
    """Staged imports need `flock` to tell a running import from a dead one."""
    return sys.platform != "win32"


def import_is_alive(library: Path, import_id: str) -> bool:
    """Whether a process still runs the import `import_id` (holds its claim)."""
    if sys.platform == "win32":
        return True  # never discard what might be live
    path = library / IMPORTS_DIR / f"{import_id}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return True
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        path.unlink()
    return False
