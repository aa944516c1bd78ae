"""Operations on tags: a paper's tag list, tagging many papers, renaming and deleting tags.

Undo restores each paper's exact tag list (trashed papers too) and the tags' spelling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.core.errors import NotFoundError
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult, plural, require_papers

TagLists = tuple[tuple[int, tuple[str, ...]], ...]
"""(paper id, its tags) pairs."""


@dataclass(frozen=True)
class SetTags:
    """Give a paper exactly the tags typed (an existing tag keeps its spelling)."""

    paper_id: int
    names: tuple[str, ...]
    label: str = "Edit tags"

    def apply(self, lib: Library) -> OpResult:
        return _retag(lib, {self.paper_id: self.names}, self.label)


@dataclass(frozen=True)
class ChangeTags:
    """Add and remove tags (case-insensitively) on several papers."""

    paper_ids: tuple[int, ...]
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        n = plural(len(self.paper_ids), "paper")
        if self.add and not self.remove:
            return f"Tag {n} {', '.join(self.add)}"
        if self.remove and not self.add:
            return f"Remove tag {', '.join(self.remove)} from {n}"
        return f"Change tags of {n}"

    def apply(self, lib: Library) -> OpResult:
        ids = list(dict.fromkeys(self.paper_ids))
        before = _tag_lists(lib, ids)
        lib.change_tags(ids, add=self.add, remove=self.remove)
        after = _tag_lists(lib, ids)
        changed = [pid for pid in ids if before[pid] != after[pid]]
        if not changed:
            return OpResult.nothing(self.label)
        undo = RestoreTags(tuple((pid, before[pid]) for pid in changed))
        return OpResult(ChangeSet.of_papers(changed, PaperField.TAGS), undo, self.label)


@dataclass(frozen=True)
class RestoreTags:
    """Give each paper exactly the tags it had (undo and redo of every tag op)."""

    tags: TagLists
    label: str = "Restore tags"

    def apply(self, lib: Library) -> OpResult:
        return _retag(lib, dict(self.tags), self.label)


@dataclass(frozen=True)
class RenameTag:
    """Rename a tag everywhere; renaming onto an existing tag merges the two.

    Undo of a rename (also one of case or spacing only) renames back; undo of a merge gives
    every paper that had the old tag its tag list back, so papers that already had both
    keep both.
    """

    old: str
    new: str

    @property
    def label(self) -> str:
        return f"Rename tag {self.old} to {self.new}"

    def apply(self, lib: Library) -> OpResult:
        old = _stored(lib, self.old)
        had = lib.ids_with_tag(old)  # trashed papers too
        target = lib.tag_name(self.new)
        if target is None or target == old:  # a plain rename, or a change of case
            lib.rename_tag(old, self.new)
            new = lib.tag_name(self.new) or self.new
            if new == old:
                return OpResult.nothing(self.label)
            undo: RenameTag | RestoreTags = RenameTag(new, old)
        else:
            before = _tag_lists(lib, had)
            lib.rename_tag(old, self.new)
            undo = RestoreTags(tuple(before.items()), self.label)
        changes = ChangeSet.of_papers(had, PaperField.TAGS) | ChangeSet(tags=True)
        return OpResult(changes, undo, self.label)


@dataclass(frozen=True)
class DeleteTag:
    """Remove a tag from every paper; `value` lists the papers that had it."""

    name: str

    @property
    def label(self) -> str:
        return f"Delete tag {self.name}"

    def apply(self, lib: Library) -> OpResult:
        name = _stored(lib, self.name)
        had = lib.ids_with_tag(name)  # trashed papers too
        before = _tag_lists(lib, had)
        lib.delete_tag(name)
        undo = RestoreTags(tuple(before.items()), self.label) if had else None
        changes = ChangeSet.of_papers(had, PaperField.TAGS) | ChangeSet(tags=True)
        return OpResult(changes, undo, self.label, value=had)


def _stored(lib: Library, name: str) -> str:
    stored = lib.tag_name(name)
    if stored is None:
        raise NotFoundError(f"no tag named {name!r}")
    return stored


def _tag_lists(lib: Library, paper_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    return {p.id: tuple(p.tags) for p in require_papers(lib, paper_ids, details=True)}


def _retag(lib: Library, wanted: Mapping[int, Sequence[str]], label: str) -> OpResult:
    before = _tag_lists(lib, list(wanted))
    changed = lib.set_tags(wanted)
    if not changed:
        return OpResult.nothing(label)
    undo = RestoreTags(tuple((pid, before[pid]) for pid in changed), label)
    return OpResult(ChangeSet.of_papers(changed, PaperField.TAGS), undo, label)
