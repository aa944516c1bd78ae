"""Opening the library database with the PRAGMAs every connection needs."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papershelf.core.errors import StorageError
from papershelf.core.foreground import step_aside

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


class Database:
    """The library's connection: every store reads and writes through `execute`.

    A plain `sqlite3` connection, so a cold start (the first sorted page) does not import
    sqlite-utils and what it pulls in (click, pluggy, dateutil: ~45 ms). `utils` gives the
    `sqlite_utils.Database` over the same connection, created on first use, for what needs
    sqlite-utils' table API.
    """

    __slots__ = ("_papershelf_file", "_utils", "conn")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        self._papershelf_file: str | None = None

    def execute(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one statement (as `sqlite_utils.Database.execute` does in autocommit mode)."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    @property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection (its plugins see it then), made on first use."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn)
        return self._utils


def connect(path: Path | str) -> Database:
    """Open (creating if needed) the library database.

    The connection runs in autocommit mode so that `transaction()` alone decides where a
    transaction begins and ends; WAL lets readers (the GUI thread) work while one writer writes.

    Raises:
        StorageError: the file is not a SQLite database or cannot be opened.
    """
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable against application crashes in WAL mode; only an OS crash can
        # lose the last transaction, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        # What sqlite_utils.Database set on every connection it wrapped: a REPLACE fires the
        # delete triggers of the row it replaces.
        conn.execute("PRAGMA recursive_triggers = ON")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path}: cannot open the library database: {exc}") from exc
    return Database(conn)


@contextmanager
def transaction(db: Database) -> Iterator[None]:
    """Run the block as one transaction; nested uses join the outer one.

    `BEGIN IMMEDIATE` takes the write lock up front, so two writers queue on the busy
    timeout instead of failing half-way with SQLITE_BUSY.
    """
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    with _turn(db):
        yield from _write(conn)


def _write(conn: sqlite3.Connection) -> Iterator[None]:
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:  # "database is locked" after the busy timeout
        if getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF == sqlite3.SQLITE_BUSY:
            raise StorageError(f"the library is busy, nothing was changed: {exc}") from exc
        raise StorageError(f"the change was not saved: {exc}") from exc  # read-only, I/O
    # SQLite itself rolls back on some errors (SQLITE_FULL, SQLITE_IOERR); a second ROLLBACK
    # would then raise and hide the real error.
    try:
        yield
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise StorageError(f"the change was not saved: {exc}") from exc
    except BaseException:
        _rollback(conn)
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            _rollback(conn)
            raise StorageError(f"the change was not saved: {exc}") from exc


class _Turns:
    """First come, first served among this process's writers of one database file.

    SQLite's busy handler sleeps between tries (up to 100 ms), so a writer that commits and
    begins again at once (a bulk import, batch after batch) wins the lock every time and a
    waiting edit starves until the import ends. Taking a ticket here first puts the edit
    between two batches. Other processes still queue on SQLite's busy timeout.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._serving = 0

    def others_waiting(self) -> bool:
        """Whether another writer holds a ticket behind the one being served."""
        return self._next - self._serving > 1

    @contextmanager
    def turn(self) -> Iterator[None]:
        step_aside()  # an edit the user waits for goes before a bulk job's next step
        with self._cond:
            ticket = self._next
            self._next += 1
            # A safety valve, never reached in practice: after the busy timeout go ahead
            # anyway, and let SQLite's own lock decide.
            served = self._cond.wait_for(
                lambda: self._serving >= ticket, timeout=BUSY_TIMEOUT_MS / 1000
            )
        try:
            yield
        finally:
            with self._cond:
                if served:
                    self._serving += 1
                else:
                    self._serving = max(self._serving, ticket + 1)
                self._cond.notify_all()


_turns: dict[str, _Turns] = {}
_turns_lock = threading.Lock()


def _turns_of(db: Database) -> _Turns:
    path = db._papershelf_file
    if path is None:
        row = db.conn.execute("PRAGMA database_list").fetchone()
        path = str(row[2]) if row and row[2] else f"memory:{id(db)}"
        db._papershelf_file = path
    with _turns_lock:
        return _turns.setdefault(path, _Turns())


def _turn(db: Database) -> AbstractContextManager[None]:
    return _turns_of(db).turn()


def writer_waiting(db: Database) -> bool:
    """Whether another writer in this process waits for the transaction `db` is in.

    A bulk job ends its step early when this is true, so an edit waits for a few rows, not
    a whole step.
    """
    return _turns_of(db).others_waiting()


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def utcnow() -> str:
    """A timestamp as stored in the library: ISO 8601, UTC, microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """A read transaction, so related SELECTs see one consistent snapshot under WAL."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")
