"""Attaching PDFs: copy into files/, extract text in a subprocess, index, identify new papers.

The file is first copied to a staging name inside files/ (hashing it on the way), its text is
extracted from that copy, and only then are the rename and the database rows committed
together. A crash or an error at any step leaves the library as it was (at worst a stray
`.staging-*` file); an extraction failure keeps the attachment and says why.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papershelf.core.errors import PapershelfError, StorageError
from papershelf.core.models import Annotation, PaperDraft
from papershelf.library.library import Library
from papershelf.storage.annotations import AnnotationStore
from papershelf.storage.attachments import (
    Attachment,
    AttachmentStore,
    path_inside,
    safe_file_name,
)
from papershelf.storage.db import transaction

if TYPE_CHECKING:
    from papershelf.pdf.annotations import PdfAnnotation
    from papershelf.pdf.extract import Extraction
    from papershelf.pdf.identify import Identity

# The PDF worker's launcher (pdf.run: subprocess, the worker module) is imported when a file
# is attached: the window imports the ops, and with them this module, on every start.

Resolver = Callable[[str], PaperDraft | None]
"""Looks an arXiv id or DOI up online; None (or a PapershelfError) when it cannot."""


@dataclass
class AttachReport:
    """What attaching one file did, for the summary line and the exit code."""

    paper_id: int
    attachment: Attachment
    already_attached: bool = False
    max_pages: int = 0
    annotations_read: int = 0
    """Highlights and notes the file carried, now the paper's (external) annotations."""

    @property
    def capped(self) -> bool:
        a = self.attachment
        return a.pages is not None and a.pages_indexed < a.pages

    @property
    def error(self) -> str | None:
        return self.attachment.text_error if self.attachment.text_status == "failed" else None

    def text_summary(self) -> str:
        a = self.attachment
        if self.error:
            return f"its text could not be extracted: {self.error}"
        if self.capped:
            return (
                f"indexed {a.pages_indexed} of {a.pages} pages "
                f"(the pdf_max_pages setting is {self.max_pages})"
            )
        return f"indexed {a.pages_indexed} page{'' if a.pages_indexed == 1 else 's'}"

    def summary(self) -> str:
        a = self.attachment
        where = f"files/{a.file_name}"
        if self.already_attached:
            head = f"{a.original_name} is already attached to #{self.paper_id} as {where}"
        else:
            head = f"attached {a.original_name} to #{self.paper_id} as {where}"
        read = self.annotations_read
        found = f"; read {read} annotation{'' if read == 1 else 's'} from the file" if read else ""
        return f"{head}; {self.text_summary()}{found}"

    @property
    def exit_code(self) -> int:
        """0: attached and indexed; 2: attached, but its text could not be extracted."""
        return 2 if self.error else 0

    def to_json(self) -> dict[str, Any]:
        return {
            **self.attachment.to_json(),
            "already_attached": self.already_attached,
            "capped": self.capped,
            "annotations_read": self.annotations_read,
            "summary": self.summary(),
        }


@dataclass
class AddPdfReport:
    """What adding a PDF as a paper did: the paper, how it was identified, the attachment."""

    paper_id: int
    created: bool
    identity: Identity
    attach: AttachReport
    lookup: str = "none"
    """"resolved" (online metadata), "pending" (an id to look up later), or "none"."""
    notes: list[str] = field(default_factory=list)
    restored: bool = False
    """The PDF's paper was in the trash and is back (adding again means wanting it back)."""

    def summary(self) -> str:
        ident = self.identity
        what = "added" if self.created else "matched existing paper"
        found = ", ".join(
            f"{label} {value} ({ident.found_in.get(key, '?')})"
            for key, label, value in (
                ("arxiv", "arXiv", ident.identifier if ident.arxiv_id else None),
                ("doi", "DOI", ident.doi),
            )
            if value
        )
        lines = [f"{what} #{self.paper_id}" + (f" from {found}" if found else "")]
        if self.lookup == "pending":
            lines.append("  metadata pending: `papershelf refresh` will look it up online")
        lines += [f"  {n}" for n in self.notes]
        lines.append(f"  {self.attach.summary()}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "paper_id": self.paper_id,
            "created": self.created,
            "lookup": self.lookup,
            "arxiv_id": ident.arxiv_id,
            "arxiv_version": ident.arxiv_version,
            "doi": ident.doi,
            "title": ident.title,
            "found_in": ident.found_in,
            "notes": self.notes,
            "attachment": self.attach.to_json(),
        }


