"""Time the duplicate check of an import, and the Duplicates view's scan, at N papers.

    python benchmarks/duplicates.py [N] [--entries 1000]

Uses (or generates) the benchmark library of N papers (`generate.py`), copies it, and
imports `--entries` new drafts into the copy: a third share a title with a paper in the
library and differ in first author, so the check compares candidates rather than finding none.
Reports the duplicate check alone (`find_duplicate` per draft), the whole import, and
`Library.duplicate_groups()`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from generate import default_dir, ensure_library, generate_drafts
from papershelf.library import Library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args(argv)
    source = default_dir(args.n)
    ensure_library(args.n, source)
    existing = list(generate_drafts(args.entries, seed=0))  # the library's own first papers
    fresh = list(generate_drafts(args.entries, seed=12345))
    drafts = [
        replace(e, authors=["Zed Other"], arxiv_id=None, doi=None) if i % 3 == 0 else f
        for i, (e, f) in enumerate(zip(existing, fresh, strict=True))
    ]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "lib"
        shutil.copytree(source, copy)
        with Library.open(copy, indexing="none") as lib:
            store = lib._store  # the check alone, without the writes of an import
            start = time.perf_counter()
            for draft in drafts:
                store.find_duplicate(draft, origin="bench.bib", or_possible=False)
            check = time.perf_counter() - start
            start = time.perf_counter()
            report = lib.import_drafts(drafts, source="bench.bib")
            whole = time.perf_counter() - start
            start = time.perf_counter()
            groups = lib.duplicate_groups()
            scan = time.perf_counter() - start
    per_k = 1000 / args.entries
    print(f"{args.n} papers, {args.entries} entries: {report.summary()}")
    print(f"duplicate check: {check * per_k:.3f} s per 1,000 entries")
    print(f"whole import:    {whole * per_k:.3f} s per 1,000 entries")
    print(f"duplicate_groups(): {scan:.3f} s ({len(groups)} groups)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
