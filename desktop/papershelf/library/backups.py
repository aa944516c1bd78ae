"""When backups are taken, how a damaged library file is recognised, and restoring one.

Automatic backups: daily (on open, when the newest is older than 24 h), before a schema
migration of a library that has papers, before a bulk import and before a reindex. A failed
automatic backup never stops the user's work; it is logged and the next occasion tries again.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from papershelf.config.paths import DB_FILE, INDEX_DIR
from papershelf.core.errors import LibraryDamagedError, PapershelfError, StorageError
from papershelf.storage.backup import (
    BACKUP_DIR,
    BackupError,
    BackupInfo,
    integrity,
    list_backups,
    make_backup,
    newest_good,
    paper_count,
    replace_database,
)
from papershelf.storage.open_lock import exclusive

log = logging.getLogger(__name__)

DAILY = timedelta(hours=24)
BULK_IMPORT_BACKUP_MIN = 50
"""An import of at least this many papers is preceded by a backup."""

_MAGIC = b"SQLite format 3\x00"


def backups_dir(library: Path) -> Path:
    return library / BACKUP_DIR


def _keep(library: Path) -> int:
    from papershelf.config.settings import Settings, load_settings

    try:
        return load_settings(library).backups_keep
    except PapershelfError:  # an unreadable settings file must not stop a backup
        return Settings().backups_keep


def backup_now(library: Path, reason: str = "") -> Path:
    """Back up the library file now (keeping `settings.backups_keep`); returns the file.

    Raises:
        BackupError: the copy failed or did not verify.
    """
    return make_backup(library / DB_FILE, backups_dir(library), reason=reason, keep=_keep(library))


def auto_backup(library: Path, reason: str) -> Path | None:
    """A backup that must not get in the way: failures are logged, not raised."""
    db_path = library / DB_FILE
    if not db_path.exists() or not paper_count(db_path):
        return None  # an empty library has nothing to lose
    try:
        return backup_now(library, reason)
    except StorageError as exc:
        log.warning("automatic backup (%s) not taken: %s", reason, exc)
        return None


def list_library_backups(library: Path) -> list[tuple[BackupInfo, int | None]]:
    """The library's backups, newest first, each with its paper count (None: unreadable)."""
    return [(info, paper_count(info.path)) for info in list_backups(backups_dir(library))]


def daily_backup_due(library: Path, now: datetime | None = None) -> bool:
    newest = list_backups(backups_dir(library))
    return not newest or (now or datetime.now(UTC)) - newest[0].created >= DAILY


