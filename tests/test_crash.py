"""Kill -9 in the middle of an import, an edit or a reindex: the library holds all of it or
none, the index agrees with SQLite after the next start, and nothing of ours keeps running.

Kill points are timed from an event (the command opened the library file) and spread over
the command's own duration measured in the same run; see also tests/reliability/test_kill.py
for kills at the worst moments (forked index workers) with SIGKILL, SIGTERM and SIGHUP."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.library import Library

from tests.conftest import REPO
from tests.reliability.killing import has_open, kill_when, listing

N_PAPERS = 5000


def _kill_during(cmd: list[str], delay: float) -> int | None:
    """SIGKILL the command `delay` seconds after it opened the library file.

    Timed from that event, not from the start, so the kill lands inside the command's work
    (not in the interpreter's start-up) on a fast machine and a loaded one alike. Only the
    parent is killed: `kill_when` asserts that nothing of ours outlives it.
    """
    return kill_when(
        cmd, signal.SIGKILL, lambda pid: has_open(pid, "library.sqlite"), after=delay
    ).returncode


def _time_after_open(cmd: list[str]) -> float:
    """How long the command runs once it has the library file open (measured, this run)."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=REPO
    )
    while proc.poll() is None and not has_open(proc.pid, "library.sqlite"):
        time.sleep(0.005)
    opened = time.monotonic()
    assert proc.wait() == 0, f"{cmd} failed"
    return time.monotonic() - opened


def _crash_loop(tmp_path: Path, fractions: list[float]) -> set[int]:
    """Kill imports of N_PAPERS papers at these fractions of one whole import's duration."""
    pristine = tmp_path / "pristine"
    with Library.open(pristine) as lib:
        base = lib.import_text(listing(20, "base"), source="base.txt")
        assert base.imported == 20
    big = tmp_path / "big.txt"
    big.write_text(listing(N_PAPERS, "big"), "utf-8")
    lib_dir = tmp_path / "lib"
    cmd = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "import", str(big)]
    shutil.copytree(pristine, lib_dir)
    whole = _time_after_open(cmd)
    outcomes = set()
    for fraction in fractions:
        shutil.rmtree(lib_dir)
        shutil.copytree(pristine, lib_dir)
        delay = fraction * whole
        _kill_during(cmd, delay)
        with Library.open(lib_dir) as lib:
            count = lib.count()
            assert count in (20, 20 + N_PAPERS), f"half an import after a kill at {delay:.2f}s"
            outcomes.add(count)
            report = lib.check()
            assert report.ok, f"index drift after a kill at {delay:.2f}s: {report.to_json()}"
            assert [h.paper_id for h in lib.search("base 7", mode="typing").hits]
            if count > 20:
                assert lib.search(f"big {N_PAPERS - 1}", mode="typing").hits
    return outcomes


def test_kill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    # Early: while the listing is parsed or written. Late: while the committed papers are
    # indexed by the multi-process writer (5,000 papers is above its threshold).
    _crash_loop(tmp_path, [0.05, 0.9])


@pytest.mark.slow
def test_kill_during_import_at_many_points(tmp_path: Path) -> None:
    rng = random.Random(1)
    outcomes = _crash_loop(tmp_path, [rng.uniform(0.0, 1.0) for _ in range(50)])
    assert outcomes == {20, 20 + N_PAPERS}, "kills should land both before and after the commit"


