"""The extraction subprocess: `python -m papershelf.pdf.worker FILE --max-pages N`.

It prints one JSON object on stdout: the extraction (with the annotations the file carries),
or with `--find` where the text given on stdin is (`{"found": ...}`), or with
`--write-annotated OUT` a copy with the highlights given on stdin (`{"written": n}`). What
comes on stdin is JSON, so any text crosses, whatever the console's encoding;
or `{"error": "..."}` with exit status 2. Memory, CPU time and wall time are capped here
(RLIMIT_AS and RLIMIT_CPU where the platform has them, and a watchdog thread), because
setting limits from the parent between fork and exec is unsafe in a threaded GUI process,
and because the parent's own timeout dies with the parent: a worker whose parent was killed
ends with it (`lifeline`), and one that runs past its time ends by itself.
"""

from __future__ import annotations

import argparse
import gc
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
from papershelf.pdf.annotated import Mark, write_annotated
from papershelf.pdf.extract import extract, find_text

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
    parser.add_argument(
        "--find", action="store_true", help='locate {"text", "page_label"} given on stdin'
    )
    parser.add_argument("--write-annotated", metavar="OUT", help="write an annotated copy")
    args = parser.parse_args(argv)
    # PDFium and pypdf are loaded before the cap: the cap is for what a file makes the
    # parsers do, and a MemoryError while importing one would leave the interpreter unable
    # to report anything. pypdfium2 loads and initialises the PDFium library on import.
    import pypdf  # noqa: F401
    import pypdfium2
    import pypdfium2.raw  # noqa: F401

    _limit_time(args.max_seconds)  # first: its watchdog thread needs a stack
    _limit_memory(args.max_memory_mb)
    given = sys.stdin.read() if args.write_annotated or args.find else ""
    error = _extract_or_error(
        Path(args.file),
        max(0, args.max_pages),
        find=args.find,
        write=args.write_annotated,
        given=given,
    )
    if isinstance(error, str):
        # Reported here, outside the except block: the failed parse's frames (and the memory
        # they hold) are gone, so writing the message cannot run out of memory in its turn.
        gc.collect()
        _emit({"error": error})
        return EXIT_FAILED
    _emit(error)
    return 0


def _extract_or_error(
    path: Path,
    max_pages: int,
    *,
    find: bool = False,
    write: str | None = None,
    given: str = "",
) -> dict[str, Any] | str:
    """The extraction as JSON, or why it failed (the process boundary: never a traceback).

    With `find`, where the text `given` names is; with `write`, the annotated copy written
    there from the marks `given`.
    """
    try:
        if write is not None:
            items = [Mark.from_json(m) for m in json.loads(given)]
            return {"written": write_annotated(path, Path(write), items)}
        if find:
            wanted = json.loads(given)
            label = wanted.get("page_label")
            text = str(wanted["text"])
            return {"found": find_text(path, text, str(label) if label else None)}
        return extract(path, max_pages).to_json()
    except MemoryError:
        return "ran out of memory"
    except RecursionError:
        return "the PDF's structure is nested too deeply"
    except Exception as exc:  # noqa: BLE001 - untrusted input: any exception is a report
        return (str(exc).strip() or type(exc).__name__)[:500]


def _emit(value: dict[str, Any]) -> None:
    # ASCII JSON: the parent decodes it whatever the console's code page is.
    sys.stdout.write(json.dumps(value))
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