def check_readable(db_path: Path) -> None:
    """Refuse a library file that is not a whole SQLite database, before anything writes.

    Cheap: SQLite reads the header (`PRAGMA page_count`), and `PRAGMA quick_check` runs only
    when the header promises more pages than the file holds (a truncated copy; or pages still
    in the WAL, which quick_check, reading through the WAL, accepts).

    Only ever through SQLite, never a plain file handle: closing any handle on the file drops
    every POSIX lock this process holds on it, including those of the window's own
    connection, and another process could then checkpoint the WAL away under it.

    Raises:
        LibraryDamagedError: naming the file and the newest good backup.
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"{db_path}: cannot read the library file: {exc}") from exc
    if size == 0:
        return  # a new library: SQLite writes the header on the first change
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged_error(db_path, "it is not a SQLite database") from exc
        raise StorageError(f"{db_path}: cannot read the library file: {exc}") from exc
    if pages * page_size > size:
        verdict = integrity_quick(db_path)
        if verdict != "ok":
            raise damaged_error(db_path, f"it is truncated ({verdict})")


def integrity_quick(db_path: Path) -> str:
    try:
        conn = sqlite3.connect(str(db_path), timeout=10)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    problems = [str(r[0]) for r in rows]
    return "ok" if problems == ["ok"] else "; ".join(problems[:3])


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite reported a damaged file (not a lock, a full disk or a read-only one)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        isinstance(exc, sqlite3.DatabaseError)
        and code is not None
        and code & 0xFF
        in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
        )
    )


def damaged_error(db_path: Path, detail: str) -> LibraryDamagedError:
    """The error for a damaged library file, naming the newest good backup if any."""
    good = newest_good(backups_dir(db_path.parent))
    if good is None:
        advice = "there is no backup to restore"
        return LibraryDamagedError(
            f"{db_path}: the library file is damaged ({detail}); {advice}",
            db_path=str(db_path),
            backup=None,
            backup_date="",
        )
    return LibraryDamagedError(
        f"{db_path}: the library file is damaged ({detail}); the newest good backup is "
        f"{good.path.name} from {good.label}",
        db_path=str(db_path),
        backup=str(good.path),
        backup_date=good.label,
    )


@dataclass
class RestoreReport:
    """What `restore_backup` did: the backup put back and where the old file went."""

    restored: Path
    saved_current: Path | None
    papers: int
    indexed: int = 0


def find_backup(library: Path, name: str | None) -> BackupInfo:
    """The backup a user named (a file name in backups/ or a path), or the newest good one.

    Raises:
        StorageError: no such backup, or none that passes its integrity check.
    """
    folder = backups_dir(library)
    if name is None:
        good = newest_good(folder)
        if good is None:
            raise StorageError(f"{folder}: no backup that passes its integrity check")
        return good
    for info in list_backups(folder):
        if name in (info.path.name, str(info.path)):
            return info
    path = Path(name).expanduser()
    if path.is_file():
        stat = path.stat()
        return BackupInfo(path, datetime.fromtimestamp(stat.st_mtime, UTC), "", stat.st_size)
    raise StorageError(f"no backup named {name!r} (see `papershelf backups`)")


def _save_current(library: Path) -> Path | None:
    """Keep the file being replaced: a verified backup, else its raw bytes (damaged)."""
    db_path = library / DB_FILE
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    with contextlib.suppress(BackupError):
        # keep=0: rotating now could delete the very backup being restored.
        return make_backup(db_path, backups_dir(library), reason="before-restore", keep=0)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = backups_dir(library) / f"damaged-{stamp}.sqlite"  # never listed or rotated
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.write_bytes(db_path.read_bytes())
        # The WAL may hold the latest edits (a crash before the checkpoint): keep it beside
        # the copy, under the name SQLite looks for, so opening the copy replays it.
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            target.with_name(target.name + "-wal").write_bytes(wal.read_bytes())
    except OSError as exc:
        raise StorageError(f"cannot keep a copy of {db_path} before restoring: {exc}") from exc
    return target


@contextlib.contextmanager
def _writers_held(db_path: Path) -> Iterator[None]:
    """Hold SQLite's write lock: wait for a writer mid-transaction, and keep others out.

    The current file is saved under this lock, so a change another connection commits
    while the restore starts is in the before-restore backup. The lock is released before
    the file is replaced: a connection closing on the old file would otherwise checkpoint
    into it and delete the new file's WAL by name.
    """
    conn = sqlite3.connect(str(db_path), timeout=10, isolation_level=None)
    try:
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError(
                f"{db_path}: another program is writing to the library; close it and try "
                f"again ({exc})"
            ) from exc
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
    finally:
        conn.close()


def restore_backup(library: Path, backup: BackupInfo) -> RestoreReport:
    """Put `backup` in place of the library file; the current file is kept first.

    Runs under the index rebuild lock (no other Papershelf builds the index meanwhile) and,
    when the current file is readable, SQLite's write lock (no one is mid-write). The index
    is rebuilt afterwards by the caller's next open.

    Raises:
        StorageError: the backup is damaged, or the file cannot be replaced.
    """
    from papershelf.search.index import STATE_FILE, SearchIndex

    db_path = library / DB_FILE
    verdict = integrity(backup.path)
    if verdict != "ok":
        raise BackupError(f"{backup.path}: this backup is damaged ({verdict}); choose another")
    index = SearchIndex(library / INDEX_DIR)
    with exclusive(library, "restore"), index.rebuild_lock():
        if db_path.exists() and integrity_quick(db_path) == "ok":
            with _writers_held(db_path):
                saved = _save_current(library)
        else:
            saved = _save_current(library)
        replace_database(backup.path, db_path)
        # The index describes the replaced file: drop it so the next open rebuilds it.
        state = library / INDEX_DIR / STATE_FILE
        with contextlib.suppress(OSError):
            state.unlink()
    return RestoreReport(backup.path, saved, paper_count(db_path) or 0)