@dataclass
class _Staged:
    tmp: Path
    original_name: str
    size: int
    sha256: str


def attach(
    lib: Library, paper_id: int, file: Path | str, *, name: str | None = None
) -> AttachReport:
    """Copy a PDF into the library, extract and index its text, and attach it to a paper.

    Attaching the same content to the same paper again only retries a failed extraction.

    Args:
        lib: the open library.
        paper_id: the paper.
        file: the PDF to copy.
        name: the name to store it under (e.g. from imported data); default: the file's.
            Directories and `..` in it are dropped; it never leaves files/.

    Raises:
        NotFoundError: no such paper.
        PdfError: the file is missing, unreadable or not a PDF.
        StorageError: the copy could not be written.
    """
    lib._store.get(paper_id)
    store = AttachmentStore(lib._db)
    staged = _stage(lib, Path(file), name)
    try:
        existing = store.find_by_hash(staged.sha256, paper_id)
        if existing is not None:
            return _retry_text(lib, existing)
        ex, error = _extract(lib, staged.tmp)
        attachment, read = _commit(lib, paper_id, staged, ex, error)
    finally:
        staged.tmp.unlink(missing_ok=True)
    lib.notify_changed()
    return AttachReport(
        paper_id, attachment, max_pages=lib.settings.pdf_max_pages, annotations_read=read
    )


def add_pdf(
    lib: Library,
    file: Path | str,
    *,
    resolve: Resolver | None = None,
    name: str | None = None,
) -> AddPdfReport:
    """Make a paper of a PDF: identify it, look it up if possible, attach and index it.

    With no `resolve` (or offline) the paper gets what the PDF says; when it named an arXiv
    id or DOI the paper is marked `extra["metadata_pending"]` for a later refresh. If the
    PDF identifies a paper already in the library, it is attached to that one.

    Raises:
        PdfError: the file is missing, unreadable or not a PDF.
        StorageError: the copy could not be written.
    """
    from papershelf.pdf.identify import Identity, identify

    store = AttachmentStore(lib._db)
    staged = _stage(lib, Path(file), name)
    try:
        existing = store.find_by_hash(staged.sha256)
        if existing is not None:
            attached = _retry_text(lib, existing)
            restored = lib.get(existing.paper_id).trashed_at is not None
            if restored:
                lib.restore([existing.paper_id])
            notes = ["brought back from the trash"] if restored else []
            return AddPdfReport(
                existing.paper_id, False, Identity(), attached, notes=notes, restored=restored
            )
        ex, error = _extract(lib, staged.tmp)
        identity = identify(ex) if ex is not None else Identity()
        draft, lookup, notes = _draft_for(identity, staged.original_name, resolve)
        attachment: Attachment | None = None
        read = 0
        try:
            with transaction(lib._db):
                outcome = lib._store.add_or_merge(draft)
                attachment, read = _commit(lib, outcome.paper_id, staged, ex, error)
        except BaseException:
            if attachment is not None:  # moved into place, but the commit failed
                attachment_path(lib, attachment).unlink(missing_ok=True)
            raise
    finally:
        staged.tmp.unlink(missing_ok=True)
    lib.notify_changed()
    report = AttachReport(
        outcome.paper_id, attachment, max_pages=lib.settings.pdf_max_pages, annotations_read=read
    )
    return AddPdfReport(outcome.paper_id, not outcome.merged, identity, report, lookup, notes)


def attachments(lib: Library, paper_id: int) -> list[Attachment]:
    """The paper's attachments, oldest first.

    Raises:
        NotFoundError: no such paper.
    """
    lib._store.get(paper_id)
    return AttachmentStore(lib._db).for_paper(paper_id)


def attachment_path(lib: Library, attachment: Attachment) -> Path:
    """Where the attached file is (checked to lie inside files/)."""
    return path_inside(lib.files_path, attachment.file_name)


