"""Kill -9 in the middle of an import: the library holds all of it or none, and the index
agrees with SQLite after the next start."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from papershelf.core.models import ReadingStatus
from papershelf.library import Library

from tests.conftest import REPO

N_PAPERS = 1500


def _listing(n: int, salt: str) -> str:
    rng = random.Random(salt)
    words = [
        "diffusion",
        "transformer",
        "flow",
        "rectified",
        "sparse",
        "attention",
        "graph",
        "network",
        "policy",
        "gradient",
        "contrastive",
        "retrieval",
        "benchmark",
        "scaling",
        "kernel",
        "optimal",
        "transport",
    ]
    parts = ["new", "Subscribe"]
    for i in range(n):
        title = " ".join(rng.choice(words).capitalize() for _ in range(6)) + f" {salt} {i}"
        abstract = " ".join(rng.choice(words) for _ in range(60)) + "."
        parts += [title, abstract]
    return "\n\n".join(parts) + "\n"


def _kill_during(cmd: list[str], delay: float) -> int | None:
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=REPO
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: bulk indexing forks workers
    return proc.wait()


def _crash_loop(tmp_path: Path, delays: list[float]) -> set[int]:
    lib_dir = tmp_path / "lib"
    with Library.open(lib_dir) as lib:
        base = lib.import_text(_listing(20, "base"), source="base.txt")
        assert base.imported == 20
    big = tmp_path / "big.txt"
    big.write_text(_listing(N_PAPERS, "big"), "utf-8")
    cmd = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "import", str(big)]
    outcomes = set()
    for delay in delays:
        _kill_during(cmd, delay)
        with Library.open(lib_dir) as lib:
            count = lib.store.count()
            assert count in (20, 20 + N_PAPERS), f"half an import after a kill at {delay:.2f}s"
            outcomes.add(count)
            report = lib.check()
            assert report.ok, f"index drift after a kill at {delay:.2f}s: {report.to_json()}"
            assert [h.paper_id for h in lib.search("base 7", mode="typing").hits]
            if count > 20:
                # Undo the import so the next kill hits an import again.
                lib.trash(lib.list_ids()[: count - 20])
                lib.db.execute("DELETE FROM papers WHERE trashed_at IS NOT NULL")
                lib.reindex()
    return outcomes


def test_kill_during_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    # An import of 1500 papers takes about a second here: these land before, during and
    # after the SQLite commit and during indexing.
    _crash_loop(tmp_path, [0.3, 0.6, 0.9])


@pytest.mark.slow
def test_kill_during_import_at_many_points(tmp_path: Path) -> None:
    rng = random.Random(1)
    outcomes = _crash_loop(tmp_path, [rng.uniform(0.1, 1.6) for _ in range(50)])
    assert outcomes == {20, 20 + N_PAPERS}, "kills should land both before and after the commit"


@pytest.mark.slow
def test_a_50_mb_listing_imports_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = _listing(90_000, "fifty")
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
        assert lib.store.count() == 90_000
        assert lib.check().ok


# ----------------------------------------------------------------- edits and reindexing
N_EDIT = 800
TAG_LOOP = 80


def _edit_library(tmp_path: Path) -> Path:
    lib_dir = tmp_path / "edits"
    with Library.open(lib_dir) as lib:
        assert lib.import_text(_listing(N_EDIT, "edit"), source="edit.txt").imported == N_EDIT
    return lib_dir


def _reopen_and_check(lib_dir: Path, what: str) -> Library:
    lib = Library.open(lib_dir)
    report = lib.check()
    assert report.ok, f"index drift after a kill during {what}: {report.to_json()}"
    assert lib.store.count() == N_EDIT, f"papers lost after a kill during {what}"
    return lib


def _status_kills(tmp_path: Path, delays: list[float] | None = None, points: int = 0) -> set[str]:
    """`papershelf status ID… STATUS` on every paper: one transaction, all or none.

    With `points` instead of `delays`, the kills are spread evenly over the time one whole
    command takes on this machine (measured first), so some land before the commit and some
    after it however fast or slow the machine is.
    """
    lib_dir = _edit_library(tmp_path)
    ids = [str(i) for i in range(1, N_EDIT + 1)]
    if delays is None:
        took = []
        for status in ("dropped", "to-read"):  # two real changes, back where we started
            start = time.monotonic()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "papershelf",
                    "--library",
                    str(lib_dir),
                    "status",
                    *ids,
                    status,
                ],
                check=True,
                capture_output=True,
                cwd=REPO,
            )
            took.append(time.monotonic() - start)
        whole = sum(took) / len(took)
        delays = [whole * (0.05 + 0.95 * i / (points - 1)) for i in range(points)]
    outcomes = set()
    for n, delay in enumerate(delays):
        new = "read" if n % 2 == 0 else "to-read"
        cmd = [sys.executable, "-m", "papershelf", "--library", str(lib_dir), "status", *ids, new]
        _kill_during(cmd, delay)
        with _reopen_and_check(lib_dir, f"status at {delay:.2f}s") as lib:
            statuses = {p.status.value for p in lib.store.get_many(lib.list_ids(), details=False)}
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
