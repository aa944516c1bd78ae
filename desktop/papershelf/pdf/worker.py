"""The extraction subprocess: `python -m papershelf.pdf.worker FILE --max-pages N`.

It prints one JSON object on stdout: the extraction, or `{"error": "..."}` with exit status
2. Memory, CPU time and wall time are capped here (RLIMIT_AS and RLIMIT_CPU where the
platform has them, and a watchdog thread), because setting limits from the parent between
fork and exec is unsafe in a threaded GUI process, and because the parent's own timeout
dies with the parent: a worker whose parent was killed ends with it (`lifeline`), and one
that runs past its time ends by itself.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from papershelf.core import lifeline
from papershelf.pdf.extract import extract

EXIT_FAILED = 2
EXIT_TIMEOUT = 3


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout is the only limit
        return
    limit = megabytes * 1024 * 1024
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # e.g. macOS refuses RLIMIT_AS; keep going unlimited
        pass


def _limit_time(seconds: float) -> None:
    """CPU seconds (RLIMIT_CPU: SIGXCPU, then SIGKILL) and wall seconds (a watchdog)."""
    if seconds <= 0:
        return
    try:
        import resource

        cpu = math.ceil(seconds) + 1
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard != resource.RLIM_INFINITY:
            cpu = min(cpu, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
    except (ImportError, ValueError, OSError):
        pass

    def watchdog() -> None:
        time.sleep(seconds + 1)
        os._exit(EXIT_TIMEOUT)

    threading.Thread(target=watchdog, name="pdf-watchdog", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    lifeline.follow_parent_from_env()
    parser = argparse.ArgumentParser(prog="papershelf-pdf-worker")
    parser.add_argument("file")
    parser.add_argument("--max-pages", type=int, default=100)
    parser.add_argument("--max-memory-mb", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=0)
    args = parser.parse_args(argv)
    _limit_memory(args.max_memory_mb)
    _limit_time(args.max_seconds)
    try:
        result = extract(Path(args.file), max(0, args.max_pages)).to_json()
    except MemoryError:
        _emit({"error": "ran out of memory"})
        return EXIT_FAILED
    except RecursionError:
        _emit({"error": "the PDF's structure is nested too deeply"})
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the process boundary: report, never traceback
        message = str(exc).strip() or type(exc).__name__
        _emit({"error": message[:500]})
        return EXIT_FAILED
    _emit(result)
    return 0


def _emit(value: dict[str, Any]) -> None:
    # ASCII JSON: the parent decodes it whatever the console's code page is.
    sys.stdout.write(json.dumps(value))
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
