"""Kill a command at the worst moment on a library of 5,000 papers, where the bulk paths start.

Above 2,000 documents Whoosh's multi-process writer forks workers. They used to inherit the
index and library locks and outlive a killed parent, which froze the library until someone
killed them by hand. Each test here signals only the parent (SIGKILL, SIGTERM or SIGHUP),
at an event seen from outside, then asserts that no process of ours is left, that the next
command works with no manual step, and that `check` is clean.
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.backups import backup_now, backups_dir, find_backup, restore_backup
from papershelf.storage.backup import list_backups

from tests.conftest import REPO
from tests.reliability.killing import (
    GUARD,
    drafts,
    has_open,
    kill_when,
    listing,
    papershelf,
    workers_started,
)

N_PAPERS = 5000
SIGNALS = [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP]


def run(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        papershelf(library, *args),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=GUARD,
        stdin=subprocess.DEVNULL,
    )


def assert_healthy(library: Path, *, papers: int, find: str) -> None:
    """The next command works at once, `check` is clean, and search finds `find`."""
    listed = run(library, "list", "--limit", "1")
    assert listed.returncode == 0, listed.stderr
    assert "busy" not in listed.stderr
    check = run(library, "check", "--json")
    report = json.loads(check.stdout)
    assert check.returncode == 0, report
    assert report["ok"], report
    assert report["papers"] == papers
    found = run(library, "search", find, "--json")
    assert found.returncode == 0, found.stderr
    titles = [hit["title"] for hit in json.loads(found.stdout)["results"]]
    assert any(find.split()[0].capitalize() in t or find in t for t in titles), (
        f"{find!r} not found after the kill: {titles[:3]}"
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5,000-paper library with a whole index and one backup, built once."""
    lib_dir = tmp_path_factory.mktemp("kill") / "lib"
    with Library.open(lib_dir) as lib:
        assert lib.import_drafts(drafts(N_PAPERS, "base")).imported == N_PAPERS
    backup_now(lib_dir, "manual")
    return lib_dir


