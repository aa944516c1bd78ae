"""Attaching PDFs to papers: copies in files/, searchable text with pages, has:pdf, safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from papershelf.config.settings import save_setting
from papershelf.core.errors import NotFoundError, PapershelfError, StorageError
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.library.attachments import add_pdf, attach, attachment_path, attachments
from papershelf.pdf.run import PdfError
from papershelf.storage.attachments import path_inside, safe_file_name

from tests.conftest import make_draft, shared_file
from tests.pdf.make_pdf import make_pdf

KEIM = "fixtures/pdfs/Keim2024_ICSE_10.1145-3597503.3639130.pdf"
BOGNER = "fixtures/pdfs/Bogner2019_PeerJCS_10.7717-peerj-cs.213.pdf"


def one_paper(lib: Library, **overrides: object) -> int:
    return lib.import_drafts([make_draft(1, **overrides)]).paper_ids[0]


def write_pdf(tmp_path: Path, name: str, pages: list[str]) -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf(pages))
    return path


def ids(lib: Library, query: str) -> list[int]:
    return [h.paper_id for h in lib.search(query).hits]


def test_attached_cc_by_paper_is_searchable_with_page_numbers(library: Library) -> None:
    source = shared_file(KEIM)
    pid = one_paper(library)
    report = attach(library, pid, source)
    assert report.summary().endswith("indexed 13 pages")
    stored = attachment_path(library, report.attachment)
    assert stored.parent == library.files_path / str(pid)
    assert stored.read_bytes() == source.read_bytes()

    hits = library.search('"transitive trace links"').hits
    assert [h.paper_id for h in hits] == [pid]
    snippet = hits[0].snippet
    assert snippet is not None
    assert snippet.field == "pdf"
    assert snippet.text.startswith("p. 1: ")
    marked = {snippet.text[a:b].lower() for a, b in snippet.spans}
    assert {"transitive", "trace"} <= marked
    # A word that first appears deep in the paper is found on its page.
    hit = library.search("ArDoCo").hits[0]
    assert hit.snippet is not None
    assert hit.snippet.text.startswith("p. ")
    assert ids(library, "has:pdf") == [pid]
    assert library.check().ok


def test_text_survives_reopening_and_check_is_clean(lib_path: Path, tmp_path: Path) -> None:
    with Library.open(lib_path) as lib:
        pid = one_paper(lib)
        attach(lib, pid, write_pdf(tmp_path, "x.pdf", ["zanzibar quokka marmalade"]))
    with Library.open(lib_path) as lib:
        assert ids(lib, "quokka") == [pid]
        assert lib.check().ok
        lib.reindex()
        assert ids(lib, "quokka marmalade") == [pid]
        assert ids(lib, "has:pdf") == [pid]


def test_same_file_twice_is_a_no_op(library: Library, tmp_path: Path) -> None:
    pid = one_paper(library)
    pdf = write_pdf(tmp_path, "paper.pdf", ["hello"])
    first = attach(library, pid, pdf)
    again = attach(library, pid, pdf)
    assert again.already_attached
    assert again.attachment.id == first.attachment.id
    assert len(attachments(library, pid)) == 1
    assert sorted(p.name for p in (library.files_path / str(pid)).iterdir()) == ["paper.pdf"]
    assert not list(library.files_path.glob(".staging-*"))


def test_different_files_with_one_name_both_kept(library: Library, tmp_path: Path) -> None:
    pid = one_paper(library)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    attach(library, pid, write_pdf(tmp_path / "a", "Paper.pdf", ["first"]))
    attach(library, pid, write_pdf(tmp_path / "b", "paper.PDF", ["second"]))
    names = [a.file_name for a in attachments(library, pid)]
    assert names == [f"{pid}/Paper.pdf", f"{pid}/paper-2.pdf"]


def test_page_cap_is_applied_and_reported(lib_path: Path, tmp_path: Path) -> None:
    save_setting(lib_path, "pdf_max_pages", 2)
    with Library.open(lib_path) as lib:
        pid = one_paper(lib)
        pages = ["alpha words", "bravo words", "charlie words", "delta words", "echo words"]
        report = attach(lib, pid, write_pdf(tmp_path, "long.pdf", pages))
        assert report.capped
        assert "indexed 2 of 5 pages (the pdf_max_pages setting is 2)" in report.summary()
        assert ids(lib, "bravo") == [pid]
        assert ids(lib, "delta") == []


def test_unreadable_pdf_is_kept_and_the_reason_reported(library: Library, tmp_path: Path) -> None:
    pid = one_paper(library)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    report = attach(library, pid, bad)
    assert report.exit_code == 2
    assert "its text could not be extracted: cannot extract the text" in report.summary()
    assert attachment_path(library, report.attachment).exists()
    assert ids(library, "has:pdf") == [pid]
    assert library.check().ok


def test_non_pdf_and_unknown_paper_are_refused_without_leftovers(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    text = tmp_path / "notes.txt"
    text.write_text("not a pdf")
    with pytest.raises(PdfError, match="not a PDF"):
        attach(library, pid, text)
    with pytest.raises(NotFoundError):
        attach(library, 999, write_pdf(tmp_path, "a.pdf", ["x"]))
    assert list(library.files_path.iterdir()) == []


# --------------------------------------------------------------------- path traversal
HOSTILE_NAMES = [
    "../../x.pdf",
    "../../../../etc/passwd",
    "/etc/cron.d/evil.pdf",
    "..\\..\\x.pdf",
    "C:\\Windows\\System32\\evil.pdf",
    "a\x00b.pdf",
    "..",
    "",
    "CON.pdf",
    "lpt1",
    " .hidden. ",
    "x" * 500 + ".pdf",
    "résumé\u202e.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_stay_inside_the_papers_folder(
    library: Library, tmp_path: Path, name: str
) -> None:
    pid = one_paper(library)
    source = write_pdf(tmp_path, "real.pdf", ["content"])
    before = sorted(p.name for p in tmp_path.iterdir())
    report = attach(library, pid, source, name=name)
    stored = attachment_path(library, report.attachment)
    assert stored.parent == (library.files_path / str(pid)).resolve()
    assert stored.exists()
    assert stored.suffix == ".pdf"
    assert len(stored.name.encode()) <= 130
    assert "\x00" not in stored.name
    assert ".." not in stored.name.split(".pdf")[0].split("/")
    assert stored.name.split(".")[0].lower() not in {"con", "lpt1"}
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside


def test_safe_file_name_keeps_readable_names() -> None:
    assert safe_file_name("Attention Is All You Need.pdf") == "Attention Is All You Need.pdf"
    assert safe_file_name("dir/sub\\Ünïcödé: a?b.PDF") == "Ünïcödé_ a_b.pdf"
    assert safe_file_name("x.pdf", taken={"X.pdf", "x-2.pdf"}) == "x-3.pdf"


@pytest.mark.parametrize("relative", ["../x.pdf", "/abs.pdf", "1/../../x.pdf", "a\\b.pdf", ""])
def test_path_inside_refuses_escapes(tmp_path: Path, relative: str) -> None:
    with pytest.raises(StorageError, match="outside the files folder"):
        path_inside(tmp_path, relative)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_symlinked_paper_folder_pointing_outside_is_refused(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    outside = tmp_path / "outside"
    outside.mkdir()
    (library.files_path / str(pid)).symlink_to(outside)
    with pytest.raises(StorageError, match="outside the files folder"):
        attach(library, pid, write_pdf(tmp_path, "a.pdf", ["x"]))
    assert list(outside.iterdir()) == []
    assert not list(library.files_path.glob(".staging-*"))


# --------------------------------------------------------------------------- add_pdf
def test_dropped_pdf_becomes_a_searchable_paper(library: Library) -> None:
    report = add_pdf(library, shared_file(BOGNER))
    paper = library.get(report.paper_id)
    assert report.created
    assert paper.doi == "10.7717/peerj-cs.213"
    assert paper.title.startswith("On the impact of service-oriented patterns")
    assert paper.extra.get("metadata_pending") is True
    assert report.lookup == "pending"
    assert ids(library, '"controlled experiment" evolvability') == [report.paper_id]
    assert ids(library, "has:pdf") == [report.paper_id]


def test_doi_only_pdf_offline_is_a_pending_paper(library: Library) -> None:
    report = add_pdf(library, shared_file("fixtures/pdfs/zotero_recognizePDF_test_DOI.pdf"))
    paper = library.get(report.paper_id)
    assert paper.doi == "10.1371/journal.pntd.0003350"
    assert paper.extra.get("metadata_pending") is True
    assert paper.extra.get("untitled") is True  # the title is only the file's name
    assert "metadata pending" in report.summary()


def test_resolver_gets_the_arxiv_id_and_fills_the_paper(library: Library) -> None:
    asked: list[str] = []

    def resolve(identifier: str) -> PaperDraft | None:
        asked.append(identifier)
        return PaperDraft(title="Quantum Criticality (resolved)", authors=["J. M. Murray"])

    pdf = shared_file("fixtures/pdfs/arxivpy_1111.2011v2.pdf")
    report = add_pdf(library, pdf, resolve=resolve)
    paper = library.get(report.paper_id)
    assert asked == ["1111.2011v2"]
    assert (paper.title, paper.arxiv_id, paper.arxiv_version) == (
        "Quantum Criticality (resolved)",
        "1111.2011",
        2,
    )
    assert "metadata_pending" not in paper.extra


def test_failed_lookup_keeps_what_the_pdf_says(library: Library) -> None:
    def offline(identifier: str) -> PaperDraft | None:
        raise PapershelfError("network unreachable")

    pdf = shared_file("fixtures/pdfs/zotero_recognizePDF_test_arXiv_1412.6206.pdf")
    report = add_pdf(library, pdf, resolve=offline)
    paper = library.get(report.paper_id)
    assert paper.arxiv_id == "1412.6206"
    assert paper.title == "Scaling study of an improved fermion action on quenched lattices"
    assert "lookup of 1412.6206v1 failed: network unreachable" in report.summary()


def test_pdf_of_a_paper_already_in_the_library_attaches_to_it(library: Library) -> None:
    pid = one_paper(library, arxiv_id="1412.6206")
    pdf = shared_file("fixtures/pdfs/zotero_recognizePDF_test_arXiv_1412.6206.pdf")
    report = add_pdf(library, pdf)
    assert (report.paper_id, report.created) == (pid, False)
    assert len(attachments(library, pid)) == 1
    again = add_pdf(library, pdf)
    assert again.attach.already_attached
    assert library.count() == 1


def test_detach_then_reattach_gives_back_the_file_and_its_searchable_text(
    tmp_path: Path,
) -> None:
    from papershelf.core.models import PaperDraft
    from papershelf.library import Library
    from papershelf.library.attachments import (
        attach,
        attachment_path,
        attachments,
        detach,
        reattach,
    )

    from tests.pdf.make_pdf import make_pdf

    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(make_pdf(["nothing here", "the wombat burrows at dusk"]))
    with Library.open(tmp_path / "lib") as lib:
        pid = lib.import_drafts([PaperDraft(title="Burrows")]).paper_ids[0]
        report = attach(lib, pid, pdf)
        gone = detach(lib, report.attachment.id)
        assert attachments(lib, pid) == []
        assert not attachment_path(lib, report.attachment).exists()
        assert lib.search("wombat").total == 0
        back = reattach(lib, gone)
        assert attachment_path(lib, back).read_bytes() == pdf.read_bytes()
        (hit,) = lib.search("wombat").hits
        assert hit.snippet is not None
        assert hit.snippet.text.startswith("p. 2: ")
    with Library.open(tmp_path / "lib") as lib:
        assert lib.check().ok


def test_two_pdfs_snippets_name_the_file_and_its_own_page(tmp_path: Path) -> None:
    from papershelf.core.models import PaperDraft
    from papershelf.library import Library
    from papershelf.library.attachments import attach

    from tests.pdf.make_pdf import make_pdf

    first = tmp_path / "paper.pdf"
    first.write_bytes(make_pdf(["one", "two", "three"]))
    second = tmp_path / "supplement.pdf"
    second.write_bytes(make_pdf(["the platypus table"]))
    with Library.open(tmp_path / "lib") as lib:
        pid = lib.import_drafts([PaperDraft(title="Monotremes")]).paper_ids[0]
        attach(lib, pid, first)
        attach(lib, pid, second)
        (hit,) = lib.search("platypus").hits
        assert hit.snippet is not None
        assert hit.snippet.text.startswith("supplement.pdf p. 1: ")


def test_adding_a_pdf_again_brings_its_paper_back_from_the_trash(tmp_path: Path) -> None:
    from papershelf.library import Library
    from papershelf.library.attachments import add_pdf

    from tests.pdf.make_pdf import make_pdf

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(make_pdf(["A Study of Echidnas", "spines"], title="A Study of Echidnas"))
    with Library.open(tmp_path / "lib") as lib:
        first = add_pdf(lib, pdf)
        lib.trash([first.paper_id])
        again = add_pdf(lib, pdf)
        assert again.paper_id == first.paper_id
        assert again.restored
        assert lib.get(first.paper_id).trashed_at is None


def test_first_pdf_added_to_a_new_library_leaves_a_ready_index(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.pdf.make_pdf import make_pdf

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(make_pdf(["Koalas sleep", "eucalyptus"], title="Koalas sleep"))
    run = [sys.executable, "-m", "papershelf", "--library", str(tmp_path / "lib")]
    subprocess.run([*run, "add", str(pdf)], check=True, capture_output=True)
    second = subprocess.run([*run, "search", "eucalyptus"], capture_output=True, text=True)
    assert "missing or damaged" not in second.stderr
    assert "Koalas" in second.stdout


def test_a_mistyped_pdf_path_says_no_such_file(tmp_path: Path) -> None:
    from papershelf.library import Library
    from papershelf.library.adding import add_inputs

    with Library.open(tmp_path / "lib") as lib:
        (item,) = add_inputs(lib, [str(tmp_path / "nowhere" / "paper.pdf")]).items
    assert item.status == "failed"
    assert "no such file" in (item.message or "")