# ----------------------------------------------------------------------------- steps
def _stage(lib: Library, source: Path, name: str | None) -> _Staged:
    import hashlib  # loads OpenSSL: only when a file is attached
    import secrets

    from papershelf.pdf.run import check_pdf_file

    check_pdf_file(source)
    # Not mkstemp: its 0600 mode would make the attached file private to this user.
    tmp = lib.files_path / f".staging-{secrets.token_hex(8)}.pdf"
    digest, size = hashlib.sha256(), 0
    try:
        lib.files_path.mkdir(parents=True, exist_ok=True)
        out = tmp.open("xb")
    except OSError as exc:
        raise StorageError(f"cannot write into {lib.files_path}: {exc}") from exc
    try:
        with out, source.open("rb") as src:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"cannot copy {source} into {lib.files_path}: {exc}") from exc
    return _Staged(tmp, _display_name(name) or source.name, size, digest.hexdigest())


def _display_name(name: str | None) -> str:
    """The file name part of a given name ("" for none).

    Imported data may name a whole path (a Windows one too), and a name of blanks would be
    an empty link in the detail pane.
    """
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()


def _extract(lib: Library, path: Path) -> tuple[Extraction | None, str | None]:
    from papershelf.pdf.run import PdfError, extract_pdf

    settings = lib.settings
    try:
        return extract_pdf(
            path, max_pages=settings.pdf_max_pages, timeout=settings.pdf_timeout
        ), None
    except PdfError as exc:
        return None, exc.reason


def _commit(
    lib: Library, paper_id: int, staged: _Staged, ex: Extraction | None, error: str | None
) -> tuple[Attachment, int]:
    """Move the staged copy to files/<paper id>/<safe name> and record it, all or nothing.

    The annotations the file carries become the paper's external annotations in the same
    transaction. Returns the attachment and how many annotations were read.
    """
    store = AttachmentStore(lib._db)
    folder = path_inside(lib.files_path, str(paper_id))
    try:
        folder.mkdir(exist_ok=True)
        taken = set(os.listdir(folder)) | store.names_in(str(paper_id))
    except OSError as exc:
        raise StorageError(f"cannot create {folder}: {exc}") from exc
    relative = f"{paper_id}/{safe_file_name(staged.original_name, taken)}"
    final = path_inside(lib.files_path, relative)
    moved = False
    try:
        with transaction(lib._db):
            aid = store.add(
                paper_id,
                file_name=relative,
                original_name=staged.original_name,
                size=staged.size,
                sha256=staged.sha256,
            )
            store.set_text(
                aid,
                ex.pages if ex else [],
                page_count=ex.page_count if ex else None,
                error=error,
            )
            read = _store_external(lib, paper_id, aid, ex.annotations if ex else [])
            # Last, so a failed rename rolls the rows back.
            try:
                os.replace(staged.tmp, final)
            except OSError as exc:
                raise StorageError(f"cannot write {final}: {exc}") from exc
            moved = True
    except BaseException:
        if moved:  # the commit itself failed: take the file back out
            final.unlink(missing_ok=True)
        raise
    return store.get(aid), read


def _store_external(
    lib: Library, paper_id: int, attachment_id: int, found: Sequence[PdfAnnotation]
) -> int:
    # Loaded with the first PDF read, not with the window (its file list needs none).
    from papershelf.library.annotations import external_annotations

    if not found:
        return 0
    notes = AnnotationStore(lib._db)
    existing = lib._store.get(paper_id).annotations
    new = external_annotations(
        paper_id, attachment_id, found, existing, notes.external_keys(paper_id)
    )
    return len(notes.add_many(new)) if new else 0


def _retry_text(lib: Library, existing: Attachment) -> AttachReport:
    """Same file again: a no-op, except that a failed extraction is tried once more."""
    report = AttachReport(
        existing.paper_id, existing, already_attached=True, max_pages=lib.settings.pdf_max_pages
    )
    if existing.text_status == "ok":
        return report
    ex, error = _extract(lib, attachment_path(lib, existing))
    store = AttachmentStore(lib._db)
    store.set_text(
        existing.id,
        ex.pages if ex else [],
        page_count=ex.page_count if ex else existing.pages,
        error=error,
    )
    lib.notify_changed()
    report.attachment = store.get(existing.id)
    return report


