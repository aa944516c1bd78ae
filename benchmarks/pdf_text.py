"""pypdf against pypdfium2 for the PDF worker's text: time per file and words recovered.

Usage::

    .venv/bin/python benchmarks/pdf_text.py [--fixtures DIR] [--repeat N] [--markdown]

For each of the fixture PDFs (`../shared/fixtures/pdfs/`, see its README) and each library,
the best of N wall times to open the file and extract the text of every page (in this
process), and the share of the reference text's words the extraction recovers. "worker" is
the whole of what attaching a file costs now: the extraction subprocess (process start,
PDFium's text, pypdf's metadata) as `papershelf attach` runs it. The reference is
`pdftotext` from poppler-utils (a third, independent engine; `apt-get install
poppler-utils`), so neither candidate grades itself.

Words are runs of letters and digits, lower-cased, with line-end hyphens joined; recall is
the multiset overlap with the reference divided by the reference's word count. "Run-on"
counts extracted words longer than 25 characters that the reference does not have (text
pulled out without spaces between words, which search cannot match).
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))

from papershelf.pdf.extract import pdfium_text
from papershelf.pdf.run import extract_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pdfs"
_WORD = re.compile(r"[^\W_]+")
_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")


def by_pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def by_pypdfium2(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            # As the worker cleans it: PDFium's end-of-line hyphen marks joined.
            out.append(pdfium_text(textpage.get_text_range()))
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def by_worker(path: Path) -> list[str]:
    """What attaching costs: the worker subprocess (start, PDFium text, pypdf metadata)."""
    return extract_pdf(path, max_pages=10_000, timeout=120).pages


def by_pdftotext(path: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8", "replace").split("\f")


def words(pages: list[str]) -> Counter[str]:
    text = _HYPHEN_BREAK.sub(r"\1\2", "\n".join(pages).replace("\r\n", "\n"))
    return Counter(w.casefold() for w in _WORD.findall(text))


@dataclass
class Cell:
    seconds: float
    recall: float
    run_on: int


def measure(
    extract: Callable[[Path], list[str]], path: Path, reference: Counter[str], repeat: int
) -> Cell:
    best = float("inf")
    pages: list[str] = []
    for _ in range(repeat):
        started = time.perf_counter()
        pages = extract(path)
        best = min(best, time.perf_counter() - started)
    got = words(pages)
    overlap = sum((got & reference).values())
    total = sum(reference.values()) or 1
    run_on = sum(n for w, n in got.items() if len(w) > 25 and w not in reference)
    return Cell(best, overlap / total, run_on)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--repeat", type=int, default=2, help="best of N runs (default 2)")
    parser.add_argument("--markdown", action="store_true", help="a table for docs/")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the reference text", file=sys.stderr)
        return 1
    files = sorted(args.fixtures.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.fixtures}", file=sys.stderr)
        return 1
    logging.disable(logging.CRITICAL)  # pypdf logs every font it cannot fully decode
    tools = {"pypdf": by_pypdf, "pypdfium2": by_pypdfium2, "worker": by_worker}
    for extract in tools.values():  # imports and first-use setup out of the timings
        extract(files[0])
    rows: list[tuple[str, int, dict[str, Cell]]] = []
    for path in files:
        reference_pages = by_pdftotext(path)
        reference = words(reference_pages)
        cells = {name: measure(fn, path, reference, args.repeat) for name, fn in tools.items()}
        rows.append((path.name, sum(reference.values()), cells))
        if not args.markdown:
            line = "  ".join(
                f"{name} {c.seconds:6.3f}s {c.recall:6.1%} run-on {c.run_on:3d}"
                for name, c in cells.items()
            )
            print(f"{path.name[:40]:40} {sum(reference.values()):6d} words  {line}", flush=True)
    _summary(rows, args.markdown)
    return 0


def _summary(rows: list[tuple[str, int, dict[str, Cell]]], markdown: bool) -> None:
    names = list(rows[0][2])
    if markdown:
        head = " | ".join(f"{n} s | {n} words | {n} run-on" for n in names)
        print(f"| file | reference words | {head} |")
        print("|---|---:|" + "---:|" * (3 * len(names)))
        for name, total, cells in rows:
            body = " | ".join(
                f"{c.seconds:.3f} | {c.recall:.1%} | {c.run_on}" for c in cells.values()
            )
            print(f"| {name} | {total} | {body} |")
    all_words = sum(t for _, t, _ in rows)
    print()
    for n in names:
        seconds = sum(c[n].seconds for _, _, c in rows)
        recovered = sum(c[n].recall * t for _, t, c in rows) / all_words
        print(
            f"{n}: {seconds:.2f} s for {len(rows)} files, "
            f"{recovered:.1%} of {all_words} reference words, "
            f"{sum(c[n].run_on for _, _, c in rows)} run-on words"
        )
    first, second = names[0], names[1]
    speedups = sorted(c[first].seconds / max(c[second].seconds, 1e-6) for _, _, c in rows)
    print(
        f"{second} is {speedups[len(speedups) // 2]:.0f}x faster than {first} per file "
        f"(median; from {speedups[0]:.0f}x to {speedups[-1]:.0f}x)"
    )


if __name__ == "__main__":
    sys.exit(main())
