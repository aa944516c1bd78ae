"""Operations on saved searches: save (or overwrite), rename, delete; all undoable."""

from __future__ import annotations

from dataclasses import dataclass

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import NotFoundError
from papershelf.library.library import Library
from papershelf.library.ops.base import OpResult

_CHANGED = ChangeSet(saved_searches=True)


@dataclass(frozen=True)
class SaveSearch:
    """Save a search under a name; a name already saved (case ignored) is overwritten."""

    name: str
    query: str

    @property
    def label(self) -> str:
        return f"Save search {self.name}"

    def apply(self, lib: Library) -> OpResult:
        before = lib.saved_search(self.name)
        lib.save_search(self.name, self.query)
        after = lib.saved_search(self.name)
        if after is None or before == after:
            return OpResult.nothing(self.label)
        undo = SaveSearch(*before) if before is not None else DeleteSearch(after[0])
        return OpResult(_CHANGED, undo, self.label)


@dataclass(frozen=True)
class RenameSearch:
    """Rename a saved search (a change of case only is a rename too)."""

    old: str
    new: str

    @property
    def label(self) -> str:
        return f"Rename saved search {self.old} to {self.new}"

    def apply(self, lib: Library) -> OpResult:
        before = _existing(lib, self.old)
        lib.rename_search(before[0], self.new)
        after = _existing(lib, self.new)
        if after[0] == before[0]:
            return OpResult.nothing(self.label)
        return OpResult(_CHANGED, RenameSearch(after[0], before[0]), self.label)


@dataclass(frozen=True)
class DeleteSearch:
    """Delete a saved search; undo saves it again with its name and query."""

    name: str

    @property
    def label(self) -> str:
        return f"Delete saved search {self.name}"

    def apply(self, lib: Library) -> OpResult:
        name, query = _existing(lib, self.name)
        lib.delete_search(name)
        return OpResult(_CHANGED, SaveSearch(name, query), self.label)


def _existing(lib: Library, name: str) -> tuple[str, str]:
    found = lib.saved_search(name)
    if found is None:
        raise NotFoundError(f"no saved search named {name!r}")
    return found
