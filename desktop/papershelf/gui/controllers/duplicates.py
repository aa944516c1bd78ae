"""The Duplicates page's commands: move between groups, choose, merge or keep apart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from papershelf.core.changes import ChangeSet, PaperField
from papershelf.gui.controllers.pages import PagesController
from papershelf.gui.shell import Shell

MASTER_KEYS = 9
"""`1`…`9` keep the paper of that column."""


class DuplicatesController(QObject):
    def __init__(self, shell: Shell, pages: PagesController) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.session = shell.session
        self.pages = pages
        self.view = shell.duplicates_view
        self.view.sig_merge.connect(self.merge)
        self.view.sig_not_duplicates.connect(self.not_duplicates)
        self.session.sig_changed.connect(self.on_changed)

    def commands(self) -> dict[str, Callable[[], object]]:
        def master(column: int) -> Callable[[], None]:
            return lambda: self.view.set_master(column)

        return {
            "go.duplicates": lambda: self.pages.show_page("duplicates"),
            "dup.next": lambda: self.view.step(1),
            "dup.previous": lambda: self.view.step(-1),
            "dup.choose": self.view.choose_current,
            "dup.merge": self.merge,
            "dup.not_duplicates": self.not_duplicates,
            **{f"dup.master_{n}": master(n - 1) for n in range(1, MASTER_KEYS + 1)},
        }

    def on_changed(self, changes: ChangeSet) -> None:
        """Groups follow merges, undos, imports and edits (here or in another process)."""
        if not (
            changes.duplicates
            or changes.membership
            or changes.every_paper
            or PaperField.METADATA in changes.fields
        ):
            return
        if self.view.isVisible():  # else it reads them when it is shown
            self.view.reload()

    def merge(self) -> None:
        from papershelf.library import ops

        keep, others = self.view.master_id(), self.view.other_ids()
        if keep is None or not others:
            return
        title = next(p.title for p in self.view.papers() if p.id == keep)
        op = ops.MergeDuplicates.of(keep, others, self.view.merge_values())
        if self.session.run(op) is not None:
            n = len(others) + 1
            self.session.message(f"Merged {n} papers into #{keep} “{title}” (u undoes)", 5000)

    def not_duplicates(self) -> None:
        from papershelf.library import ops

        group = self.view.current_group()
        if group is None:
            return
        if self.session.run(ops.NotDuplicates(group.paper_ids)) is not None:
            self.session.message("Marked as different works: they stay apart", 4000)
