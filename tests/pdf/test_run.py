"""The extraction subprocess: results, the page cap, and bad PDFs that fail fast and clearly."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from papershelf import app
from papershelf.pdf import run
from papershelf.pdf.run import FROZEN_FLAG, PdfError, extract_pdf, worker_command

from tests.pdf.make_pdf import make_pdf


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_per_page_and_metadata(tmp_path: Path) -> None:
    pdf = write(tmp_path, "a.pdf", make_pdf(["Hello world", "Second page"], title="A Title"))
    ex = extract_pdf(pdf, max_pages=10, timeout=30)
    assert ex.page_count == 2
    assert [p.strip() for p in ex.pages] == ["Hello world", "Second page"]
    assert ex.info["Title"] == "A Title"
    assert not ex.capped


def test_pages_beyond_the_cap_are_counted_not_extracted(tmp_path: Path) -> None:
    pdf = write(tmp_path, "long.pdf", make_pdf([f"page {i}" for i in range(1, 6)]))
    ex = extract_pdf(pdf, max_pages=3, timeout=30)
    assert (ex.page_count, len(ex.pages), ex.capped) == (5, 3, True)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"hello, I am a text file", "not a PDF"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 20, "cannot extract the text"),
    ],
)
def test_bad_files_give_a_clear_error_naming_the_file(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    pdf = write(tmp_path, "bad.pdf", data)
    with pytest.raises(PdfError, match=reason) as err:
        extract_pdf(pdf, max_pages=10, timeout=30)
    assert str(pdf) in str(err.value)


def test_a_truncated_pdf_fails_cleanly(tmp_path: Path) -> None:
    whole = make_pdf(["some text " * 50] * 3)
    pdf = write(tmp_path, "cut.pdf", whole[: len(whole) // 3])
    # pypdf may recover what is there (without inventing pages) or fail with a clear error.
    outcome: str | int
    try:
        outcome = extract_pdf(pdf, max_pages=10, timeout=30).page_count
    except PdfError as exc:
        outcome = str(exc)
    if isinstance(outcome, str):
        assert outcome.startswith(f"{pdf}: ")
    else:
        assert outcome <= 3


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="no such file"):
        extract_pdf(tmp_path / "nope.pdf", max_pages=10, timeout=30)


def pathological_pdf(tmp_path: Path) -> Path:
    # 800,000 text-showing operators on one page, each beside the last (PDFium drops text
    # drawn over itself): PDFium needs several seconds, and far more than 40 MB.
    stream = b"BT /F1 12 Tf " + b"(ab) Tj 13 0 Td " * 800_000 + b"ET"
    return write(tmp_path, "slow.pdf", make_pdf(contents=[stream]))


def test_a_pathological_pdf_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    pdf = pathological_pdf(tmp_path)
    with pytest.raises(PdfError, match=r"took longer than 1 s and was stopped"):
        extract_pdf(pdf, max_pages=10, timeout=1.0)


def test_a_worker_that_never_ends_is_stopped_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pathological PDF above might finish in time on a fast machine; this worker never
    # does (it would sleep ten minutes), so returning at all shows the timeout stopped it.
    pdf = write(tmp_path, "a.pdf", make_pdf(["hello"]))
    forever = [sys.executable, "-c", "import time; time.sleep(600)"]
    monkeypatch.setattr(run, "worker_command", lambda *_: forever)
    with pytest.raises(PdfError, match=r"took longer than 1 s and was stopped"):
        extract_pdf(pdf, max_pages=10, timeout=1.0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_memory_is_capped(tmp_path: Path) -> None:
    pdf = pathological_pdf(tmp_path)
    with pytest.raises(PdfError, match=r"ran out of memory \(limit 40 MB\)"):
        extract_pdf(pdf, max_pages=10, timeout=30, memory_mb=40)


def test_frozen_app_runs_the_worker_through_its_own_binary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write(tmp_path, "a.pdf", make_pdf(["frozen hello"]))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    command = worker_command(pdf, 5, 0)  # no memory cap: the worker runs in-process here
    assert command[:3] == [sys.executable, FROZEN_FLAG, str(pdf)]
    # What the bundle's entry point does with that command line.
    assert app.main(command[1:]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pages"][0].strip() == "frozen hello"


def test_worker_reports_errors_as_json_not_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write(tmp_path, "bad.pdf", b"%PDF-1.4\n" + os.urandom(100))
    assert app.main([FROZEN_FLAG, str(pdf), "--max-memory-mb", "0"]) == 2
    assert "error" in json.loads(capsys.readouterr().out)
