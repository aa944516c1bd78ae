"""Operations on papers' reading state: status, priority, trash, citation key, merging."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.fields import check_fields
from papershelf.core.models import MAX_PRIORITY, MIN_PRIORITY, ReadingStatus
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult, plural, require_papers

STATUS_LABELS = {
    ReadingStatus.TO_READ: "To read",
    ReadingStatus.READING: "Reading",
    ReadingStatus.READ: "Read",
    ReadingStatus.DROPPED: "Dropped",
}


# ----------------------------------------------------------------------------- status
@dataclass(frozen=True)
class SetStatus:
    """Give papers one reading status; undo puts back each one's status and its history."""

    paper_ids: tuple[int, ...]
    status: ReadingStatus

    @property
    def label(self) -> str:
        return f"Mark {plural(len(self.paper_ids), 'paper')} as {STATUS_LABELS[self.status]}"

    def apply(self, lib: Library) -> OpResult:
        return _set_statuses(lib, dict.fromkeys(self.paper_ids, self.status), self.label)


@dataclass(frozen=True)
class SetStatuses:
    """Give each paper its own status (the redo of `RestoreStatuses`)."""

    statuses: tuple[tuple[int, ReadingStatus], ...]
    label: str = "Change status"

    def apply(self, lib: Library) -> OpResult:
        return _set_statuses(lib, dict(self.statuses), self.label)


@dataclass(frozen=True)
class RestoreStatuses:
    """Take status changes back: (paper, status, newest history row to keep) each.

    The history rows the undone change wrote go too, so the reading statistics forget it.
    """

    marks: tuple[tuple[int, ReadingStatus, int], ...]
    label: str = "Restore status"

    def apply(self, lib: Library) -> OpResult:
        ids = [pid for pid, _, _ in self.marks]
        before = lib.status_marks(ids)
        lib.restore_statuses({pid: (status, last) for pid, status, last in self.marks})
        redo = SetStatuses(tuple((pid, before[pid][0]) for pid in ids), self.label)
        return OpResult(ChangeSet.of_papers(ids, PaperField.STATUS), redo, self.label)


def _set_statuses(lib: Library, wanted: Mapping[int, ReadingStatus], label: str) -> OpResult:
    require_papers(lib, list(wanted))
    marks = lib.status_marks(list(wanted))
    lib.set_statuses(wanted)
    changed = [(pid, st, last) for pid, (st, last) in marks.items() if st != wanted[pid]]
    if not changed:
        return OpResult.nothing(label)
    ids = [pid for pid, _, _ in changed]
    return OpResult(
        ChangeSet.of_papers(ids, PaperField.STATUS), RestoreStatuses(tuple(changed), label), label
    )


# --------------------------------------------------------------------------- priority
@dataclass(frozen=True)
class SetPriority:
    """Give papers one priority (0–3)."""

    paper_ids: tuple[int, ...]
    priority: int

    @property
    def label(self) -> str:
        if len(self.paper_ids) == 1:
            return f"Set priority {self.priority}"
        return f"Set priority of {len(self.paper_ids)} papers to {self.priority}"

    def apply(self, lib: Library) -> OpResult:
        return _set_priorities(lib, dict.fromkeys(self.paper_ids, self.priority), self.label)


@dataclass(frozen=True)
class ChangePriority:
    """Raise or lower papers' priority by `delta`, each kept within 0–3."""

    paper_ids: tuple[int, ...]
    delta: int

    @property
    def label(self) -> str:
        return "Raise priority" if self.delta > 0 else "Lower priority"

    def apply(self, lib: Library) -> OpResult:
        papers = require_papers(lib, self.paper_ids)
        wanted = {
            p.id: max(MIN_PRIORITY, min(MAX_PRIORITY, p.priority + self.delta)) for p in papers
        }
        return _set_priorities(lib, wanted, self.label)


@dataclass(frozen=True)
class SetPriorities:
    """Give each paper its own priority (what undoing a priority change does)."""

    priorities: tuple[tuple[int, int], ...]
    label: str = "Change priority"

    def apply(self, lib: Library) -> OpResult:
        return _set_priorities(lib, dict(self.priorities), self.label)


def _set_priorities(lib: Library, wanted: Mapping[int, int], label: str) -> OpResult:
    old = {p.id: p.priority for p in require_papers(lib, list(wanted))}
    lib.set_priorities(wanted)
    changed = tuple((pid, value) for pid, value in old.items() if value != wanted[pid])
    if not changed:
        return OpResult.nothing(label)
    ids = [pid for pid, _ in changed]
    return OpResult(
        ChangeSet.of_papers(ids, PaperField.PRIORITY), SetPriorities(changed, label), label
    )


