"""The reader's screenshot: a paper's PDF with highlights in three colours and a search.

Used by `tools/screenshots.py` (the `reader` shot, light and dark). It attaches an ICSE
paper from ../shared/fixtures/pdfs when present (else a generated PDF with the same
opening), then makes the highlights the way a user does: a selection, then a colour key
or `h` with a comment, through the window's reader controller.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from papershelf.core.annotation_colors import PALETTE
from papershelf.core.changes import ChangeSet
from papershelf.core.models import PaperDraft
from papershelf.gui.reader.selection import TextSelection
from papershelf.gui.reader.view import Position
from papershelf.library.attachments import attach

from tests.conftest import SHARED
from tests.pdf.make_pdf import make_pdf

PDF = SHARED / "fixtures" / "pdfs" / "Keim2024_ICSE_10.1145-3597503.3639130.pdf"
PAPER = PaperDraft(
    title="Recovering Trace Links Between Software Documentation And Code",
    authors=[
        "Jan Keim",
        "Sophie Corallo",
        "Dominik Fuchß",
        "Tobias Hey",
        "Tobias Telge",
        "Anne Koziolek",
    ],
    year=2024,
    venue="ICSE",
    entry_type="inproceedings",
    doi="10.1145/3597503.3639130",
)
HIGHLIGHTS = (
    # (from, to (inclusive), colour key, comment)
    ("Traceability link recovery", "software quality", 1, None),
    ("We create transitive trace links", "existing approach ArDoCo", 4, None),
    ("The model-to-code", "F1-score of 0.98", 3, "strong result: compare with the baselines"),
)
FALLBACK_TEXT = (
    "Recovering Trace Links Between Software Documentation And Code\n\n"
    "Traceability link recovery (TLR) automates this process, enhancing software quality\n"
    "by aiding tasks like maintenance and evolution.\n"
    "We create transitive trace links by combining the\n"
    "existing approach ArDoCo for linking architecture documentation to models.\n"
    "The model-to-code TLR approach achieves an average F1-score of 0.98, while the\n"
    "documentation-to-code TLR approach with TransArC achieves an F1-score of 0.82.\n"
)


def _pdf(folder: Path) -> Path:
    if PDF.exists():
        return PDF
    path = folder / "keim2024.pdf"
    path.write_bytes(make_pdf([FALLBACK_TEXT, "Second page"]))
    return path


def prepare(ctx: Any) -> Callable[[], bool]:
    """Open the paper in the reader with its highlights and a search for "TransArC"."""
    window, lib = ctx.window, ctx.lib
    paper_id = lib.import_drafts([PAPER]).paper_ids[0]
    attach(lib, paper_id, _pdf(lib.path))
    window.session.changed(ChangeSet.everything())
    window.lists.refresh()
    window.lists.select([paper_id])
    reader = window.reader
    reader.open_paper(paper_id)
    view = window.reader_page.view
    doc = view.doc
    text = doc.text(0)
    for first, last, key, comment in HIGHLIGHTS:
        start = text.index(first)
        end = text.index(last, start) + len(last)
        view.set_selection(TextSelection(0, start, end))
        if comment is None:
            window.registry.trigger(f"reader.color_{key}")
        else:
            reader.highlights.color = PALETTE[key - 1][1]
            reader.highlights.highlight(comment)
    window.reader_page.focus_find()
    window.reader_page.find_field.setText("TransArC")
    reader.find("TransArC")
    view.go_to(Position(0, 0.0))
    return lambda: view.search.done and view.exact_images_shown()
