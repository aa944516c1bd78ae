"""The library's connection reads without sqlite-utils and hands it out when asked."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.storage.db import connect, transaction


def test_sqlite_utils_sees_the_same_connection_when_asked(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models"), PaperDraft(title="Flows")])
    db = connect(tmp_path / "lib" / "library.sqlite")
    with transaction(db):
        db.execute("UPDATE papers SET title = ? WHERE id = ?", ["Rectified flows", 2])
    table = db.utils["papers"]
    assert table.count == 2
    assert {r["title"] for r in table.rows} == {"Diffusion models", "Rectified flows"}
    assert db.utils.conn is db.conn


def test_connections_keep_the_pragmas_sqlite_utils_used_to_set(tmp_path: Path) -> None:
    db = connect(tmp_path / "library.sqlite")
    assert db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
