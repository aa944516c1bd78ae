"""`papershelf attach` and `papershelf files` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.cli import main

from tests.conftest import REPO, shared_file
from tests.pdf.make_pdf import make_pdf

SMALL_LISTING = REPO / "tests" / "data" / "listing-small.txt"


def run(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_attach_then_search_shows_the_page(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    pdf = shared_file("fixtures/pdfs/Fritzsch2022_SPE_10.1002-spe.3169.pdf")
    assert run(capsys, lib_path, "import", str(SMALL_LISTING))[0] == 0
    code, out, err = run(capsys, lib_path, "attach", "2", str(pdf))
    assert code == 0, err
    assert "attached Fritzsch2022_SPE_10.1002-spe.3169.pdf to #2" in out
    assert "indexed 21 pages" in out

    code, out, _ = run(capsys, lib_path, "files", "2")
    assert code == 0
    assert "files/2/Fritzsch2022_SPE_10.1002-spe.3169.pdf" in out
    assert "21 pages, all indexed" in out

    def search(*query: str) -> list[dict[str, object]]:
        code, out, err = run(capsys, lib_path, "search", *query, "--json")
        assert code == 0, err
        results: list[dict[str, object]] = json.loads(out)["results"]
        return results

    assert [r["id"] for r in search("has:pdf")] == [2]
    # Words only the PDF has: its abstract (pypdf runs some of this Wiley PDF's words
    # together, but most of the running text reads fine).
    hits = search("rapid", "review")
    assert [r["id"] for r in hits] == [2]
    assert hits[0]["snippet_field"] == "pdf"
    assert str(hits[0]["snippet"]).startswith("p. ")
    code, out, _ = run(capsys, lib_path, "search", "rapid", "review")
    assert "pdf: p. " in out
    assert "OK" in run(capsys, lib_path, "check")[1]


def test_attach_errors_name_the_file(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    missing = tmp_path / "missing.pdf"
    code, _, err = run(capsys, lib_path, "attach", "1", str(missing))
    assert code == 1
    assert f"{missing}: no such file" in err
    code, _, err = run(capsys, lib_path, "attach", "999", str(missing))
    assert code == 1
    assert "999" in err


def test_failed_extraction_exits_2_and_keeps_the_file(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\xff" * 3000)
    code, _, err = run(capsys, lib_path, "attach", "1", str(bad))
    assert code == 2
    assert "its text could not be extracted" in err
    out = run(capsys, lib_path, "files", "1")[1]
    assert "text not extracted: cannot extract the text" in out


def test_files_json(capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(make_pdf(["one page of words"]))
    assert run(capsys, lib_path, "attach", "1", str(pdf), "--name", "../../escape.pdf")[0] == 0
    listed = json.loads(run(capsys, lib_path, "files", "1", "--json")[1])
    assert [(f["file"], f["pages"], f["pages_indexed"], f["exists"]) for f in listed] == [
        ("files/1/escape.pdf", 1, 1, True)
    ]
    assert not (lib_path.parent / "escape.pdf").exists()


def test_files_counts_one_page_in_the_singular(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "one-page.pdf"
    pdf.write_bytes(make_pdf(["Rectified flow in a single page"]))
    assert run(capsys, lib_path, "import", str(SMALL_LISTING))[0] == 0
    code, out, err = run(capsys, lib_path, "attach", "2", str(pdf))
    assert code == 0, err
    code, out, _ = run(capsys, lib_path, "files", "2")
    assert code == 0
    assert "1 page, all indexed" in out