@pytest.mark.slow
def test_a_50_mb_listing_imports_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = listing(90_000, "fifty")
    assert len(text.encode()) > 50 * 1024 * 1024
    big.write_text(text, "utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "papershelf",
            "--library",
            str(tmp_path / "lib"),
            "import",
            str(big),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    with Library.open(tmp_path / "lib") as lib:
        assert lib.count() == 90_000
        assert lib.check().ok


# ----------------------------------------------------------------- edits and reindexing
N_EDIT = 800
TAG_LOOP = 80


def _edit_library(tmp_path: Path) -> Path:
    lib_dir = tmp_path / "edits"
    with Library.open(lib_dir) as lib:
        assert lib.import_text(listing(N_EDIT, "edit"), source="edit.txt").imported == N_EDIT
    return lib_dir


def _reopen_and_check(lib_dir: Path, what: str) -> Library:
    lib = Library.open(lib_dir)
    report = lib.check()
    assert report.ok, f"index drift after a kill during {what}: {report.to_json()}"
    assert lib.count() == N_EDIT, f"papers lost after a kill during {what}"
    return lib


def _status_kills(tmp_path: Path, delays: list[float] | None = None, points: int = 0) -> set[str]:
    """`papershelf status ID… STATUS` on every paper: one transaction, all or none.

    With `points` instead of `delays`, the kills are spread over the time one whole command
    runs once it has the library open (measured first, in this run), densest at the start:
    the transaction commits early and the index catch-up takes the rest, so some kills land
    before the commit and some after it however fast or slow the machine is.
    """
    lib_dir = _edit_library(tmp_path)
    ids = [str(i) for i in range(1, N_EDIT + 1)]
    if delays is None:
        cli = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "status", *ids]
        # Two real changes, back where we started.
        whole = sum(_time_after_open([*cli, status]) for status in ("dropped", "to-read")) / 2
        delays = [whole * (i / (points - 1)) ** 3 for i in range(points)]
    outcomes = set()
    for n, delay in enumerate(delays):
        new = "read" if n % 2 == 0 else "to-read"
        cmd = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "status", *ids, new]
        _kill_during(cmd, delay)
        with _reopen_and_check(lib_dir, f"status at {delay:.2f}s") as lib:
            statuses = {p.status.value for p in lib.get_many(lib.list_ids(), details=False)}
            assert len(statuses) == 1, f"half a multi-paper status change at {delay:.2f}s"
            outcomes.add("all" if statuses == {new} else "none")
            if statuses != {new}:  # the next round starts from the state it expects
                lib.set_statuses(dict.fromkeys(map(int, ids), ReadingStatus.parse(new)))
    return outcomes


_TAG_LOOP_SCRIPT = """
import sys
from papershelf.cli import main
lib, tag = sys.argv[1], sys.argv[2]
for pid in range(1, int(sys.argv[3]) + 1):
    main(["--library", lib, "tag", str(pid), "+" + tag])
"""


def _tag_loop_kills(tmp_path: Path, delays: list[float]) -> list[int]:
    """A script tagging papers one `papershelf tag` call after another: a prefix, no gaps."""
    lib_dir = _edit_library(tmp_path)
    done = []
    for n, delay in enumerate(delays):
        tag = f"round{n}"
        cmd = [sys.executable, "-c", _TAG_LOOP_SCRIPT, str(lib_dir), tag, str(TAG_LOOP)]
        _kill_during(cmd, delay)
        with _reopen_and_check(lib_dir, f"a tag loop at {delay:.2f}s") as lib:
            tagged = sorted(lib.ids_with_tag(tag))
            assert tagged == list(range(1, len(tagged) + 1)), f"a gap in the tag loop: {tagged}"
            hits = lib.search(f"tag:{tag}", limit=1000, snippets=0).hits if tagged else []
            assert sorted(h.paper_id for h in hits) == tagged, "index and SQLite disagree"
            done.append(len(tagged))
    return done


def _reindex_kills(tmp_path: Path, delays: list[float]) -> None:
    """`papershelf reindex` killed: the next open has a whole index, old or new."""
    lib_dir = _edit_library(tmp_path)
    cmd = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "reindex"]
    for delay in delays:
        _kill_during(cmd, delay)
        with _reopen_and_check(lib_dir, f"reindex at {delay:.2f}s") as lib:
            assert [h.paper_id for h in lib.search("edit 7", mode="typing").hits]


def test_kill_during_edits_and_reindex(tmp_path: Path) -> None:
    outcomes = _status_kills(tmp_path / "s", [0.5, 1.0])
    assert outcomes <= {"all", "none"}
    _tag_loop_kills(tmp_path / "t", [0.9, 1.6])
    _reindex_kills(tmp_path / "r", [0.6, 1.0])


@pytest.mark.slow
def test_kill_during_edits_and_reindex_at_many_points(tmp_path: Path) -> None:
    rng = random.Random(8)
    outcomes = _status_kills(tmp_path / "s", points=20)
    assert outcomes == {"all", "none"}, "kills should land both before and after the commit"
    done = _tag_loop_kills(tmp_path / "t", [rng.uniform(0.4, 3.0) for _ in range(20)])
    assert len(set(done)) > 3, f"kills should land at many points of the loop: {done}"
    _reindex_kills(tmp_path / "r", [rng.uniform(0.3, 1.6) for _ in range(20)])
