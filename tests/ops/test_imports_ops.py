"""Imports, additions and attachments: undo trashes exactly what they put in, redo restores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from papershelf.core.changes import PaperField
from papershelf.core.errors import ImportFormatError, NotFoundError
from papershelf.library import ImportReport, Library
from papershelf.library.attachments import attachment_path, attachments
from papershelf.library.ops import AddInputs, AttachFiles, ImportDrafts, ImportFile, ImportText
from papershelf.library.undo import UndoHistory, run

from tests.conftest import make_draft
from tests.ops.helpers import add_papers, round_trip, shown
from tests.pdf.make_pdf import make_pdf

BIB = """@article{one, title={A First Paper on Things}, author={Doe, Jane}, year={2020}}
@article{two, title={A Second Paper on Stuff}, author={Roe, Rick}, year={2021}}
"""


def visible(lib: Library) -> Callable[[], object]:
    """The library list, and every paper there before, as the user sees them.

    Undoing an import moves the papers it added to the trash, so those are checked apart.
    """
    known = lib.list_ids() + lib.list_ids(trashed=True)

    def state() -> object:
        return sorted(lib.list_ids()), {pid: shown(lib, pid) for pid in known}

    return state


def in_trash(lib: Library, ids: list[int]) -> bool:
    return all(lib.get(pid).trashed_at is not None for pid in ids)


def test_import_undo_trashes_new_papers_and_re_trashes_restored_ones(library: Library) -> None:
    live, trashed = add_papers(library, 2)
    library.set_note(live, "mine")
    library.trash([trashed])
    trashed_at = library.get(trashed).trashed_at
    drafts = (make_draft(1), make_draft(2), make_draft(3), make_draft(4))

    history = UndoHistory()
    result, _before, after = round_trip(
        library, ImportDrafts(drafts, source="refs.bib"), visible(library), history
    )
    report = result.value
    assert isinstance(report, ImportReport)
    assert (report.imported, report.merged, report.restored) == (2, 2, 1)
    new = list(report.added_ids)
    assert after[0] == sorted([live, trashed, *new])
    assert result.label == "Import refs.bib"
    assert result.changes.membership
    assert result.changes.papers == set(report.paper_ids)
    # Undone: the new papers are in the trash, the restored one back in it since the same
    # moment, and the merged paper that was live stays, with the user's note.
    history.undo(library)
    assert library.list_ids() == [live]
    assert library.get(live).note == "mine"
    assert in_trash(library, new)
    assert library.get(trashed).trashed_at == trashed_at
    history.redo(library)
    assert sorted(library.list_ids()) == sorted([live, trashed, *new])


def test_import_text_and_file(library: Library, tmp_path: Path) -> None:
    result, _, after = round_trip(library, ImportText(BIB, source="clipboard"), visible(library))
    assert len(after[0]) == 2
    assert result.label == "Import clipboard"
    path = tmp_path / "more.bib"
    path.write_text(BIB.replace("Things", "Other Things").replace("Stuff", "More"), "utf-8")
    op = ImportFile(str(path))
    assert op.label == "Import more.bib"
    result, _, after = round_trip(library, op, visible(library))
    assert len(after[0]) == 4
    assert len(library.list_ids(trashed=True)) == 0


def test_import_of_nothing_new_is_no_step_and_a_bad_file_is_refused(
    library: Library, tmp_path: Path
) -> None:
    history = UndoHistory()
    with pytest.raises(ImportFormatError):
        run(library, ImportFile(str(tmp_path / "missing.bib")), history)
    result = run(library, ImportText("% no entries here\n", fmt="bibtex"), history)
    assert result.value.skipped
    assert not result.changes
    assert not history.can_undo()


def pdf(tmp_path: Path, name: str, title: str) -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf([f"{title}\nSome words about {title}."], title=title))
    return path


def test_add_a_pdf_undo_trashes_the_new_paper(library: Library, tmp_path: Path) -> None:
    path = pdf(tmp_path, "study.pdf", "A Careful Study of Undo")
    op = AddInputs((str(path),))
    assert op.label == f"Add {path}"
    history = UndoHistory()
    result, _, after = round_trip(library, op, visible(library), history)
    (item,) = result.value.items
    assert item.status == "added"
    assert after[0] == [item.paper_id]
    assert result.changes.membership
    history.undo(library)
    assert in_trash(library, [item.paper_id])
    # Adding the same PDF again brings that paper back; undo puts it back in the trash as
    # it was, trashed since the first undo.
    trashed_at = library.get(item.paper_id).trashed_at
    result = run(library, AddInputs((str(path),)), history)
    assert library.list_ids() == [item.paper_id]
    history.undo(library)
    assert library.get(item.paper_id).trashed_at == trashed_at


def test_attach_undo_parks_the_files_and_redo_puts_them_back(
    library: Library, tmp_path: Path
) -> None:
    (pid,) = add_papers(library, 1)
    one = pdf(tmp_path, "one.pdf", "First Attachment Words")
    two = pdf(tmp_path, "two.pdf", "Second Attachment Words")
    missing = tmp_path / "missing.pdf"

    def state() -> object:
        files = attachments(library, pid)
        return [(a.file_name, a.sha256, attachment_path(library, a).is_file()) for a in files]

    op = AttachFiles(pid, (str(one), str(two), str(missing)))
    assert op.label == "Attach 3 PDFs"
    result, before, after = round_trip(library, op, state)
    assert before == []
    assert [(name, present) for name, _, present in after] == [
        (f"{pid}/one.pdf", True),
        (f"{pid}/two.pdf", True),
    ]
    assert [e.split(":")[0] for e in result.value.errors] == ["missing.pdf"]
    assert result.changes.fields == {PaperField.FILES}
    assert [h.paper_id for h in library.search("Second Attachment").hits] == [pid]
    # The same file again attaches nothing new: no undo step.
    history = UndoHistory()
    assert run(library, AttachFiles(pid, (str(one),)), history).undo is None
    assert not history.can_undo()
    with pytest.raises(NotFoundError):
        run(library, AttachFiles(999, (str(one),)), history)