# ------------------------------------------------------------------------------ trash
@dataclass(frozen=True)
class TrashPapers:
    """Move papers to the trash; undo restores the ones this moved.

    `since` gives papers going back to the trash (undoing a restore or an import that
    brought them back) the moment they were first trashed.
    """

    paper_ids: tuple[int, ...]
    since: tuple[tuple[int, str], ...] = ()

    @property
    def label(self) -> str:
        return f"Move {plural(len(self.paper_ids), 'paper')} to the trash"

    def apply(self, lib: Library) -> OpResult:
        live = [p.id for p in require_papers(lib, self.paper_ids) if p.trashed_at is None]
        if not live:
            return OpResult.nothing(self.label)
        stamps = dict(self.since)
        moved = lib.retrash({pid: stamps.get(pid) for pid in live})
        return OpResult(
            ChangeSet.of_papers(moved, PaperField.TRASH),
            RestorePapers(tuple(moved)) if moved else None,
            self.label,
        )


@dataclass(frozen=True)
class RestorePapers:
    """Bring papers back from the trash; undo puts them back as they were trashed."""

    paper_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Restore {plural(len(self.paper_ids), 'paper')}"

    def apply(self, lib: Library) -> OpResult:
        stamps = {
            p.id: p.trashed_at
            for p in require_papers(lib, self.paper_ids)
            if p.trashed_at is not None
        }
        if not stamps:
            return OpResult.nothing(self.label)
        lib.restore(list(stamps))
        return OpResult(
            ChangeSet.of_papers(stamps, PaperField.TRASH),
            TrashPapers(tuple(stamps), since=tuple(stamps.items())),
            self.label,
        )


# ----------------------------------------------------------------------- citation key
@dataclass(frozen=True)
class SetCitationKey:
    """Fix the key exports use for a paper; None goes back to the generated one."""

    paper_id: int
    key: str | None

    @property
    def label(self) -> str:
        return "Set citation key" if self.key is not None else "Reset citation key"

    def apply(self, lib: Library) -> OpResult:
        old = lib.get(self.paper_id).citation_key
        if old == self.key:
            return OpResult.nothing(self.label)
        lib.set_citation_key(self.paper_id, self.key)
        return OpResult(
            ChangeSet.of_papers([self.paper_id], PaperField.CITATION_KEY),
            SetCitationKey(self.paper_id, old),
            self.label,
        )


# ------------------------------------------------------------------------------ fields
@dataclass(frozen=True)
class SetPaperFields:
    """Edit metadata fields of one paper (the Info section, `papershelf set`); undoable.

    `values` maps field names (`core/fields.py` `EDITABLE_FIELDS`) to new values; a tuple of
    pairs, so the op stays hashable and immutable.
    """

    paper_id: int
    values: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, paper_id: int, values: Mapping[str, Any]) -> SetPaperFields:
        frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())
        return cls(paper_id, frozen)

    @property
    def label(self) -> str:
        names = [k.replace("_", " ") for k, _ in self.values]
        return f"Edit {', '.join(names)}" if names else "Edit"

    def apply(self, lib: Library) -> OpResult:
        wanted = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values}
        current = lib.get(self.paper_id)
        changed = {k: v for k, v in check_fields(wanted).items() if getattr(current, k) != v}
        if not changed:
            return OpResult.nothing(self.label)
        before = lib.set_fields(self.paper_id, changed)
        fields = {PaperField.METADATA}
        if "citation_key" in changed:
            fields.add(PaperField.CITATION_KEY)
        return OpResult(
            ChangeSet.of_papers([self.paper_id], *fields),
            SetPaperFields.of(self.paper_id, before),
            self.label,
        )


# ------------------------------------------------------------------------------ merge
@dataclass(frozen=True)
class MergePapers:
    """Fold a duplicate into another paper (it is deleted). Not undoable."""

    keep_id: int
    drop_id: int

    @property
    def label(self) -> str:
        return f"Merge #{self.drop_id} into #{self.keep_id}"

    def apply(self, lib: Library) -> OpResult:
        lib.merge_papers(self.keep_id, self.drop_id)
        changes = ChangeSet(
            papers=frozenset({self.keep_id, self.drop_id}),
            fields=frozenset(PaperField),
            membership=True,
            tags=True,
        )
        return OpResult(changes, None, self.label)
