"""Operations that bring papers and files in: imports, adding by identifier or PDF, attaching.

Undo of an import or an addition moves exactly the papers it put into the library to the
trash: new ones, and ones it brought back from the trash (they go back with the moment
they were first trashed); redo restores them. A merge into a paper already there is not
taken back (its filled-in fields stay), as before ops existed. Undo of an attachment takes
the files off again, parked so that redo puts them back without extracting their text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.errors import PapershelfError
from papershelf.core.models import PaperDraft
from papershelf.library.adding import add_inputs
from papershelf.library.attachments import AttachReport, Detached, attach, detach, reattach
from papershelf.library.library import ImportReport, Library, Progress
from papershelf.library.lookup import AddReport, RefreshReport, refresh
from papershelf.library.ops.base import OpResult
from papershelf.library.ops.papers import TrashPapers
from papershelf.library.resolve import choose, resolve
from papershelf.library.sample import load_sample
from papershelf.online.http import HttpClient


# ---------------------------------------------------------------------------- imports
@dataclass(frozen=True)
class ImportDrafts:
    """Add or merge drafts in one transaction; `value` is the `ImportReport`."""

    drafts: tuple[PaperDraft, ...]
    source: str = "<input>"
    fmt: str = "drafts"
    progress: Progress | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"Import {self.source}"

    def apply(self, lib: Library) -> OpResult:
        before = _trashed(lib)
        report = lib.import_drafts(
            self.drafts, source=self.source, fmt=self.fmt, progress=self.progress
        )
        return _imported(lib, report, before)


@dataclass(frozen=True)
class ImportText:
    """Detect the format of pasted or dropped text and import it."""

    text: str
    fmt: str = "auto"
    source: str = "pasted text"
    progress: Progress | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"Import {self.source}"

    def apply(self, lib: Library) -> OpResult:
        before = _trashed(lib)
        report = lib.import_text(
            self.text, fmt=self.fmt, source=self.source, progress=self.progress
        )
        return _imported(lib, report, before)


@dataclass(frozen=True)
class ImportFile:
    """Read a file ("-": standard input), detect its format and import it."""

    path: str
    fmt: str = "auto"
    progress: Progress | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return f"Import {Path(self.path).name or self.path}"

    def apply(self, lib: Library) -> OpResult:
        before = _trashed(lib)
        report = lib.import_file(self.path, fmt=self.fmt, progress=self.progress)
        return _imported(lib, report, before)


@dataclass(frozen=True)
class LoadSample:
    """Import the sample library with its tags, statuses, notes and annotations."""

    path: Path | None = None
    label: str = "Import sample library"

    def apply(self, lib: Library) -> OpResult:
        before = _trashed(lib)
        # The sample also sets tags, statuses, priorities, notes and annotations.
        return _imported(lib, load_sample(lib, self.path), before, frozenset(PaperField))


def _trashed(lib: Library) -> dict[int, str]:
    """Papers in the trash now, with when they were trashed.

    One that cannot be read (a damaged row) is left out: it must not stop an import.
    """
    papers, _ = lib.read_papers(lib.list_ids(trashed=True), details=False)
    return {p.id: p.trashed_at for p in papers if p.trashed_at is not None}


def _taken_back(ids: Sequence[int], trashed: dict[int, str]) -> TrashPapers | None:
    """The undo of putting `ids` into the library: the trash, as they were before."""
    back = list(dict.fromkeys(ids))
    if not back:
        return None
    since = tuple((pid, trashed[pid]) for pid in back if pid in trashed)
    return TrashPapers(tuple(back), since=since)


def _imported(
    lib: Library,
    report: ImportReport,
    trashed: dict[int, str],
    fields: frozenset[PaperField] = frozenset({PaperField.METADATA, PaperField.TRASH}),
) -> OpResult:
    label = f"Import {report.source}"
    restored = [
        p.id
        for p in lib.get_many([i for i in report.paper_ids if i in trashed], details=False)
        if p.trashed_at is None
    ]
    if not report.paper_ids:
        return OpResult.nothing(label, report)
    live = [*report.added_ids, *restored]
    changes = ChangeSet(
        papers=frozenset(report.paper_ids),
        fields=fields,
        membership=bool(live),
        tags=bool(live),
        duplicates=report.possible > 0,
    )
    return OpResult(changes, _taken_back(live, trashed), label, value=report)


# ------------------------------------------------------------------- add by identifier
@dataclass(frozen=True)
class AddInputs:
    """Look identifiers, URLs and PDF paths up and add them; `value` is the `AddReport`.

    Needs the network for identifiers: run it off the GUI thread.
    """

    inputs: tuple[str, ...]
    name: str | None = None
    """What the Edit menu calls the addition ("Add 3 papers"); default: the input."""
    client: HttpClient | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        if self.name is not None:
            return f"Add {self.name}"
        n = len(self.inputs)
        return f"Add {self.inputs[0]}" if n == 1 else f"Add {n} papers"

    def apply(self, lib: Library) -> OpResult:
        if not self.inputs:
            return OpResult.nothing(self.label, AddReport())
        before = _trashed(lib)
        report = add_inputs(lib, self.inputs, self.client)
        # Only what this addition put in: other jobs may add papers meanwhile.
        created = sorted({i.paper_id for i in report.items if i.created and i.paper_id})
        shown = {i.paper_id for i in report.items if i.paper_id is not None}
        if not shown:
            return OpResult.nothing(self.label, report)
        changes = ChangeSet(
            papers=frozenset(shown),
            fields=frozenset({PaperField.METADATA, PaperField.FILES, PaperField.TRASH}),
            membership=bool(created),
            tags=bool(created),
        )
        return OpResult(changes, _taken_back(created, before), self.label, value=report)


@dataclass(frozen=True)
class RefreshMetadata:
    """Ask the online services again about papers (all, or `paper_ids`).

    Fills placeholders, records newer arXiv versions and DOIs, and may merge a preprint
    into its published version: not undoable. `value` is the `RefreshReport`.
    """

    paper_ids: tuple[int, ...] | None = None
    pending_only: bool = False
    client: HttpClient | None = field(default=None, compare=False)
    label: str = "Refresh metadata"

    def apply(self, lib: Library) -> OpResult:
        ids = list(self.paper_ids) if self.paper_ids is not None else None
        report: RefreshReport = refresh(
            lib,
            client=self.client,
            ids=ids,
            pending_only=self.pending_only,
            use_cache=self.pending_only,
        )
        changed = {*report.completed, *(v[0] for v in report.newer_versions)}
        changed |= {pid for pid, _ in report.published}
        merged = {pid for drop, keep, _ in report.merged for pid in (drop, keep)}
        if not changed and not merged:
            return OpResult.nothing(self.label, report)
        changes = ChangeSet.of_papers(changed | merged, PaperField.METADATA)
        if merged:
            changes |= ChangeSet(fields=frozenset(PaperField), membership=True, tags=True)
        return OpResult(changes, None, self.label, value=report)


# -------------------------------------------------------------------------- attaching
@dataclass
class AttachOutcome:
    """What attaching several files to one paper did: a report per file, or why not."""

    paper_id: int
    reports: list[AttachReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AttachFiles:
    """Copy PDFs into the library and attach them to a paper; `value` is an `AttachOutcome`.

    A file that cannot be attached is named in the outcome's errors and the others are
    attached all the same. Undo takes off the files this attached (not ones already there).

    Raises:
        NotFoundError: no such paper.
    """

    paper_id: int
    paths: tuple[str, ...]

    @property
    def label(self) -> str:
        n = len(self.paths)
        return "Attach PDF" if n == 1 else f"Attach {n} PDFs"

    def apply(self, lib: Library) -> OpResult:
        lib.get(self.paper_id)
        outcome = AttachOutcome(self.paper_id)
        for path in self.paths:
            try:
                outcome.reports.append(attach(lib, self.paper_id, path))
            except PapershelfError as exc:
                outcome.errors.append(f"{Path(path).name}: {exc}")
        added = tuple(r.attachment.id for r in outcome.reports if not r.already_attached)
        if not outcome.reports:
            return OpResult.nothing(self.label, outcome)
        changes = ChangeSet.of_papers([self.paper_id], PaperField.FILES)
        undo = DetachFiles(added, self.label) if added else None
        return OpResult(changes, undo, self.label, value=outcome)


@dataclass(frozen=True)
class AttachFile:
    """Copy one PDF into the library and attach it; `value` is its `AttachReport`.

    Unlike `AttachFiles`, a file that cannot be attached raises (`papershelf attach`), and
    the copy may be stored under another `name`. Undo takes the file off again, unless it
    was attached already (then attaching only retried its text extraction).

    Raises:
        NotFoundError: no such paper.
        PdfError: the file is missing, unreadable or not a PDF.
        StorageError: the copy could not be written.
    """

    paper_id: int
    path: str
    name: str | None = None
    label: str = "Attach PDF"

    def apply(self, lib: Library) -> OpResult:
        report = attach(lib, self.paper_id, self.path, name=self.name)
        changes = ChangeSet.of_papers([self.paper_id], PaperField.FILES)
        undo = None if report.already_attached else DetachFiles((report.attachment.id,))
        return OpResult(changes, undo, self.label, value=report)


@dataclass(frozen=True)
class DetachFiles:
    """Take attachments off (their files parked, not deleted); undo puts them back."""

    attachment_ids: tuple[int, ...]
    label: str = "Detach PDF"

    def apply(self, lib: Library) -> OpResult:
        parked: list[Detached] = []
        try:
            for aid in self.attachment_ids:
                parked.append(detach(lib, aid))
        except PapershelfError:
            for done in reversed(parked):  # all or nothing
                reattach(lib, done)
            raise
        papers = {d.attachment.paper_id for d in parked}
        return OpResult(
            ChangeSet.of_papers(papers, PaperField.FILES),
            ReattachFiles(tuple(parked), self.label),
            self.label,
        )


@dataclass(frozen=True)
class ReattachFiles:
    """Put detached attachments back: same file, name and indexed text."""

    detached: tuple[Detached, ...]
    label: str = "Attach PDF"

    def apply(self, lib: Library) -> OpResult:
        ids: list[int] = []
        try:
            for d in self.detached:
                ids.append(reattach(lib, d).id)
        except PapershelfError:
            for aid in reversed(ids):  # all or nothing
                detach(lib, aid)
            raise
        papers = {d.attachment.paper_id for d in self.detached}
        return OpResult(
            ChangeSet.of_papers(papers, PaperField.FILES),
            DetachFiles(tuple(ids), self.label),
            self.label,
        )


# --------------------------------------------------------------------- title resolution
@dataclass(frozen=True)
class ResolveTitles:
    """Find the records of title-only papers (all due ones, or `paper_ids`): not undoable.

    Fills only empty fields and may merge a paper into one that has the found arXiv id or
    DOI (`library/resolve.py`). `value` is the `ResolveReport`.
    """

    paper_ids: tuple[int, ...] | None = None
    client: HttpClient | None = field(default=None, compare=False)
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    label: str = "Resolve titles"

    def apply(self, lib: Library) -> OpResult:
        ids = list(self.paper_ids) if self.paper_ids is not None else None
        report = resolve(lib, ids, client=self.client, progress=self.progress)
        changed = {pid for pid, _ in report.resolved}
        merged = {pid for pair in report.merged for pid in pair}
        if not changed and not merged:
            return OpResult.nothing(self.label, report)
        changes = ChangeSet.of_papers(changed | merged, PaperField.METADATA)
        if merged:
            changes |= ChangeSet(
                fields=frozenset(PaperField), membership=True, tags=True, duplicates=True
            )
        return OpResult(changes, None, self.label, value=report)


@dataclass(frozen=True)
class ChooseRecord:
    """The user's pick among a paper's candidates (`index`), or "none of these" (None)."""

    paper_id: int
    index: int | None

    @property
    def label(self) -> str:
        return "Resolve: none of these" if self.index is None else "Resolve paper"

    def apply(self, lib: Library) -> OpResult:
        kept = choose(lib, self.paper_id, self.index)
        changes = ChangeSet.of_papers({self.paper_id, kept}, PaperField.METADATA)
        if kept != self.paper_id:
            changes |= ChangeSet(fields=frozenset(PaperField), membership=True, tags=True)
        return OpResult(changes, None, self.label, value=kept)
