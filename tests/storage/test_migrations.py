"""The schema is versioned and an old library file is upgraded without losing anything."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from papershelf.core.errors import StorageError
from papershelf.library import Library
from papershelf.storage.db import connect
from papershelf.storage.migrations import SCHEMA_VERSION, migrate, schema_version


def test_new_library_is_at_current_version_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        assert schema_version(lib._db) == SCHEMA_VERSION
        assert lib._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert (tmp_path / "lib" / "library.sqlite").exists()
    assert (tmp_path / "lib" / "files").is_dir()


def test_version_1_file_is_migrated_and_keeps_its_papers(tmp_path: Path) -> None:
    lib_dir = tmp_path / "old"
    lib_dir.mkdir()
    db = connect(lib_dir / "library.sqlite")
    migrate(db, upto=1)
    assert schema_version(db) == 1
    db.execute(
        "INSERT INTO papers (title, title_key, authors, added_at, updated_at, status, priority)"
        " VALUES ('GPipe', 'gpipe', '[\"Yanping Huang\"]', '2020-01-01T00:00:00Z',"
        " '2020-01-01T00:00:00Z', 'reading', 2)"
    )
    db.execute("INSERT INTO notes (paper_id, body, updated_at) VALUES (1, 'old note', 'x')")
    db.conn.close()

    with Library.open(lib_dir) as lib:
        assert schema_version(lib._db) == SCHEMA_VERSION
        paper = lib.get(1)
        assert paper.title == "GPipe"
        assert paper.authors == ["Yanping Huang"]
        assert paper.note == "old note"
        assert paper.priority == 2
        # The v2 features work on the migrated file.
        lib.save_search("Pipelines", "pipeline parallelism")
        assert lib.saved_searches() == [("Pipelines", "pipeline parallelism")]
        # And the old paper is searchable once the index is built from SQLite.
        assert [h.paper_id for h in lib.search("gpipe").hits] == [1]


def test_library_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "lib"
    Library.open(path).close()
    conn = sqlite3.connect(path / "library.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StorageError, match="newer Papershelf"):
        Library.open(path)


def test_a_file_that_is_not_sqlite_gives_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "lib"
    path.mkdir()
    (path / "library.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match=r"library\.sqlite"):
        Library.open(path)


def test_schema_8_moves_bibliographic_fields_out_of_extra(tmp_path: Path) -> None:
    """A library from before schema 8 keeps its volumes, pages and keys, now as fields."""
    lib_dir = tmp_path / "old"
    lib_dir.mkdir()
    db = connect(lib_dir / "library.sqlite")
    migrate(db, upto=7)
    bib = {
        "citation_key": "knuth84",
        "entry_type": "ARTICLE",
        "fields": {
            "volume": "27",
            "number": "2",
            "pages": "97--111",
            "month": "may",
            "editor": "Lamport, Leslie",
            "note": "kept as is",
        },
    }
    ris = {"ris_type": "JOUR", "fields": {"VL": ["9"], "SP": ["263"], "EP": ["264"], "PB": ["TUG"]}}
    for title, extra in (("Literate programming", bib), ("TeX problems", ris)):
        db.execute(
            "INSERT INTO papers (title, title_key, added_at, updated_at, extra) "
            "VALUES (?, ?, 'x', 'x', ?)",
            [title, title.lower(), json.dumps(extra)],
        )
    db.conn.close()
    with Library.open(lib_dir, indexing="none") as lib:
        knuth, tex = lib.get(1), lib.get(2)
    assert (knuth.entry_type, knuth.volume, knuth.issue, knuth.pages) == (
        "article",
        "27",
        "2",
        "97-111",
    )
    assert (knuth.month, knuth.editors, knuth.citation_key) == (5, ["Leslie Lamport"], "knuth84")
    assert knuth.extra == {"fields": {"note": "kept as is"}}
    assert (tex.entry_type, tex.volume, tex.pages, tex.publisher) == (
        "article",
        "9",
        "263-264",
        "TUG",
    )
    assert tex.extra == {"fields": {}}


def test_schema_11_keeps_typed_annotations_as_page_only_quotes(tmp_path: Path) -> None:
    """Annotations typed before highlights existed stay quotes, with their page and date."""
    lib_dir = tmp_path / "old"
    lib_dir.mkdir()
    db = connect(lib_dir / "library.sqlite")
    migrate(db, upto=10)
    db.execute(
        "INSERT INTO papers (title, title_key, added_at, updated_at) VALUES ('T', 't', 'x', 'x')"
    )
    db.execute(
        "INSERT INTO annotations (paper_id, quote, page, comment, created_at) "
        "VALUES (1, 'an old quote', 7, 'why it matters', '2024-05-01T10:00:00Z')"
    )
    db.conn.close()
    with Library.open(lib_dir, indexing="none") as lib:
        (old,) = lib.get(1).annotations
        assert lib.reading_position(1) is None
    assert (old.quote, old.page, old.comment, old.created_at) == (
        "an old quote",
        7,
        "why it matters",
        "2024-05-01T10:00:00Z",
    )
    assert (old.kind, old.page_index, old.page_label, old.rects, old.color) == (
        "quote",
        None,
        None,
        (),
        None,
    )
    assert (old.external, old.attachment_id, old.sort_index) == (False, None, "")
