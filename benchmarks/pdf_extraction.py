"""Compare PDF text extractors on the shared fixture PDFs: time and text quality.

    python -m venv /tmp/pdfcmp && /tmp/pdfcmp/bin/pip install pypdf pdfminer.six pymupdf
    /tmp/pdfcmp/bin/python benchmarks/pdf_extraction.py [--fixtures DIR]

Papershelf itself only needs pypdf; the other two are installed in a throwaway venv for this
comparison. For each PDF and extractor: the best of two wall times for all pages, the number
of words, the number of "words" longer than 20 letters (text run together without spaces,
which search cannot match), and whether the paper's true title appears on page 1.
"""

from __future__ import annotations

import argparse
import glob
import logging
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pdfs"
# True titles (JabRef's pdfContentImporterTest-pdfs.bib, the arXiv records, the PDFs).
TITLES = {
    "Keim2024": "Recovering Trace Links Between Software Documentation And Code",
    "Becker2024": "Not Quite There Yet: Remaining Challenges in Systems and Software "
    "Product Line Engineering as Perceived by Industry Practitioners",
    "Bogner2019": "On the impact of service-oriented patterns on software evolvability: "
    "a controlled experiment and metric-based analysis",
    "Fritzsch2022": "Adopting microservices and DevOps in the cyber-physical systems domain: "
    "A rapid review and case study",
    "arxivpy": "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
    "Connectivity Limit",
    "zotero_recognizePDF_test_title": "Bitcoin: A Peer-to-Peer Electronic Cash System",
    "zotero_recognizePDF_test_arXiv": "Scaling study of an improved fermion action on "
    "quenched lattices",
}


def by_pypdf(path: str) -> list[str]:
    import pypdf

    return [p.extract_text() or "" for p in pypdf.PdfReader(path).pages]


def by_pdfminer(path: str) -> list[str]:
    from pdfminer.high_level import extract_text

    return str(extract_text(path)).split("\f")


def by_pymupdf(path: str) -> list[str]:
    import pymupdf

    with pymupdf.open(path) as doc:
        return [str(page.get_text()) for page in doc]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("-\n", "")).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # pypdf logs every font it cannot fully decode
    tools: dict[str, Callable[[str], list[str]]] = {
        "pypdf": by_pypdf,
        "pdfminer.six": by_pdfminer,
        "pymupdf": by_pymupdf,
    }
    totals = {name: [0.0, 0, 0, 0, 0] for name in tools}
    print(f"{'file':34} " + " | ".join(f"{name:>28}" for name in tools))
    for path in sorted(glob.glob(str(args.fixtures / "*.pdf"))):
        key = os.path.basename(path)
        title = next((v for k, v in TITLES.items() if key.startswith(k)), None)
        cells = []
        for name, extract in tools.items():
            best = float("inf")
            for _ in range(2):
                start = time.perf_counter()
                pages = extract(path)
                best = min(best, time.perf_counter() - start)
            words = re.findall(r"[A-Za-z]+", "\n".join(pages))
            joined = sum(len(w) > 20 for w in words)
            found = None if title is None else _norm(title) in _norm(" ".join(pages[:1]))
            t = totals[name]
            t[0] += best
            t[1] += len(words)
            t[2] += joined
            if found is not None:
                t[3] += found
                t[4] += 1
            mark = "-" if found is None else ("T" if found else "x")
            cells.append(f"{best * 1000:6.0f}ms {len(words):6d}w {joined:3d}long {mark}")
        print(f"{key[:34]:34} " + " | ".join(f"{c:>28}" for c in cells))
    for name, (secs, words, joined, found, known) in totals.items():
        print(
            f"{name:12} total {secs:6.2f}s  words {words}  run-together (>20 letters) {joined}"
            f"  titles on p.1 {found}/{known}"
        )


if __name__ == "__main__":
    main()
