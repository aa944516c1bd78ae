"""`add`: one entry point for everything a user can hand us — identifiers, URLs and PDFs.

The CLI's `papershelf add` and the GUI's "Add by Identifier…", paste and drop all come here,
so a PDF found among pasted ids, or an id typed next to a dropped file, behaves the same.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from papershelf.core.errors import PapershelfError
from papershelf.core.identifiers import parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.library.attachments import Resolver, add_pdf, attach, attachments
from papershelf.library.library import Library
from papershelf.library.lookup import AddItem, AddReport, add_identifiers, lookup_cache
from papershelf.online.arxiv import SERVICE as ARXIV
from papershelf.online.http import HttpClient
from papershelf.online.resolver import Status, classify, resolve


def is_pdf_path(text: str) -> bool:
    """Whether an input names a PDF file (rather than an identifier or a URL).

    A `.pdf` that is not there still counts, so a mistyped path says "no such file" instead
    of "not an identifier"; arXiv's own `…/pdf/ID.pdf` links are identifiers.
    """
    text = text.strip()
    if not text.lower().endswith(".pdf") or "://" in text:
        return False
    return Path(text).expanduser().is_file() or (
        parse_arxiv_id(text) is None and classify(text) is None
    )


def online_resolver(lib: Library, client: HttpClient) -> Resolver:
    """Look an arXiv id or DOI found inside a PDF up; None when it cannot be completed now."""

    def look_up(identifier: str) -> PaperDraft | None:
        (res,) = resolve([identifier], client, lookup_cache(lib))
        return res.draft if res.status is Status.COMPLETE else None

    return look_up


def add_inputs(lib: Library, inputs: Sequence[str], client: HttpClient | None = None) -> AddReport:
    """Add every input (identifier, URL or PDF path); one `AddItem` per input, in order."""
    own = client is None
    http = client or HttpClient(lib.settings)
    try:
        items: list[AddItem] = []
        run: list[str] = []  # identifiers in a row are looked up together (arXiv batches)
        for text in [*inputs, ""]:
            if text and not is_pdf_path(text):
                run.append(text)
                continue
            if run:
                items.extend(add_identifiers(lib, run, http).items)
                run = []
            if text:
                items.append(_add_pdf(lib, text, http))
        if lib.settings.download_arxiv_pdf:
            for item in items:
                download_arxiv_pdf(lib, item, http)
        return AddReport(items)
    finally:
        if own:
            http.close()


def _add_pdf(lib: Library, text: str, client: HttpClient) -> AddItem:
    try:
        report = add_pdf(lib, Path(text).expanduser(), resolve=online_resolver(lib, client))
    except PapershelfError as exc:
        return AddItem(text, "failed", message=str(exc))
    paper = lib.get(report.paper_id)
    status = "pending" if report.lookup == "pending" else "added" if report.created else "merged"
    details = [*report.notes, report.attach.text_summary()]
    created = report.created or report.restored
    return AddItem(text, status, paper.id, paper.title, "; ".join(details), created=created)


def download_arxiv_pdf(lib: Library, item: AddItem, client: HttpClient) -> None:
    """Fetch a newly added arXiv paper's PDF (`download_arxiv_pdf` setting) and attach it.

    Only papers this call added, with an arXiv id and no file yet. The outcome (or why the
    PDF could not be had) is appended to the item's message; the paper stays either way.
    """
    if item.status != "added" or item.paper_id is None:
        return
    paper = lib.get(item.paper_id)
    if not paper.arxiv_id or attachments(lib, paper.id):
        return
    name = paper.arxiv_id + (f"v{paper.arxiv_version}" if paper.arxiv_version else "")
    url = f"{lib.settings.arxiv_api}/pdf/{name}"
    try:
        response = client.get(ARXIV, url)
        with tempfile.TemporaryDirectory(prefix="papershelf-pdf-") as tmp:
            path = Path(tmp) / f"{name.replace('/', '_')}.pdf"
            path.write_bytes(response.content)
            report = attach(lib, paper.id, path)
    except (PapershelfError, OSError) as exc:  # ServiceError is one too
        note = f"PDF not downloaded: {exc}"
    else:
        note = f"PDF attached, {report.text_summary()}"
    item.message = f"{item.message}; {note}" if item.message else note