@pytest.fixture
def lib_dir(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(pristine, target)
    return target


def _signal_id(sig: signal.Signals) -> str:
    return sig.name


# --------------------------------------------------------------------------- reindex
def _kill_reindex(lib_dir: Path, sig: int) -> None:
    killed = kill_when(papershelf(lib_dir, "reindex"), sig, workers_started)
    assert killed.fired, "the reindex ended before its workers were seen"
    assert killed.workers >= 1, "the kill should land while workers run"
    assert_healthy(lib_dir, papers=N_PAPERS, find="base 4321")
    # Nothing holds the library's open lock or the rebuild lock: a restore (which needs the
    # library to itself, then rebuilds the index) runs to the end.
    again = run(lib_dir, "restore-backup")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("sig", [signal.SIGKILL], ids=_signal_id)
def test_a_killed_reindex_leaves_no_worker_and_a_whole_index(lib_dir: Path, sig: int) -> None:
    _kill_reindex(lib_dir, sig)


@pytest.mark.slow
@pytest.mark.parametrize("sig", SIGNALS, ids=_signal_id)
def test_a_reindex_killed_by_any_signal_leaves_no_worker(lib_dir: Path, sig: int) -> None:
    _kill_reindex(lib_dir, sig)


# ---------------------------------------------------------------------------- import
def _kill_import(lib_dir: Path, tmp_path: Path, sig: int, *, during_commit: bool) -> str:
    source = tmp_path / "fresh.txt"
    source.write_text(listing(N_PAPERS, "fresh"), "utf-8")
    cmd = papershelf(lib_dir, "import", str(source))
    if during_commit:
        # The library is open and the listing is being parsed or written: all or nothing.
        killed = kill_when(cmd, sig, lambda pid: has_open(pid, "library.sqlite"))
    else:
        # Workers are forked only to index what SQLite has committed.
        killed = kill_when(cmd, sig, workers_started)
        assert killed.fired, "the import ended before indexing"
        assert killed.workers >= 1
    with Library.open(lib_dir, indexing="none") as lib:
        count = lib.count()
    assert count in (N_PAPERS, 2 * N_PAPERS), f"half an import: {count} papers"
    if not during_commit:
        assert count == 2 * N_PAPERS, "indexing starts only after the commit"
    assert_healthy(lib_dir, papers=count, find="fresh 4321" if count > N_PAPERS else "base 4321")
    return "all" if count > N_PAPERS else "none"


def _has_hidden_papers(db: Path) -> bool:
    """The import wrote a batch of hidden papers (a staged import is under way)."""
    conn = sqlite3.connect(str(db), timeout=10)
    try:
        row = conn.execute("SELECT 1 FROM papers WHERE trashed_at LIKE 'pending:%' LIMIT 1")
        return row.fetchone() is not None
    finally:
        conn.close()


@pytest.mark.parametrize("sig", [signal.SIGKILL], ids=_signal_id)
def test_an_import_killed_between_its_batches_leaves_none_of_it(
    lib_dir: Path, tmp_path: Path, sig: int
) -> None:
    source = tmp_path / "fresh.txt"
    source.write_text(listing(N_PAPERS, "fresh"), "utf-8")
    db = lib_dir / "library.sqlite"
    killed = kill_when(
        papershelf(lib_dir, "import", str(source)), sig, lambda _pid: _has_hidden_papers(db)
    )
    assert killed.fired, "the import ended before its first batch was seen"
    assert_healthy(lib_dir, papers=N_PAPERS, find="base 4321")
    assert not _has_hidden_papers(db), "the dead import's hidden papers were not discarded"


@pytest.mark.parametrize("sig", [signal.SIGTERM], ids=_signal_id)
def test_an_import_killed_while_indexing_is_searchable_next_time(
    lib_dir: Path, tmp_path: Path, sig: int
) -> None:
    _kill_import(lib_dir, tmp_path, sig, during_commit=False)


@pytest.mark.slow
@pytest.mark.parametrize("during_commit", [True, False], ids=["writing", "indexing"])
@pytest.mark.parametrize("sig", SIGNALS, ids=_signal_id)
def test_an_import_killed_by_any_signal_is_all_or_nothing(
    lib_dir: Path, tmp_path: Path, sig: int, during_commit: bool
) -> None:
    _kill_import(lib_dir, tmp_path, sig, during_commit=during_commit)


# --------------------------------------------------------------------------- restore
def _kill_restore(lib_dir: Path, sig: int) -> None:
    with Library.open(lib_dir) as lib:
        lib.trash(lib.list_ids()[:100])  # the restore brings these back
    killed = kill_when(papershelf(lib_dir, "restore-backup"), sig, workers_started)
    assert killed.fired, "the restore ended before its rebuild"
    assert killed.workers >= 1, "the kill should land in the rebuild"
    assert_healthy(lib_dir, papers=N_PAPERS, find="base 4321")


@pytest.mark.parametrize("sig", [signal.SIGHUP], ids=_signal_id)
def test_a_restore_killed_while_indexing_leaves_a_working_library(lib_dir: Path, sig: int) -> None:
    _kill_restore(lib_dir, sig)


@pytest.mark.slow
@pytest.mark.parametrize("sig", SIGNALS, ids=_signal_id)
def test_a_restore_killed_by_any_signal_leaves_a_working_library(lib_dir: Path, sig: int) -> None:
    _kill_restore(lib_dir, sig)


# ------------------------------------------------------------- edits during a reindex
def test_an_edit_made_during_a_reindex_stays_searchable(lib_dir: Path) -> None:
    with Library.open(lib_dir, indexing="none") as lib:
        first = lib.list_ids()[0]  # indexed first, so edited after the rebuild read it
    proc = subprocess.Popen(
        papershelf(lib_dir, "reindex"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
    )
    try:
        building = lib_dir / "index.building"
        # The new index is being written: another process edits meanwhile.
        while not (building.exists() and workers_started(proc.pid)):
            assert proc.poll() is None, "the reindex ended before the edit could be made"
        tagged = run(lib_dir, "tag", str(first), "+during-reindex")
        assert tagged.returncode == 0, tagged.stderr
        assert proc.poll() is None, "the edit must land while the reindex is still running"
        _, err = proc.communicate(timeout=GUARD)
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    found = run(lib_dir, "search", "tag:during-reindex", "--json")
    assert [hit["id"] for hit in json.loads(found.stdout)["results"]] == [first]
    check = json.loads(run(lib_dir, "check", "--json", "--no-sync").stdout)
    assert check["ok"], check


# ------------------------------------------------------------- restore and writers
def _native_sleeping(tid: int) -> bool:
    """Whether thread `tid` of this process sleeps in a timed wait (SQLite's busy handler)."""
    try:
        wchan = Path(f"/proc/self/task/{tid}/wchan").read_text()
    except OSError:
        return False
    return "nanosleep" in wchan


def test_a_restore_waits_for_an_outside_writer_and_keeps_its_change(tmp_path: Path) -> None:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        lib.import_drafts(drafts(20, "small"))
    backup_now(lib_dir, "manual")
    outside = sqlite3.connect(str(lib_dir / "library.sqlite"), isolation_level=None)
    outside.execute("BEGIN IMMEDIATE")
    outside.execute("UPDATE papers SET title = 'Changed by another program' WHERE id = 3")
    errors: list[BaseException] = []
    native: list[int] = []

    def restore() -> None:
        native.append(threading.get_native_id())
        try:
            restore_backup(lib_dir, find_backup(lib_dir, None))
        except Exception as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    thread = threading.Thread(target=restore)
    thread.start()
    folder = backups_dir(lib_dir)
    # Commit once the restore either saved the current file without waiting (the old,
    # lossy order) or sits in SQLite's busy wait for the outside transaction.
    while not (
        any(b.reason == "before-restore" for b in list_backups(folder))
        or (native and _native_sleeping(native[0]))
    ):
        assert thread.is_alive(), errors
    outside.execute("COMMIT")
    outside.close()
    thread.join(GUARD)
    assert not errors, errors
    saved = next(b for b in list_backups(folder) if b.reason == "before-restore")
    conn = sqlite3.connect(str(saved.path))
    try:
        title = conn.execute("SELECT title FROM papers WHERE id = 3").fetchone()[0]
    finally:
        conn.close()
    assert title == "Changed by another program", "the outside commit was lost"
