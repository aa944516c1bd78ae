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
