"""Bring a library's search index up to date in a process of its own.

`python -m papershelf.library.index_worker LIBRARY` (the frozen app: `--index-worker`).
The window's indexer hands a big catch-up (an import of thousands of papers) to this
process: building thousands of documents is Python work that would otherwise compete with
the window's thread for the interpreter lock, and an edit made meanwhile would wait for it.
The worker dies with the window (`lifeline`) and writes through the index's own writer lock,
so the window's indexer simply finds the index caught up afterwards.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import papershelf
from papershelf.core.errors import PapershelfError

# `app.py` imports this module on every start (FROZEN_FLAG): subprocess and the lifeline
# (ctypes) are imported when a worker is started or runs.

FROZEN_FLAG = "--index-worker"
EXIT_FAILED = 2


def command(library: Path) -> list[str]:
    """The command line that runs the worker, in a source install or a frozen app."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, str(library)]
    return [sys.executable, "-m", "papershelf.library.index_worker", str(library)]


def catch_up_elsewhere(library: Path, timeout: float | None = None) -> bool:
    """Run the worker and wait for it; False if it could not do the work."""
    import subprocess

    from papershelf.core import lifeline

    env = dict(os.environ)
    root = str(Path(papershelf.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH")) if x)
    env[lifeline.PARENT_ENV] = str(os.getpid())
    try:
        done = subprocess.run(
            command(library),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            timeout=timeout,
            check=False,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    from papershelf.core import lifeline

    lifeline.follow_parent_from_env()
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m papershelf.library.index_worker LIBRARY\n")
        return EXIT_FAILED
    from papershelf.library.library import Library

    try:
        with Library.open(Path(args[0]), indexing="none") as lib:
            lib.index()
    except PapershelfError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
