"""A damaged library file, a damaged index, a full or read-only disk: clear words, no loss."""

from __future__ import annotations

import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from papershelf.cli import main
from papershelf.core.errors import LibraryDamagedError, StorageError
from papershelf.library import Library
from papershelf.library.backups import backup_now

from tests.conftest import REPO, make_draft


def _cli(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _library_with_backup(lib_path: Path, n: int = 40) -> Path:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(n)])
        lib._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return backup_now(lib_path, "manual")


def _garbage_header(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.write(b"this is not a database at all, it was overwritten by a bad sync tool")


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize("damage", [_garbage_header, _truncate], ids=["garbage", "truncated"])
def test_open_names_the_file_and_the_newest_good_backup(
    lib_path: Path, damage: Callable[[Path], None]
) -> None:
    backup = _library_with_backup(lib_path)
    damage(lib_path / "library.sqlite")
    with pytest.raises(LibraryDamagedError) as info:
        Library.open(lib_path)
    err = info.value
    assert isinstance(err, StorageError)
    assert str(lib_path / "library.sqlite") in str(err)
    assert backup.name in str(err)
    assert err.backup == str(backup)
    assert err.backup_date.endswith("UTC")


def test_cli_prints_the_exact_restore_command_and_it_works(lib_path: Path) -> None:
    backup = _library_with_backup(lib_path)
    _garbage_header(lib_path / "library.sqlite")
    run = [sys.executable, "-m", "papershelf", "--library", str(lib_path)]
    proc = subprocess.run(
        [*run, "list"], capture_output=True, text=True, cwd=REPO, check=False, timeout=60
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "the library file is damaged" in proc.stderr
    command = next(line for line in proc.stderr.splitlines() if "restore-backup" in line)
    assert command.strip().endswith(f"restore-backup {backup.name}")
    argv = shlex.split(command.strip())
    assert argv[0] == "papershelf"
    fixed = subprocess.run(
        [sys.executable, "-m", "papershelf", *argv[1:]],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )
    assert fixed.returncode == 0, fixed.stderr
    with Library.open(lib_path) as lib:
        assert lib.count() == 40
        assert lib.check().ok
    # The damaged file itself was kept, not thrown away.
    assert list((lib_path / "backups").glob("damaged-*.sqlite"))


def test_damage_found_in_the_middle_of_a_command_is_no_traceback(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with_backup(lib_path, n=300)
    db = lib_path / "library.sqlite"
    data = bytearray(db.read_bytes())
    page = 4096
    for p in range(2, len(data) // page):  # every page but the first: the header looks fine
        data[p * page + 8 : p * page + 40] = b"\xa5" * 32
    db.write_bytes(bytes(data))
    code, _, err = _cli(capsys, lib_path, "list")
    assert code == 1
    assert "the library file is damaged" in err
    assert "restore-backup" in err


def test_no_backup_at_all_is_said_plainly(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(1)])
    for b in (lib_path / "backups").glob("*"):
        b.unlink()
    _garbage_header(lib_path / "library.sqlite")
    code, _, err = _cli(capsys, lib_path, "list")
    assert code == 1
    assert "there is no backup to restore" in err
    assert "left untouched" in err


@pytest.mark.parametrize("how", ["missing", "corrupt"])
def test_cli_rebuilds_a_broken_index_and_says_so(
    capsys: pytest.CaptureFixture[str], lib_path: Path, how: str
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(30)])
    index = lib_path / "index"
    if how == "missing":
        for f in index.iterdir():
            f.unlink()
        index.rmdir()
    else:
        for f in index.glob("*.seg"):
            f.write_bytes(b"\0" * 64)
        for f in index.glob("_papers_*.toc"):
            f.write_bytes(b"garbage")
    code, out, err = _cli(capsys, lib_path, "search", "topic 7")
    assert code == 0, err
    assert "search index" in err
    assert "rebuilding it from the library (30 papers)" in err
    assert "Paper number 7" in out
    code, out, _ = _cli(capsys, lib_path, "check")
    assert code == 0
    assert "OK" in out


def test_full_disk_is_a_clear_error_and_nothing_is_half_written(library: Library) -> None:
    library.import_drafts([make_draft(i) for i in range(5)])
    pages = library._db.execute("PRAGMA page_count").fetchone()[0]
    # The same SQLITE_FULL a full disk gives, without filling the disk.
    library._db.execute(f"PRAGMA max_page_count = {pages}")
    big = [make_draft(i, abstract="x" * 5000) for i in range(100, 200)]
    with pytest.raises(StorageError, match=r"not saved.*full"):
        library.import_drafts(big)
    library._db.execute("PRAGMA max_page_count = 1073741823")
    assert library.count() == 5


def test_read_only_library_is_a_clear_error(library: Library) -> None:
    library.import_drafts([make_draft(1)])
    # SQLITE_READONLY, as a read-only folder or file gives (root ignores chmod, so the
    # test asks SQLite for the same refusal).
    library._db.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match=r"not saved.*readonly"):
        library.set_note(1, "a note")
    library._db.execute("PRAGMA query_only = OFF")
    assert library.get(1).note in (None, "")


def test_a_locked_library_is_not_called_damaged(lib_path: Path) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(1)])
    other = sqlite3.connect(lib_path / "library.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        proc = subprocess.run(
            [sys.executable, "-c",
             "import sys, sqlite3\n"
             "from papershelf.library.backups import is_damage\n"
             "c = sqlite3.connect(sys.argv[1], timeout=0.1)\n"
             "try:\n    c.execute('BEGIN IMMEDIATE')\n"
             "except sqlite3.DatabaseError as e:\n    print(is_damage(e))\n",
             str(lib_path / "library.sqlite")],
            capture_output=True, text=True, cwd=REPO, check=False, timeout=60,
        )  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert proc.stdout.strip() == "False", proc.stderr


def test_reopening_in_the_same_process_keeps_the_other_connections_locks(tmp_path: Path) -> None:
    """The window's workers open the library again in the window's process: that must not
    drop the window's SQLite locks (a plain file handle closed on library.sqlite would), or a
    command-line process could checkpoint the WAL away under the window and damage the file."""
    import sqlite3
    import subprocess
    import sys

    from papershelf.core.models import PaperDraft, ReadingStatus

    lib_dir = tmp_path / "lib"
    window = Library.open(lib_dir, indexing="none")
    try:
        window.import_drafts([PaperDraft(title=f"Paper {i}") for i in range(5)])
        with Library.open(lib_dir, indexing="none") as worker:  # a worker job in this process
            worker.set_status(1, ReadingStatus.READING)
        cli = [sys.executable, "-m", "papershelf", "--library", str(lib_dir)]
        subprocess.run([*cli, "status", "2", "reading"], check=True, capture_output=True)
        assert (lib_dir / "library.sqlite-wal").exists(), "the CLI deleted the window's WAL"
        window.set_status(3, ReadingStatus.READ)
        with Library.open(lib_dir, indexing="none") as worker:
            worker.set_status(4, ReadingStatus.READ)
    finally:
        window.close()
    conn = sqlite3.connect(lib_dir / "library.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        statuses = [s for (s,) in conn.execute("SELECT status FROM papers ORDER BY id")]
    finally:
        conn.close()
    assert statuses == ["reading", "reading", "read", "read", "to-read"]
