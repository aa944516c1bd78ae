"""What every operation is: a small value with a label that applies itself to a library.

An op's `apply` makes one change through `Library` methods (all or nothing: a refused change
raises the library's `PapershelfError` and leaves nothing behind) and returns an `OpResult`:
what changed, for the views, and the op that takes it back, for the undo history. Undo ops
are ops too, so undoing an undo is a redo. Ops hold data only (ids, names, old values),
never a widget or a closure, so the CLI, the GUI and the tests run the same ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import NotFoundError
from papershelf.core.models import Paper
from papershelf.library.library import Library


class Op(Protocol):
    """One change to the library."""

    @property
    def label(self) -> str:
        """What the change is called in the Edit menu ("Undo Mark 3 papers as Read")."""
        ...

    def apply(self, lib: Library) -> OpResult:
        """Make the change.

        Raises:
            PapershelfError: the library refused it; nothing was changed.
        """
        ...


@dataclass(frozen=True)
class OpResult:
    """What applying an op did."""

    changes: ChangeSet
    undo: Op | None
    """Takes the change back exactly; None when nothing changed or it cannot be undone."""
    label: str
    value: Any = None
    """What the caller asked for: a new annotation's id, an `ImportReport`, …"""
    merge_key: object = None
    """Successive results with the same key are one undo step (typing into one note)."""

    @classmethod
    def nothing(cls, label: str, value: Any = None) -> OpResult:
        """The op found nothing to change."""
        return cls(ChangeSet.none(), None, label, value)


def plural(n: int, one: str, many: str | None = None) -> str:
    """The Edit menu's wording: "paper" for one, "3 papers" for more."""
    return one if n == 1 else f"{n} {many or one + 's'}"


def require_papers(lib: Library, paper_ids: Sequence[int], *, details: bool = False) -> list[Paper]:
    """The papers, in the order given (each once).

    Raises:
        NotFoundError: one of them is not in the library.
    """
    ids = list(dict.fromkeys(paper_ids))
    papers = lib.get_many(ids, details=details)
    if len(papers) != len(ids):
        found = {p.id for p in papers}
        missing = next(i for i in ids if i not in found)
        raise NotFoundError(f"no paper with id {missing}")
    return papers
