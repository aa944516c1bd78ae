"""The index never answers for a library it does not describe, and `check` sees real damage.

SQLite is the source of truth. An index ahead of it (an older copy of library.sqlite put
back, a lost WAL) or built from another library must be recognised and rebuilt, never
searched with ids that now mean other papers. A damaged header that refuses writes, or a
bad byte in a stored value, must make `check` fail and name the problem. A full disk or an
index folder replaced by a file gives one line, never a traceback, and heals afterwards.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from papershelf.library import Library

from tests.conftest import REPO, make_draft

GUARD = 300


def _run(lib: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "papershelf", "--library", str(lib), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=GUARD,
        stdin=subprocess.DEVNULL,
    )


def _no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Error:" not in proc.stderr.replace("error:", ""), proc.stderr


def _checkpoint(db: Path) -> None:
    """Fold the WAL into the file, so a copy of the file alone is the whole library."""
    conn = sqlite3.connect(str(db))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _library(path: Path, n: int, start: int = 0) -> Path:
    with Library.open(path) as lib:
        lib.import_drafts([make_draft(i) for i in range(start, start + n)])
    return path


def test_an_older_copy_of_the_library_file_gets_a_fresh_index(tmp_path: Path) -> None:
    lib_dir = _library(tmp_path / "lib", 10)
    db = lib_dir / "library.sqlite"
    _checkpoint(db)
    older = tmp_path / "older.sqlite"
    shutil.copy(db, older)
    with Library.open(lib_dir) as lib:  # edits the old copy does not have
        lib.import_drafts([make_draft(i) for i in range(100, 110)])
        lib.set_note(3, "a note about wombats")
    _checkpoint(db)
    shutil.copy(older, db)  # the user puts the older file back by hand
    found = _run(lib_dir, "search", "paper", "--limit", "50", "--json")
    _no_traceback(found)
    assert found.returncode == 0, found.stderr
    assert "ahead of the library" in found.stderr
    ids = sorted(hit["id"] for hit in json.loads(found.stdout)["results"])
    assert ids == list(range(1, 11)), "the index answered with papers this file lacks"
    assert json.loads(_run(lib_dir, "search", "wombats", "--json").stdout)["results"] == []
    # Edits after the rollback are indexed again, even for reused ids.
    with Library.open(lib_dir) as lib:
        new = lib.import_drafts([make_draft(500)]).paper_ids[0]
        assert new == 11, "SQLite reuses the id the lost paper had"
        report = lib.check()
        assert report.ok, report.to_json()
        assert [h.paper_id for h in lib.search("topic 500").hits] == [11]


def test_an_index_copied_from_another_library_is_rebuilt(tmp_path: Path) -> None:
    mine = _library(tmp_path / "mine", 5)
    other = _library(tmp_path / "other", 8, start=50)
    shutil.rmtree(mine / "index")
    shutil.copytree(other / "index", mine / "index")
    checked = _run(mine, "check", "--json")
    report = json.loads(checked.stdout)
    assert report["index_rebuilt_because"] == "belongs to another library"
    assert report["ok"], report
    assert report["indexed"] == 5
    with Library.open(mine) as lib:
        assert lib.search("topic 50").hits == []


def test_a_header_that_refuses_writes_fails_check(tmp_path: Path) -> None:
    lib_dir = _library(tmp_path / "lib", 5)
    db = lib_dir / "library.sqlite"
    _checkpoint(db)
    with db.open("r+b") as fh:  # the file format's write version: 3 means "read-only"
        fh.seek(18)
        fh.write(bytes([3]))
    checked = _run(lib_dir, "check")
    _no_traceback(checked)
    assert checked.returncode == 1
    assert "cannot be written: attempt to write a readonly database" in checked.stdout
    assert "DAMAGED" in checked.stdout
    assert "restore-backup" in checked.stdout


def test_a_bad_byte_in_a_title_fails_check_and_names_the_paper(tmp_path: Path) -> None:
    lib_dir = _library(tmp_path / "lib", 5)
    conn = sqlite3.connect(str(lib_dir / "library.sqlite"))
    try:
        conn.execute("UPDATE papers SET title = CAST(X'4F6BFF' AS TEXT) WHERE id = 2")
        conn.commit()
    finally:
        conn.close()
    checked = _run(lib_dir, "check", "--json")
    report = json.loads(checked.stdout)
    assert checked.returncode == 1
    assert [p["id"] for p in report["unreadable_papers"]] == [2]
    assert report["sqlite_integrity"] == "ok", "SQLite itself sees nothing wrong here"


# ------------------------------------------------------------------------ a full disk
def _can_mount() -> str | None:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux and unshare(1)"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


def test_a_full_disk_during_indexing_is_one_line_and_heals(tmp_path: Path) -> None:
    problem = _can_mount()
    if problem:
        pytest.skip(problem)
    lib_dir = _library(tmp_path / "lib", 20)
    index = lib_dir / "index"
    size_kb = sum(f.stat().st_size for f in index.iterdir()) // 1024 + 48
    listing = tmp_path / "more.txt"
    listing.write_text(
        "\n\n".join(
            f"Fresh paper {i} about wombats and their burrows\n\n"
            + " ".join(f"word{j}x{i}" for j in range(80))
            for i in range(300)
        ),
        "utf-8",
    )
    # In a mount namespace of its own, the index folder is a nearly full small disk; the
    # library file stays on the real one. The mount ends with the namespace.
    script = (
        'set -e; cp -a "$1/index" "$1/index-copy"; '
        'mount -t tmpfs -o size="$2"k tmpfs "$1/index"; cp -a "$1/index-copy/." "$1/index/"; '
        'rm -r "$1/index-copy"; shift 2; exec "$@"'
    )

    def on_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(
            lib_dir,
            *args,
            prefix=("unshare", "-m", "sh", "-c", script, "sh", str(lib_dir), str(size_kb)),
        )

    imported = on_full_disk("import", str(listing))
    _no_traceback(imported)
    assert imported.returncode == 0, imported.stderr
    assert "No space left on device" in imported.stderr
    assert "the library itself is safe" in imported.stderr
    for args, code in ((("search", "wombats"), 0), (("check",), 1), (("reindex",), 1)):
        proc = on_full_disk(*args)
        _no_traceback(proc)
        assert proc.returncode == code, (args, proc.stdout, proc.stderr)
    # The papers are in SQLite; the index (back on the real disk) catches up by itself.
    with Library.open(lib_dir) as lib:
        assert lib.count() == 320
        assert lib.check().ok
        assert len(lib.search("wombats", limit=400).hits) == 300


def test_an_index_folder_replaced_by_a_file_is_rebuilt(tmp_path: Path) -> None:
    lib_dir = _library(tmp_path / "lib", 5)
    shutil.rmtree(lib_dir / "index")
    (lib_dir / "index").write_text("not an index")
    for args in (("search", "topic"), ("reindex",), ("check",)):
        proc = _run(lib_dir, *args)
        _no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
    assert (lib_dir / "index").is_dir()
