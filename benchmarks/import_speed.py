"""Time importing Better BibTeX's 7,166-entry library: the parse, and the writes with their
duplicate check, separately; or, with `--index N`, the search index build of N generated papers.

    python benchmarks/import_speed.py [--runs 5] [--tree PATH]
    python benchmarks/import_speed.py --index 5000 [--runs 3] [--tree PATH]

`--tree` times another checkout's `desktop/` (e.g. an older commit unpacked with
`git archive COMMIT desktop | tar -x -C /tmp/old`), so a before/after pair runs the same
script on the same machine. The machine is shared and its load varies: the minimum over the
runs and the CPU time of the process are the figures to compare, not one wall-clock run.
Each run imports into a fresh library (`indexing="none"`: the index is benchmarks/search.py's
business), as `Library.import_text` does after parsing.

`--index N` splits the index build (issue 21: `import_s` of benchmarks/search.py is SQLite, then
this) into CPU per paper, in one process: analysis (every field's `index()`, the first pass over
the papers, as a fresh worker process does it), the writer's `add_document`, and its commit
(sorting and writing postings, with `search.fast_postings.FastCodec` where the tree has it);
then the build as the product runs it (`SearchIndex.rebuild`: the multi-process writer above
2,000 papers), wall time and CPU with its worker processes, and the index's size. The one
process writes as the product's workers do (`search.fast_writer.FastSegmentWriter`, posting
into a term pool) where the tree has it, else with Whoosh's writer and its sorting pool.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def _cpu_with_children() -> float:
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _index_documents(papers: int, tmp: Path) -> list[dict[str, Any]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import generate
    from papershelf.library import Library
    from papershelf.library.indexing import _documents

    lib = Library.open(tmp / "library", indexing="none")
    try:
        lib.import_drafts(list(generate.generate_drafts(papers, 1)))
        return _documents(lib._store, lib._store.ids())
    finally:
        lib.close()


def index_build(papers: int, runs: int) -> int:
    """CPU per paper of analysing, adding and committing; then the product's build."""
    from papershelf.search.index import INDEX_NAME, SearchIndex, _storage
    from papershelf.search.schema import build_schema

    try:
        from papershelf.search.fast_postings import FastCodec

        codec: dict[str, Any] = {"codec": FastCodec()}
    except ImportError:  # a tree from before it
        codec = {}
    try:
        from papershelf.search.fast_writer import FastSegmentWriter
    except ImportError:  # a tree from before it: Whoosh's own writer and sorting pool
        FastSegmentWriter = None  # noqa: N806
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="papershelf-index-") as name:
        tmp = Path(name)
        docs = _index_documents(papers, tmp)
        for run in range(runs):
            # A fresh process per run: the analysis memory of words starts empty, as in a worker.
            pid = os.fork()
            if pid == 0:
                schema = build_schema()
                cpu = time.process_time()
                for doc in docs:
                    for field, value in doc.items():
                        if schema[field].indexed:
                            list(schema[field].index(value))
                analysis = time.process_time() - cpu
                folder = tmp / f"one-{run}"
                folder.mkdir()
                ix = _storage(folder).create_index(build_schema(), indexname=INDEX_NAME)
                if FastSegmentWriter is not None:
                    writer = FastSegmentWriter(ix, limitmb=512, **codec)
                else:
                    writer = ix.writer(limitmb=512, **codec)
                cpu = time.process_time()
                for doc in docs:
                    writer.add_document(**doc)
                added = time.process_time() - cpu
                cpu = time.process_time()
                writer.commit()
                committed = time.process_time() - cpu
                line = f"{analysis} {added} {committed} {_folder_size(folder)}"
                (tmp / f"one-{run}.txt").write_text(line)
                os._exit(0)
            os.waitpid(pid, 0)
            parts = [float(x) for x in (tmp / f"one-{run}.txt").read_text().split()]
            for key, value in zip(("analysis", "add", "commit"), parts, strict=False):
                figures.setdefault(key, []).append(value / papers * 1000)
            figures.setdefault("one_size", []).append(parts[3] / 1e6)
            index = SearchIndex(tmp / f"product-{run}")
            wall, cpu = time.perf_counter(), _cpu_with_children()
            index.rebuild(iter(docs), 1, total=len(docs))
            figures.setdefault("build_wall", []).append(time.perf_counter() - wall)
            figures.setdefault("build_cpu", []).append(_cpu_with_children() - cpu)
            figures.setdefault("build_size", []).append(_folder_size(index.path) / 1e6)
            index.close()
    low = {key: min(values) for key, values in figures.items()}
    print(f"index build of {papers} generated papers, {runs} runs (minimum of each figure)")
    print(
        f"one process, CPU per paper: analysis {low['analysis']:.3f} ms (first pass), "
        f"add_document {low['add']:.3f} ms (analysis again, warm, and posting), "
        f"commit {low['commit']:.3f} ms; index {low['one_size']:.2f} MB"
    )
    print(
        f"SearchIndex.rebuild: wall {low['build_wall']:.2f} s, CPU with workers "
        f"{low['build_cpu']:.2f} s ({low['build_cpu'] / papers * 1000:.3f} ms per paper); "
        f"index {low['build_size']:.2f} MB"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=REPO, help="a checkout holding desktop/")
    parser.add_argument("--index", type=int, metavar="N", help="time the index build instead")
    args = parser.parse_args(argv)
    if args.index:
        sys.path.insert(0, str(args.tree.resolve() / "desktop"))
        return index_build(args.index, args.runs)
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