def _draft_for(
    identity: Identity, original_name: str, resolve: Resolver | None
) -> tuple[PaperDraft, str, list[str]]:
    notes: list[str] = []
    ids = [i for i in (identity.identifier, identity.doi if identity.arxiv_id else None) if i]
    if resolve is not None:
        for ident in ids:
            try:
                found = resolve(ident)
            except PapershelfError as exc:
                notes.append(f"lookup of {ident} failed: {exc}")
                continue
            if found is not None:
                found.arxiv_id = found.arxiv_id or identity.arxiv_id
                found.arxiv_version = found.arxiv_version or identity.arxiv_version
                found.doi = found.doi or identity.doi
                return found, "resolved", notes
    extra: dict[str, Any] = {"metadata_pending": True} if ids else {}
    title = identity.title
    if not title:
        # The file name stands in; marked untitled so it neither merges by title nor exports.
        title = " ".join(Path(original_name.replace("\\", "/")).stem.replace("_", " ").split())
        extra["untitled"] = True
    draft = PaperDraft(
        title=title or "[untitled]",
        authors=list(identity.authors),
        arxiv_id=identity.arxiv_id,
        arxiv_version=identity.arxiv_version,
        doi=identity.doi,
        source="pdf",
        extra=extra,
    )
    return draft, "pending" if ids else "none", notes


# ----------------------------------------------------------------------------- detach / undo
DETACHED_DIR = ".detached"
"""Inside files/: where a detached PDF waits, so undoing the detach puts it back whole."""


@dataclass
class Detached:
    """What detaching removed: enough to put the attachment back without extracting again."""

    attachment: Attachment
    pages: list[str]
    parked: Path
    annotations: tuple[Annotation, ...] = ()
    """The annotations read from the file: they go with it and come back with it."""
    linked: tuple[int, ...] = ()
    """The user's highlights on the file: they stay, and point at it again when it is back."""


def detach(lib: Library, attachment_id: int) -> Detached:
    """Remove an attachment and its indexed text; its file is parked, not deleted.

    Raises:
        NotFoundError: no such attachment.
        StorageError: the file could not be moved.
    """
    import secrets

    store = AttachmentStore(lib._db)
    attachment = store.get(attachment_id)
    pages = [
        str(text)
        for (text,) in lib._db.execute(
            "SELECT text FROM attachment_pages WHERE attachment_id = ? ORDER BY page",
            [attachment_id],
        )
    ]
    source = attachment_path(lib, attachment)
    parked = path_inside(lib.files_path, f"{DETACHED_DIR}/{attachment_id}-{secrets.token_hex(4)}")
    notes = AnnotationStore(lib._db)
    try:
        parked.parent.mkdir(exist_ok=True)
        with transaction(lib._db):
            on_file = notes.for_attachment(attachment_id)
            external = notes.take([a.id for a in on_file if a.external])
            linked = tuple(a.id for a in on_file if not a.external)
            store.remove(attachment_id)
            if source.exists():
                os.replace(source, parked)
    except OSError as exc:
        raise StorageError(f"cannot move {source} aside: {exc}") from exc
    lib.notify_changed()
    return Detached(attachment, pages, parked, tuple(external), linked)


def reattach(lib: Library, detached: Detached) -> Attachment:
    """Undo `detach`: the same file, name and indexed text, on the same paper."""
    a = detached.attachment
    store = AttachmentStore(lib._db)
    final = path_inside(lib.files_path, a.file_name)
    try:
        with transaction(lib._db):
            aid = store.add(
                a.paper_id,
                file_name=a.file_name,
                original_name=a.original_name,
                size=a.size,
                sha256=a.sha256,
            )
            store.set_text(aid, detached.pages, page_count=a.pages, error=a.text_error)
            notes = AnnotationStore(lib._db)
            for gone in detached.annotations:
                notes.put_back(replace(gone, attachment_id=aid))
            notes.link(detached.linked, aid)
            if detached.parked.exists():
                final.parent.mkdir(exist_ok=True)
                os.replace(detached.parked, final)
    except OSError as exc:
        raise StorageError(f"cannot put {final} back: {exc}") from exc
    lib.notify_changed()
    return store.get(aid)
