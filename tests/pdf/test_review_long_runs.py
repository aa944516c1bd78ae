"""A page whose text is one long run without spaces (a table dump, a text layer that lost its
spaces) is extracted at once. Joining the words split at line ends must not backtrack over
such a run: a regular expression that looked for the word around each soft hyphen did, and
took seconds on a page-long run and minutes on longer ones (the extraction ran out of its
time)."""

from __future__ import annotations

from pathlib import Path

from papershelf.gui.reader.selection import quote_text
from papershelf.pdf.extract import pdfium_text
from papershelf.pdf.run import extract_pdf

from tests.pdf.make_pdf import make_pdf

RUN = "x" * 60_000


def test_a_page_of_one_long_run_is_extracted_within_the_time_limit(tmp_path: Path) -> None:
    line = "x" * 30_000  # PDFium keeps at most 32,767 characters of one text object
    pdf = tmp_path / "run.pdf"
    pdf.write_bytes(make_pdf([line + "\nend"]))
    # Joining a soft hyphen's word scanned the run from each of its characters: about 13 s
    # for this page, past the limit (PdfError "took longer than 5 s").
    ex = extract_pdf(pdf, max_pages=1, timeout=5)
    assert ex.pages[0] == line + "\nend"


def test_the_joins_handle_a_long_run() -> None:
    assert pdfium_text(RUN + "\ufffe" + RUN) == RUN + RUN
    assert quote_text(RUN + "-\r\n" + RUN) == RUN + RUN
    assert quote_text(RUN + "\ufffe" + RUN) == RUN + RUN
