"""Highlights already in a PDF become external annotations; typed quotes find their place."""

from __future__ import annotations

from pathlib import Path

from papershelf.library import Library, ops
from papershelf.library.attachments import add_pdf, attach
from papershelf.library.pdf_annotations import anchor_quote
from papershelf.library.undo import UndoHistory, run

from tests.conftest import make_draft
from tests.pdf.annotated_pdf import annotated_pdf, highlight, line_rect, sticky_note, text_box
from tests.pdf.make_pdf import make_pdf

PAGE_ONE = "Attention is all you need\nfor sequence transduction"
PAGE_TWO = "Recurrent models are slow\nbecause they compute step by step\nin order"


def one_paper(lib: Library) -> int:
    return lib.import_drafts([make_draft(1)]).paper_ids[0]


def marked_up(tmp_path: Path, *, names: bool = True) -> Path:
    """Two pages: a highlight with a comment on page 1; an underline over two lines, a
    sticky note and a text box on page 2, as another reader would have left them."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "marked.pdf"
    path.write_bytes(
        annotated_pdf(
            [PAGE_ONE, PAGE_TWO],
            {
                0: [
                    highlight(
                        [line_rect(0, x2=200)],
                        comment="the thesis",
                        color="ff6666",
                        name="zotero-1" if names else None,
                    )
                ],
                1: [
                    highlight(
                        [line_rect(1), line_rect(2, x2=130)],
                        subtype="/Underline",
                        name="zotero-2" if names else None,
                    ),
                    sticky_note(400, 600, "check the cost per layer"),
                    text_box((300, 300, 500, 340), "a margin remark"),
                ],
            },
        )
    )
    return path


def test_attaching_a_pdf_with_highlights_adds_them_as_external_annotations(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    report = attach(library, pid, marked_up(tmp_path))
    assert report.annotations_read == 4
    assert "read 4 annotations from the file" in report.summary()
    got = {a.kind: a for a in library.get(pid).annotations}
    assert set(got) == {"highlight", "underline", "note", "text"}
    high = got["highlight"]
    assert (high.quote, high.comment, high.color) == (
        "Attention is all you need",
        "the thesis",
        "#ff6666",
    )
    assert (high.page_index, high.page, high.external) == (0, 1, True)
    assert high.attachment_id == report.attachment.id
    assert high.rects == (line_rect(0, x2=200),)
    under = got["underline"]
    # Two lines under the quads, joined with a space, in reading order.
    assert under.quote == "because they compute step by step in order"
    assert (under.page_index, len(under.rects)) == (1, 2)
    assert got["note"].comment == "check the cost per layer"
    assert got["text"].comment == "a margin remark"
    # Searchable like any annotation.
    assert [h.paper_id for h in library.search("annotation:transduction").hits] == []
    assert [h.paper_id for h in library.search('annotation:"all you need"').hits] == [pid]


def test_reading_the_file_again_adds_nothing_twice(library: Library, tmp_path: Path) -> None:
    for names in (True, False):  # matched by /NM, or by kind, page and place
        pid = library.import_drafts([make_draft(10 if names else 11)]).paper_ids[0]
        attach(library, pid, marked_up(tmp_path / str(names), names=names))
        before = library.get(pid).annotations
        result = run(library, ops.ReadPdfAnnotations(pid))
        assert result.value == []
        assert not result.changes
        assert library.get(pid).annotations == before


def test_reading_by_command_brings_back_a_deleted_one_and_undo_takes_it_away(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    attach(library, pid, marked_up(tmp_path))
    note = next(a for a in library.get(pid).annotations if a.kind == "note")
    run(library, ops.DeleteAnnotation(note.id))
    history = UndoHistory()
    result = run(library, ops.ReadPdfAnnotations(pid), history)
    (new_id,) = result.value
    assert library.annotation(new_id).comment == "check the cost per layer"
    history.undo(library)
    assert [a.kind for a in library.get(pid).annotations].count("note") == 0
    history.redo(library)
    assert [a.kind for a in library.get(pid).annotations].count("note") == 1


def test_undoing_the_attach_takes_the_files_annotations_and_redo_brings_them(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    history = UndoHistory()
    run(library, ops.AttachFile(pid, str(marked_up(tmp_path))), history)
    library.annotate(pid, "typed before", 3)
    before = [(a.kind, a.quote, a.comment) for a in library.get(pid).annotations]
    history.undo(library)
    assert [a.kind for a in library.get(pid).annotations] == ["quote"]
    history.redo(library)
    after = library.get(pid).annotations
    assert sorted((a.kind, a.quote, a.comment) for a in after) == sorted(before)
    attachment_ids = {a.attachment_id for a in after if a.external}
    assert len(attachment_ids) == 1
    assert None not in attachment_ids


def test_a_pdf_without_annotations_reads_none(library: Library, tmp_path: Path) -> None:
    pid = one_paper(library)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf([PAGE_ONE]))
    assert attach(library, pid, plain).annotations_read == 0
    assert library.get(pid).annotations == []


# ------------------------------------------------------------------------------ anchoring
def hyphenated(tmp_path: Path) -> Path:
    path = tmp_path / "hyphen.pdf"
    pages = [
        "An unrelated first page",
        "The dominant sequence trans-\nduction models are based on\ncomplex recurrent networks",
        "Later the dominant sequence transduction models return",
    ]
    path.write_bytes(make_pdf(pages))
    return path


def test_a_quote_broken_across_lines_and_hyphenated_is_found(
    library: Library, tmp_path: Path
) -> None:
    pid = one_paper(library)
    attach(library, pid, hyphenated(tmp_path))
    anchor = anchor_quote(library, pid, "sequence transduction models are based")
    assert anchor is not None
    assert anchor.page_index == 1  # the first page that has it
    assert anchor.page_label is None
    assert anchor.text.startswith("sequence trans")
    assert len(anchor.rects) == 2  # one per line
    first, second = anchor.rects
    assert first[1] > second[1]  # the first line is higher up the page
    # Page 3 has the text on one line: asked for page 3 first, it is found there.
    there = anchor_quote(library, pid, "dominant sequence transduction", page=3)
    assert there is not None
    assert (there.page_index, len(there.rects)) == (2, 1)


def test_a_quote_that_is_not_in_the_pdf_has_no_anchor(library: Library, tmp_path: Path) -> None:
    pid = one_paper(library)
    assert anchor_quote(library, pid, "anything") is None  # no PDF at all
    attach(library, pid, hyphenated(tmp_path))
    assert anchor_quote(library, pid, "convolutional attention heads") is None


def test_adding_a_marked_up_pdf_as_a_new_paper_keeps_its_highlights(
    library: Library, tmp_path: Path
) -> None:
    report = add_pdf(library, marked_up(tmp_path))
    assert report.created
    assert report.attach.annotations_read == 4
    kinds = sorted(a.kind for a in library.get(report.paper_id).annotations)
    assert kinds == ["highlight", "note", "text", "underline"]
