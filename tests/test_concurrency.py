"""Several processes opening one library at once: no crash, one schema, one index."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from papershelf.library import Library

from tests.conftest import REPO

_OPEN_AND_SEARCH = (
    "import sys; from papershelf.library import Library; lib = Library.open(sys.argv[1]); "
    "print(len(lib.search('flow').hits)); lib.close()"
)


def _run_together(code: str, path: Path, n: int = 4) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for _ in range(n)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return results


def test_new_library_opened_by_several_processes_at_once(tmp_path: Path) -> None:
    for r in _run_together(_OPEN_AND_SEARCH, tmp_path / "new"):
        assert r.returncode == 0, r.stderr[-1500:]
        assert r.stdout.strip() == "0"


def test_missing_index_rebuilt_by_several_processes_at_once(tmp_path: Path) -> None:
    lib_path = tmp_path / "lib"
    with Library.open(lib_path) as lib:
        lib.import_file(str(REPO / "tests" / "data" / "listing-small.txt"))
    shutil.rmtree(lib_path / "index")
    for r in _run_together(_OPEN_AND_SEARCH, lib_path):
        assert r.returncode == 0, r.stderr[-1500:]
        assert r.stdout.strip() == "1"
    with Library.open(lib_path) as lib:
        assert lib.check().ok
