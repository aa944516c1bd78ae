"""Real clients on our exports: pandoc --citeproc and biber, over every large fixture library.

Usage::

    .venv/bin/python benchmarks/clients.py                   # every library (~10 min)
    .venv/bin/python benchmarks/clients.py bbt-1436-1 iridia # some of them
    .venv/bin/python benchmarks/clients.py --markdown        # the tables in docs/compatibility.md

For each library in `../shared/fixtures/` (tests/clients/tools.py names them): import it into a
new library, export CSL-JSON and BibTeX and render each with `pandoc --citeproc` (every entry
cited with `nocite: '@*'`), then count the stored volumes and first pages not in their
entry's rendered text where the style prints them for the entry's CSL type ("missing"), and
where it has no place for them ("not printed by the style"), and pandoc's warnings. Export
BibLaTeX and run `biber --tool --validate-datamodel` on it and on the source file itself;
"added" counts the warnings of kinds our export has more of than the source (kind = the
message without the key), where a field outside biblatex's data model that an entry carries
from its source entry counts as the source's (tests/clients/tools.py `carried_warnings`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.clients.tools import (
    added_warnings,
    biber_warnings,
    carried_warnings,
    fixture_libraries,
    import_library,
    missing_locators,
    pandoc_render,
    source_warnings,
    unprintable_locators,
    write_export,
)


@dataclass
class Row:
    name: str
    papers: int
    with_locators: int
    csl_missing: int
    csl_unprintable: int
    csl_warnings: int
    bib_missing: int
    bib_unprintable: int
    bib_warnings: int
    biber_source: int | None
    biber_ours: int
    biber_added: int
    added_kinds: dict[str, tuple[int, int]]
    seconds: float


def measure(name: str) -> Row:
    fixture = fixture_libraries()[name]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        papers, keys = import_library(tmp / "lib", fixture)
        located = sum(bool(p.volume or p.pages) for p in papers)
        csl = pandoc_render(write_export(papers, keys, "csl-json", tmp / "ours.json"))
        bib = pandoc_render(write_export(papers, keys, "bibtex", tmp / "ours.bib"))
        ours = biber_warnings(write_export(papers, keys, "biblatex", tmp / "ours-blx.bib"))
        source = source_warnings(fixture, tmp / "source") if fixture.is_bib else None
    carried = carried_warnings(papers, fixture)
    added = added_warnings((source if source is not None else Counter()) | carried, ours)
    return Row(
        name=name,
        papers=len(papers),
        with_locators=located,
        csl_missing=len(missing_locators(papers, keys, csl)),
        csl_unprintable=len(unprintable_locators(papers, keys, csl)),
        csl_warnings=len(csl.warnings),
        bib_missing=len(missing_locators(papers, keys, bib)),
        bib_unprintable=len(unprintable_locators(papers, keys, bib)),
        bib_warnings=len(bib.warnings),
        biber_source=sum(source.values()) if source is not None else None,
        biber_ours=sum(ours.values()),
        biber_added=sum(n - s for s, n in added.values()),
        added_kinds=added,
        seconds=time.perf_counter() - start,
    )


def markdown(rows: list[Row]) -> str:
    head = (
        "| library | papers | with volume/pages | CSL-JSON: locator missing | CSL-JSON: not"
        " printed by the style | CSL-JSON: pandoc warnings | BibTeX: locator missing | BibTeX:"
        " not printed by the style | BibTeX: pandoc warnings | biber: source |"
        " biber: our BibLaTeX | biber: added by us |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for r in rows:
        source = "–" if r.biber_source is None else str(r.biber_source)
        lines.append(
            f"| {r.name} | {r.papers} | {r.with_locators} | {r.csl_missing}"
            f" | {r.csl_unprintable} | {r.csl_warnings} | {r.bib_missing} | {r.bib_unprintable}"
            f" | {r.bib_warnings} | {source} | {r.biber_ours} | {r.biber_added} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="libraries to run (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print the docs table")
    args = parser.parse_args()
    names = args.names or list(fixture_libraries())
    if not names:
        sys.exit("no fixture libraries: ../shared/fixtures/ is missing")
    rows = []
    for name in names:
        row = measure(name)
        rows.append(row)
        print(
            f"{row.name}: {row.papers} papers, {row.with_locators} with volume/pages;"
            f" pandoc CSL-JSON missing {row.csl_missing} (not printed {row.csl_unprintable})"
            f" warnings {row.csl_warnings};"
            f" BibTeX missing {row.bib_missing} (not printed {row.bib_unprintable})"
            f" warnings {row.bib_warnings};"
            f" biber source {row.biber_source} ours {row.biber_ours} added {row.biber_added}"
            f" ({row.seconds:.0f} s)",
            file=sys.stderr,
        )
        for kind, (before, after) in sorted(row.added_kinds.items()):
            print(f"    added: {kind}: {before} -> {after}", file=sys.stderr)
    if args.markdown:
        print(markdown(rows))


if __name__ == "__main__":
    main()
