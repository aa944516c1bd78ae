"""Operations of the Duplicates view: merge a group into one paper, or say it is not one.

Both are undoable. The old `MergePapers` op is not; these are the ones the UI uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.duplicates import MergeSnapshot
from papershelf.library.duplicates import not_duplicates
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult, plural, require_papers


def _merge_changes(keep_id: int, other_ids: tuple[int, ...]) -> ChangeSet:
    return ChangeSet(
        papers=frozenset({keep_id, *other_ids}),
        fields=frozenset(PaperField),
        membership=True,
        tags=True,
        duplicates=True,
    )


@dataclass(frozen=True)
class MergeDuplicates:
    """Merge papers into `keep_id`, keeping every tag, note, annotation, file and history.

    `values` are field name → value chosen for the kept paper (any of `core/fields.py`
    `EDITABLE_FIELDS`), applied after the merge; a tuple of pairs, so the op stays a value.
    Undo brings the merged papers back with their ids and everything they had.
    """

    keep_id: int
    other_ids: tuple[int, ...]
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(
        cls, keep_id: int, other_ids: tuple[int, ...], values: Mapping[str, Any]
    ) -> MergeDuplicates:
        frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items())
        return cls(keep_id, tuple(other_ids), frozen)

    @property
    def label(self) -> str:
        return f"Merge {plural(len(self.other_ids) + 1, 'paper')}"

    def apply(self, lib: Library) -> OpResult:
        wanted = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values}
        snapshot = lib.merge_duplicates(self.keep_id, self.other_ids, wanted)
        return OpResult(
            _merge_changes(self.keep_id, self.other_ids),
            UnmergeDuplicates(snapshot, self.values, self.label),
            self.label,
            value=self.keep_id,
        )


@dataclass(frozen=True)
class UnmergeDuplicates:
    """Take a merge back: the merged papers return with their ids, as they were."""

    snapshot: MergeSnapshot
    values: tuple[tuple[str, Any], ...] = ()
    label: str = "Unmerge papers"

    def apply(self, lib: Library) -> OpResult:
        lib.unmerge_duplicates(self.snapshot)
        keep, others = self.snapshot.keep_id, self.snapshot.drop_ids
        return OpResult(
            _merge_changes(keep, others),
            MergeDuplicates(keep, others, self.values),
            self.label,
        )


@dataclass(frozen=True)
class NotDuplicates:
    """Remember that these papers are different works: they leave the Duplicates view."""

    paper_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Mark {plural(len(set(self.paper_ids)), 'paper')} as not duplicates"

    def apply(self, lib: Library) -> OpResult:
        require_papers(lib, self.paper_ids)
        if len(set(self.paper_ids)) < 2:
            return OpResult.nothing(self.label)
        states = tuple(not_duplicates(self.paper_ids))
        return SetDuplicatePairs(self.paper_ids, states, self.label).apply(lib)


@dataclass(frozen=True)
class SetDuplicatePairs:
    """Make the recorded pairs among `paper_ids` exactly `states` (undo of `NotDuplicates`)."""

    paper_ids: tuple[int, ...]
    states: tuple[tuple[int, int, str, str], ...]
    label: str = "Change duplicates"

    def apply(self, lib: Library) -> OpResult:
        before = tuple(lib.duplicate_pair_states(self.paper_ids))
        if sorted(before) == sorted(self.states):
            return OpResult.nothing(self.label)
        lib.set_duplicate_pair_states(self.paper_ids, self.states)
        return OpResult(
            ChangeSet(duplicates=True),
            SetDuplicatePairs(self.paper_ids, before, self.label),
            self.label,
        )
