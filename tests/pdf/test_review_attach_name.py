"""The name a PDF is attached under is a file name: `attach --name "   "` said "attached     to
#2" and left an empty link in the detail pane's Files list, and a path given as the name
(imported data, `--name ../x.pdf`) was shown whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.library import Library
from papershelf.library.attachments import attach, attachments

from tests.conftest import make_draft
from tests.pdf.make_pdf import make_pdf


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("   ", "source.pdf"),
        ("../evil.pdf", "evil.pdf"),
        ("C:\\Users\\me\\Downloads\\Smith 2020.pdf", "Smith 2020.pdf"),
        ("files/12/paper.pdf", "paper.pdf"),
        (" Kept as typed.pdf ", "Kept as typed.pdf"),
    ],
)
def test_the_name_shown_is_the_files_own(
    library: Library, tmp_path: Path, given: str, shown: str
) -> None:
    source = tmp_path / "source.pdf"
    source.write_bytes(make_pdf(["A page"]))
    pid = library.import_drafts([make_draft(1)]).paper_ids[0]
    report = attach(library, pid, source, name=given)
    [a] = attachments(library, pid)
    assert a.original_name == shown
    assert report.summary().startswith(f"attached {shown} to #{pid} as files/")
    assert Path(a.file_name).name.endswith(".pdf")
