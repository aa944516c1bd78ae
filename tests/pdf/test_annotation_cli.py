"""`papershelf annotate`, `read-annotations`, `export-pdf` and `show --json` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.cli import main
from pypdf import PdfReader

from tests.conftest import REPO
from tests.pdf.annotated_pdf import annotated_pdf, highlight, line_rect
from tests.pdf.make_pdf import make_pdf

SMALL_LISTING = REPO / "tests" / "data" / "listing-small.txt"
PAGES = [
    "Introduction to pipeline parallelism",
    "GPipe achieves almost lin-\near speedup with the number\nof accelerators used",
]


def run(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def shown_annotations(
    capsys: pytest.CaptureFixture[str], lib: Path, pid: str
) -> list[dict[str, object]]:
    code, out, err = run(capsys, lib, "show", pid, "--json")
    assert code == 0, err
    found = json.loads(out)["annotations"]
    assert isinstance(found, list)
    return found


@pytest.fixture
def with_pdf(capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path) -> str:
    assert run(capsys, lib_path, "import", str(SMALL_LISTING))[0] == 0
    pdf = tmp_path / "gpipe.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    code, _, err = run(capsys, lib_path, "attach", "1", str(pdf))
    assert code == 0, err
    return "1"


def test_annotate_anchors_a_quote_found_in_the_pdf(
    capsys: pytest.CaptureFixture[str], lib_path: Path, with_pdf: str
) -> None:
    code, out, err = run(
        capsys,
        lib_path,
        "annotate",
        with_pdf,
        "--quote",
        "almost linear speedup",
        "--page",
        "2",
        "--comment",
        "check figure 3",
        "--color",
        "green",
    )
    assert code == 0, err
    assert "highlighted on page 2 of the PDF" in out
    (shown,) = shown_annotations(capsys, lib_path, with_pdf)
    assert shown["type"] == "highlight"
    assert shown["text"] == "almost linear speedup"  # the hyphenated line end joined
    assert (shown["comment"], shown["color"]) == ("check figure 3", "#5fb236")
    assert (shown["page_index"], shown["page_label"], shown["page"]) == (1, None, 2)
    rects = shown["rects"]
    assert isinstance(rects, list)
    assert len(rects) == 2  # the quote spans a line break
    assert all(isinstance(r, list) and len(r) == 4 for r in rects)
    code, out, _ = run(capsys, lib_path, "show", with_pdf)
    assert "p. 2  “almost linear speedup” — check figure 3" in out


def test_a_quote_not_in_the_pdf_stays_a_quote_and_says_so(
    capsys: pytest.CaptureFixture[str], lib_path: Path, with_pdf: str
) -> None:
    code, out, err = run(
        capsys, lib_path, "annotate", with_pdf, "--quote", "bubble overhead", "--page", "7"
    )
    assert code == 0
    assert "annotation" in out
    assert "not found on page 7 or elsewhere in the PDF" in err
    (shown,) = shown_annotations(capsys, lib_path, with_pdf)
    assert (shown["type"], shown["text"], shown["page"]) == ("quote", "bubble overhead", 7)
    assert (shown["page_index"], shown["rects"], shown["color"]) == (None, [], None)


def test_a_paper_without_a_pdf_gets_a_quote_silently(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    assert run(capsys, lib_path, "import", str(SMALL_LISTING))[0] == 0
    code, _, err = run(capsys, lib_path, "annotate", "2", "--quote", "a quote", "--page", "4")
    assert (code, err) == (0, "")
    (shown,) = shown_annotations(capsys, lib_path, "2")
    assert (shown["type"], shown["page"]) == ("quote", 4)


def test_export_pdf_writes_the_highlights_and_read_annotations_takes_in_others(
    capsys: pytest.CaptureFixture[str], lib_path: Path, with_pdf: str, tmp_path: Path
) -> None:
    run(capsys, lib_path, "annotate", with_pdf, "--quote", "pipeline parallelism")
    out_pdf = tmp_path / "out.pdf"
    code, out, err = run(capsys, lib_path, "export-pdf", with_pdf, "-o", str(out_pdf))
    assert code == 0, err
    assert f"wrote {out_pdf} with 1 highlight" in out
    (annot,) = [a.get_object() for a in PdfReader(out_pdf).pages[0].get("/Annots", [])]
    assert annot["/Subtype"] == "/Highlight"
    # An existing file is not replaced without --force.
    code, _, err = run(capsys, lib_path, "export-pdf", with_pdf, "-o", str(out_pdf))
    assert code == 1
    assert "--force" in err

    marked = tmp_path / "marked.pdf"
    marked.write_bytes(annotated_pdf(PAGES, {1: [highlight([line_rect(2)], comment="n")]}))
    assert run(capsys, lib_path, "attach", with_pdf, str(marked))[0] == 0
    before = shown_annotations(capsys, lib_path, with_pdf)
    assert [a["text"] for a in before if a["external"]] == ["of accelerators used"]
    code, out, _ = run(capsys, lib_path, "read-annotations", with_pdf)
    assert code == 0
    assert "no new annotations" in out
    assert shown_annotations(capsys, lib_path, with_pdf) == before
