"""Backups: made with SQLite's online backup API, verified, rotated, restored whole."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from papershelf.cli import main
from papershelf.core.errors import StorageError
from papershelf.library import Library
from papershelf.library.backups import backups_dir, daily_backup_due
from papershelf.storage.backup import (
    BackupError,
    integrity,
    list_backups,
    make_backup,
    paper_count,
)

from tests.conftest import REPO, make_draft


def _cli(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _library_with(lib_path: Path, n: int) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(n)])


def test_backup_command_prints_a_verified_copy_with_every_paper(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with(lib_path, 5)
    code, out, err = _cli(capsys, lib_path, "backup")
    assert code == 0, err
    made = Path(out.strip())
    assert made.parent == lib_path / "backups"
    assert made.name.startswith("library-")
    assert made.name.endswith("-manual.sqlite")
    assert integrity(made) == "ok"
    assert paper_count(made) == 5
    # A self-contained file: no WAL beside it that a copy to another disk could miss.
    assert not Path(f"{made}-wal").exists()


def test_backups_lists_date_size_and_papers(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with(lib_path, 3)
    _cli(capsys, lib_path, "backup")
    code, out, _ = _cli(capsys, lib_path, "backups")
    assert code == 0
    assert "3 papers" in out
    assert "KiB" in out
    assert "UTC" in out
    code, out, _ = _cli(capsys, lib_path, "backups", "--json")
    rows = json.loads(out)
    assert rows[0]["papers"] == 3
    assert rows[0]["size"] > 0
    assert rows[0]["reason"] == "manual"


def test_backup_taken_while_another_process_writes_is_consistent(lib_path: Path) -> None:
    _library_with(lib_path, 10)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from papershelf.library import Library\n"
            "from tests.conftest import make_draft\n"
            "with Library.open(sys.argv[1], indexing='none') as lib:\n"
            "    for i in range(100, 400):\n"
            "        lib.import_drafts([make_draft(i)])\n",
            str(lib_path),
        ],
        cwd=REPO,
    )
    made: list[Path] = []
    try:
        while writer.poll() is None and len(made) < 20:
            made.append(make_backup(lib_path / "library.sqlite", tmp := lib_path / "b", keep=0))
    finally:
        assert writer.wait(60) == 0
    assert made, "the writer finished before a backup could be taken"
    for path in made:
        assert integrity(path) == "ok"
        count = paper_count(path)
        assert count is not None
        assert 10 <= count <= 310
    assert tmp.exists()


def test_rotation_keeps_the_newest(tmp_path: Path, lib_path: Path) -> None:
    _library_with(lib_path, 2)
    folder = tmp_path / "rot"
    made = [make_backup(lib_path / "library.sqlite", folder, keep=3) for _ in range(5)]
    kept = [b.path for b in list_backups(folder)]
    assert kept == made[:-4:-1]  # the three newest, newest first


def test_rotation_follows_the_setting(capsys: pytest.CaptureFixture[str], lib_path: Path) -> None:
    _library_with(lib_path, 2)
    (lib_path / "settings.json").write_text(json.dumps({"backups_keep": 2}), "utf-8")
    for _ in range(4):
        assert _cli(capsys, lib_path, "backup")[0] == 0
    assert len(list_backups(lib_path / "backups")) == 2


def test_a_copy_that_fails_verification_is_deleted_and_reported(
    tmp_path: Path, lib_path: Path
) -> None:
    _library_with(lib_path, 50)
    db = lib_path / "library.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Damage a b-tree page in the middle; the header stays valid, so the copy succeeds.
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 200] = b"\xff" * 200
    db.write_bytes(bytes(data))
    folder = tmp_path / "bad"
    with pytest.raises(BackupError, match="integrity check"):
        make_backup(db, folder)
    assert list(folder.iterdir()) == []


def test_daily_backup_on_open_when_the_newest_is_a_day_old(lib_path: Path) -> None:
    _library_with(lib_path, 3)
    with Library.open(lib_path):
        pass
    daily = list_backups(backups_dir(lib_path))
    assert [b.reason for b in daily] == ["daily"]
    assert not daily_backup_due(lib_path)
    with Library.open(lib_path):
        pass
    assert len(list_backups(backups_dir(lib_path))) == 1, "one a day, not one per open"
    tomorrow = datetime.now(UTC) + timedelta(hours=25)
    assert daily_backup_due(lib_path, now=tomorrow)


def test_empty_library_makes_no_backup(lib_path: Path) -> None:
    with Library.open(lib_path):
        pass
    with Library.open(lib_path):
        pass
    assert list_backups(backups_dir(lib_path)) == []


def test_bulk_import_and_reindex_take_a_backup_first(lib_path: Path) -> None:
    _library_with(lib_path, 3)
    folder = backups_dir(lib_path)
    for b in list_backups(folder):
        b.path.unlink()
    with Library.open(lib_path) as lib:
        for b in list_backups(folder):
            b.path.unlink()  # the daily one
        lib.import_drafts([make_draft(i) for i in range(100, 110)])  # small: none
        assert list_backups(folder) == []
        lib.import_drafts([make_draft(i) for i in range(200, 260)])
        before_import = list_backups(folder)
        assert [b.reason for b in before_import] == ["before-import"]
        # Taken before the import: it holds the library as it was.
        assert paper_count(before_import[0].path) == 13
        lib.reindex()
    assert next(b.reason for b in list_backups(folder)) == "before-reindex"


def test_restore_puts_back_the_newest_good_backup_and_keeps_the_current_file(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with(lib_path, 4)
    code, out, _ = _cli(capsys, lib_path, "backup")
    good = Path(out.strip())
    with Library.open(lib_path) as lib:
        lib.set_note(1, "written after the backup")
        lib.import_drafts([make_draft(i) for i in range(10, 13)])
    code, out, err = _cli(capsys, lib_path, "restore-backup")
    assert code == 0, err
    assert f"restored 4 papers from {good.name}" in out
    assert "rebuilding the search index" in err
    saved = [b for b in list_backups(backups_dir(lib_path)) if b.reason == "before-restore"]
    assert len(saved) == 1
    assert paper_count(saved[0].path) == 7, "the replaced file is kept"
    with Library.open(lib_path) as lib:
        assert lib.count() == 4
        assert lib.get(1).note in (None, "")
        assert lib.check().ok
        assert [h.paper_id for h in lib.search("topic 3").hits][:1] == [4]
    # And the replaced state comes back the same way.
    code, _, err = _cli(capsys, lib_path, "restore-backup", saved[0].path.name)
    assert code == 0, err
    with Library.open(lib_path) as lib:
        assert lib.count() == 7
        assert lib.get(1).note == "written after the backup"


def test_restore_of_an_unknown_backup_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with(lib_path, 1)
    code, _, err = _cli(capsys, lib_path, "restore-backup", "library-nope.sqlite")
    assert code == 1
    assert "no backup named 'library-nope.sqlite'" in err
    assert "Traceback" not in err


def test_restore_with_no_backups_says_so(tmp_path: Path) -> None:
    from papershelf.library.backups import find_backup

    with pytest.raises(StorageError, match="no backup that passes"):
        find_backup(tmp_path, None)


def test_stale_temporary_copies_are_cleaned(tmp_path: Path, lib_path: Path) -> None:
    _library_with(lib_path, 1)
    folder = tmp_path / "b"
    folder.mkdir()
    stale = folder / ".library-20200101-000000-123.tmp"
    stale.write_bytes(b"half a copy")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    make_backup(lib_path / "library.sqlite", folder)
    assert not stale.exists()


def test_restore_is_refused_while_a_window_has_the_library_open(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    _library_with(lib_path, 3)
    assert _cli(capsys, lib_path, "backup")[0] == 0
    window = Library.open(lib_path, indexing="none")  # the window stays open meanwhile
    try:
        code, _, err = _cli(capsys, lib_path, "restore-backup")
        assert code == 1
        assert "is open in Papershelf" in err
        window.set_note(1, "typed in the window after the refused restore")
    finally:
        window.close()
    with Library.open(lib_path) as lib:
        assert lib.get(1).note == "typed in the window after the refused restore"
    assert _cli(capsys, lib_path, "restore-backup")[0] == 0  # closed: now it works
