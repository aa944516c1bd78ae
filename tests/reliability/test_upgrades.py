"""An older library file is upgraded after a backup; a newer one is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from papershelf.cli import main
from papershelf.library import Library
from papershelf.storage.backup import list_backups
from papershelf.storage.db import connect
from papershelf.storage.migrations import SCHEMA_VERSION, migrate, schema_version


def _old_library(folder: Path, version: int) -> Path:
    folder.mkdir()
    db = connect(folder / "library.sqlite")
    migrate(db, upto=version)
    for n in range(3):
        db.execute(
            "INSERT INTO papers (title, title_key, authors, added_at, updated_at) "
            "VALUES (?, ?, '[]', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')",
            [f"Old paper {n}", f"old paper {n}"],
        )
    db.execute("INSERT INTO notes (paper_id, body, updated_at) VALUES (1, 'kept note', 'x')")
    db.conn.close()
    return folder


@pytest.mark.parametrize("version", [1, 2])
def test_older_schema_is_backed_up_then_migrated(tmp_path: Path, version: int) -> None:
    lib_dir = _old_library(tmp_path / "old", version)
    with Library.open(lib_dir) as lib:
        assert schema_version(lib._db) == SCHEMA_VERSION
        assert lib.get(1).note == "kept note"
        assert [h.paper_id for h in lib.search("old paper 2").hits][:1] == [3]
    backups = [b for b in list_backups(lib_dir / "backups") if b.reason.startswith("before-up")]
    assert [b.reason for b in backups] == [f"before-upgrade-from-v{version}"]
    with sqlite3.connect(backups[0].path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert conn.execute("SELECT COUNT(*) FROM papers").fetchone()[0] == 3


def test_newer_schema_is_refused_by_the_cli_and_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lib_dir = _old_library(tmp_path / "new", SCHEMA_VERSION)
    with sqlite3.connect(lib_dir / "library.sqlite") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = (lib_dir / "library.sqlite").read_bytes()
    code = main(["--library", str(lib_dir), "list"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "written by a newer Papershelf" in err
    assert "please upgrade" in err
    assert "Traceback" not in err
    assert (lib_dir / "library.sqlite").read_bytes() == before
