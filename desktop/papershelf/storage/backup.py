"""Backups of the library file: SQLite's online backup API, verified, rotated, restored.

A backup is a plain single-file SQLite database in `<library>/backups/`, named
`library-YYYYmmdd-HHMMSS[-reason].sqlite` (UTC), so it can be opened by any SQLite tool. It
is copied page by page through `Connection.backup`, which reads one consistent snapshot
while other processes keep writing, then checked with `PRAGMA integrity_check` before it
gets its final name: a file under that name is always a complete, verified copy.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from papershelf.core.errors import StorageError

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
_NAME = re.compile(r"^library-(\d{8}-\d{6})(?:-(\d+))?(?:-([a-z0-9-]+?))?\.sqlite$")
_STALE_TMP_SECONDS = 3600


class BackupError(StorageError):
    """A backup could not be made, or failed verification (and was deleted)."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file, as `papershelf backups` lists it."""

    path: Path
    created: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        """The date a person recognises, e.g. '2026-11-26 22:40 UTC'."""
        return self.created.strftime("%Y-%m-%d %H:%M UTC")


def _open(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    return sqlite3.connect(str(path), timeout=10)


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check` of a database file: "ok", or what is wrong with it."""
    try:
        conn = _open(path, readonly=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    problems = [str(r[0]) for r in rows]
    return "ok" if problems == ["ok"] else "; ".join(problems[:3])


def paper_count(path: Path) -> int | None:
    """Live papers in a library or backup file; None when it cannot be read."""
    try:
        conn = _open(path, readonly=True)
        try:
            row = conn.execute("SELECT COUNT(*) FROM papers WHERE trashed_at IS NULL").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return int(row[0])


def _copy(source: Path, target: Path) -> None:
    """Copy a database through the online backup API into a self-contained file."""
    src = _open(source, readonly=True)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            # The copy must be one file: no -wal beside it that a move could leave behind.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _unique_name(folder: Path, reason: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    path = folder / f"library-{stamp}{suffix}.sqlite"
    n = 2
    while path.exists():  # two backups in one second: keep both
        path = folder / f"library-{stamp}-{n}{suffix}.sqlite"
        n += 1
    return path


def make_backup(db_path: Path, folder: Path, *, reason: str = "", keep: int = 10) -> Path:
    """Copy the library file into `folder`, verify the copy, and rotate old backups.

    Args:
        db_path: the live library file (other processes may be writing to it).
        folder: where backups are kept (created if needed).
        reason: a short lowercase tag in the file name, e.g. "before-import".
        keep: how many backups to keep, newest first; 0 keeps every one.

    Returns:
        The new backup's path.

    Raises:
        BackupError: the copy failed or did not pass `PRAGMA integrity_check`; nothing is
            left behind under a backup name.
    """
    reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the backup folder {folder}: {exc}") from exc
    final = _unique_name(folder, reason)
    tmp = folder / f".{final.stem}-{os.getpid()}.tmp"
    try:
        _copy(db_path, tmp)
    except (sqlite3.DatabaseError, OSError) as exc:
        _remove(tmp)
        raise BackupError(f"{db_path}: backup failed, nothing was written: {exc}") from exc
    verdict = integrity(tmp)
    if verdict != "ok":
        _remove(tmp)
        raise BackupError(
            f"{db_path}: the backup copy failed its integrity check ({verdict}) and was "
            "deleted; the library file itself may be damaged"
        )
    try:
        os.replace(tmp, final)
    except OSError as exc:
        _remove(tmp)
        raise BackupError(f"cannot write the backup {final}: {exc}") from exc
    rotate(folder, keep)
    return final


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _stamp_time(stamp: str) -> datetime:
    """The UTC moment of a backup name's `YYYYmmdd-HHMMSS`, as `strptime` reads it.

    Not `strptime` itself: it loads `_strptime`, `locale` and `calendar`, and every open
    lists the backups (the daily backup check).

    Raises:
        ValueError: not a real date or time (e.g. month 13).
    """
    d, t = stamp[:8], stamp[9:]
    return datetime(
        int(d[:4]), int(d[4:6]), int(d[6:]), int(t[:2]), int(t[2:4]), int(t[4:]), tzinfo=UTC
    )


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in `folder`, newest first (files that do not look like ours are ignored)."""
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        m = _NAME.match(path.name)
        if not m:
            continue
        created = _stamp_time(m.group(1))
        try:
            size = path.stat().st_size
        except OSError:
            continue
        out.append(BackupInfo(path, created, m.group(3) or "", size))
    out.sort(key=lambda b: (b.created, b.path.stat().st_mtime_ns, b.path.name), reverse=True)
    return out


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups (0 keeps all), and stale temporary copies."""
    removed = []
    if keep > 0:
        for info in list_backups(folder)[keep:]:
            _remove(info.path)
            removed.append(info.path)
    # A copy interrupted by a crash leaves a temporary file; an hour later it is garbage.
    with contextlib.suppress(OSError):
        for path in folder.glob(".library-*.tmp"):
            if time.time() - path.stat().st_mtime > _STALE_TMP_SECONDS:
                _remove(path)
    return removed


def newest_good(folder: Path) -> BackupInfo | None:
    """The newest backup that passes `PRAGMA integrity_check`."""
    for info in list_backups(folder):
        if integrity(info.path) == "ok":
            return info
    return None


def replace_database(backup: Path, db_path: Path) -> None:
    """Put a copy of `backup` in place of the library file, atomically.

    The old file's `-wal` and `-shm` are removed first: a leftover WAL would be replayed
    onto the restored file. The caller makes sure nobody is writing (and has backed up the
    old file, whose WAL content that backup includes).

    Raises:
        BackupError: the backup is unreadable or damaged, or the file cannot be replaced.
    """
    verdict = integrity(backup)
    if verdict != "ok":
        raise BackupError(f"{backup}: this backup is damaged ({verdict}); choose another")
    tmp = db_path.with_name(f".{db_path.name}-restore-{os.getpid()}.tmp")
    try:
        _copy(backup, tmp)
        for side in ("-wal", "-shm"):
            wal = db_path.with_name(db_path.name + side)
            if wal.exists():
                wal.unlink()
        os.replace(tmp, db_path)
    except (sqlite3.DatabaseError, OSError) as exc:
        _remove(tmp)
        raise BackupError(f"cannot restore {backup} over {db_path}: {exc}") from exc
