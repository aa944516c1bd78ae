"""Time importing Better BibTeX's 7,166-entry library: the parse, and the writes with their
duplicate check, separately.

    python benchmarks/import_speed.py [--runs 5] [--tree PATH]

`--tree` times another checkout's `desktop/` (e.g. an older commit unpacked with
`git archive COMMIT desktop | tar -x -C /tmp/old`), so a before/after pair runs the same
script on the same machine. The machine is shared and its load varies: the minimum over the
runs and the CPU time of the process are the figures to compare, not one wall-clock run.
Each run imports into a fresh library (`indexing="none"`: the index is benchmarks/search.py's
business), as `Library.import_text` does after parsing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBRARY = (
    REPO.parent
    / "shared"
    / "fixtures"
    / "better-bibtex"
    / "large"
    / "Unabbreviate_on_import_1436-3.bib"
)


def _figures(label: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"{label}: wall min {min(wall):.2f} s, median {statistics.median(wall):.2f} s; "
        f"CPU min {min(cpu):.2f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=REPO, help="a checkout holding desktop/")
    args = parser.parse_args(argv)
    if not LIBRARY.is_file():
        print(f"fixture not found: {LIBRARY}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.tree.resolve() / "desktop"))
    from papershelf.importers.registry import choose_importer
    from papershelf.importers.textio import decode_bytes
    from papershelf.library import Library

    text = decode_bytes(LIBRARY.read_bytes(), path=str(LIBRARY))
    importer = choose_importer(text, "bibtex")
    parse_wall: list[float] = []
    parse_cpu: list[float] = []
    write_wall: list[float] = []
    write_cpu: list[float] = []
    papers = 0
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = importer.parse(text, source=LIBRARY.name)
        parse_wall.append(time.perf_counter() - wall)
        parse_cpu.append(time.process_time() - cpu)
        with tempfile.TemporaryDirectory(prefix="papershelf-import-") as tmp:
            lib = Library.open(Path(tmp) / "library", indexing="none")
            try:
                wall, cpu = time.perf_counter(), time.process_time()
                lib.import_drafts(parsed.drafts, source=LIBRARY.name, fmt="bibtex")
                write_wall.append(time.perf_counter() - wall)
                write_cpu.append(time.process_time() - cpu)
                papers = lib.count()
            finally:
                lib.close()
    both_wall = [p + w for p, w in zip(parse_wall, write_wall, strict=True)]
    both_cpu = [p + w for p, w in zip(parse_cpu, write_cpu, strict=True)]
    print(f"{LIBRARY.name}: {len(parsed.drafts)} entries, {papers} papers, {args.runs} runs")
    print(_figures("parse            ", parse_wall, parse_cpu))
    print(_figures("write (dedupe)   ", write_wall, write_cpu))
    print(_figures("parse + write    ", both_wall, both_cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
