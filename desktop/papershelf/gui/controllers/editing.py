"""Edits of papers, tags and saved searches, each an undoable step through the session."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from papershelf.core.models import MAX_PRIORITY, ReadingStatus
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.shell import Shell
from papershelf.library.attachments import attachment_path, attachments

if TYPE_CHECKING:
    pass

STATUS_LABELS = {"to-read": "To read", "reading": "Reading", "read": "Read", "dropped": "Dropped"}


class EditController(QObject):
    def __init__(self, shell: Shell, lists: ListController) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.session = shell.session
        self.lib = shell.session.lib
        self.lists = lists
        d = shell.details
        d.sig_status.connect(lambda pid, st: self.set_status([pid], st))
        d.sig_priority.connect(self.set_priority)
        d.sig_tags.connect(self.set_tags)
        d.note.sig_save.connect(self.save_note)
        d.sig_annotate.connect(self.add_annotation)
        d.sig_delete_annotation.connect(self.delete_annotation)
        d.info.set_saver(self.set_fields)
        shell.sidebar.sig_tag_action.connect(self._on_tag_action)
        shell.sidebar.sig_saved_search.connect(self.on_saved_search)

    def commands(self) -> dict[str, Callable[[], object]]:
        def mark(status: ReadingStatus) -> Callable[[], None]:
            return lambda: self.set_status(self.lists.selected_ids(), status)

        return {
            "edit.undo": self.undo,
            "edit.redo": self.redo,
            "edit.save_search": self.save_search,
            "paper.to_read": mark(ReadingStatus.TO_READ),
            "paper.reading": mark(ReadingStatus.READING),
            "paper.read": mark(ReadingStatus.READ),
            "paper.dropped": mark(ReadingStatus.DROPPED),
            "paper.priority_up": lambda: self.change_priority(1),
            "paper.priority_down": lambda: self.change_priority(-1),
            "paper.tags": self.focus_tags,
            "paper.edit_info": lambda: self.shell.details.info.start_edit("title"),
            "paper.note": self.focus_note,
            "paper.annotate": self.focus_annotation,
            "paper.open": self.open_link,
            "paper.trash": self.trash_selected,
            "paper.restore": self.restore_selected,
            "paper.copy_key": self.copy_citation_key,
            "paper.copy_bibtex": self.copy_bibtex,
        }

    # ------------------------------------------------------------------ status, priority
    def set_status(self, ids: Sequence[int], status: ReadingStatus) -> None:
        from papershelf.library import ops

        if not ids:
            return
        result = self.session.run(ops.SetStatus(tuple(ids), status))
        if result is not None:
            n = f"{len(ids)} papers" if len(ids) > 1 else "paper"
            self.session.message(f"Marked {n} as {STATUS_LABELS[status.value]}", 3000)

    def set_priority(self, pid: int, value: int) -> None:
        from papershelf.library import ops

        if self.session.run(ops.SetPriority((pid,), value)) is not None:
            self._say_priority([pid])

    def change_priority(self, delta: int) -> None:
        from papershelf.library import ops

        ids = self.lists.selected_ids()
        if ids and self.session.run(ops.ChangePriority(tuple(ids), delta)) is not None:
            self._say_priority(ids)

    def _say_priority(self, ids: Sequence[int]) -> None:
        """A priority change shows no other way in the list's narrow column: say it."""
        values = {p.priority for p in self.lib.get_many(list(ids), details=False)}
        what = f"{len(ids)} papers" if len(ids) > 1 else "the paper"
        if len(values) == 1:
            value = values.pop()
            self.session.message(f"Priority of {what}: {value} of {MAX_PRIORITY}", 3000)
        else:
            self.session.message(f"Changed the priority of {what}", 3000)

    def set_fields(self, pid: int, values: Mapping[str, Any]) -> bool:
        """The Info section saves a field; False when the library refused the value."""
        from papershelf.library import ops

        return self.session.run(ops.SetPaperFields.of(pid, values)) is not None

    # ------------------------------------------------------------------ tags, notes
    def set_tags(self, pid: int, names: list[str]) -> None:
        from papershelf.library import ops

        self.session.run(ops.SetTags(pid, tuple(names)))

    def save_note(self, pid: int, text: str) -> None:
        # Successive saves of one note are one undo step; a note typed for a paper merged
        # away meanwhile lands on the paper it became (`SaveNote`).
        from papershelf.library import ops

        result = self.session.run(ops.SaveNote(pid, text))
        if result is None:
            # Keep the text in the editor, marked unsaved: the next change or flush retries.
            self.shell.details.note.mark_unsaved(text)
        elif result.value not in (None, pid):
            self.session.message(
                f"The paper was merged into #{result.value}; your note was saved there", 8000
            )

    def add_annotation(self, pid: int, quote: str, page: int | None, comment: str) -> None:
        from papershelf.library import ops

        self.session.run(ops.AddAnnotation(pid, quote, page, comment or None))

    def delete_annotation(self, pid: int, annotation_id: int) -> None:
        from papershelf.library import ops

        self.session.run(ops.DeleteAnnotation(annotation_id))

    # ------------------------------------------------------------------ trash
    def trash_selected(self) -> None:
        from papershelf.library import ops

        ids = self.lists.selected_ids()
        if not ids or self.shell.sidebar.current_view().trash:
            return
        after = self._next_to(ids)
        if self.session.run(ops.TrashPapers(tuple(ids))) is not None:
            self.lists.refresh(keep=after)
            self.session.message(
                f"Moved {len(ids)} paper{'s' if len(ids) != 1 else ''} to the trash "
                "(Ctrl+Z undoes)",
                5000,
            )

    def restore_selected(self) -> None:
        from papershelf.library import ops

        ids = self.lists.selected_ids()
        after = self._next_to(ids)
        if ids and self.session.run(ops.RestorePapers(tuple(ids))) is not None:
            self.lists.refresh(keep=after)

    def _next_to(self, ids: Sequence[int]) -> list[int]:
        """The paper to select once `ids` leave the list: the next one below, else above.

        Del selected the list's first paper, so trashing papers one after another sent
        the user back to the top of the list each time (Zotero selects the next item).
        """
        model = self.shell.model
        rows = sorted(r for r in map(model.row_of, ids) if r is not None)
        if not rows:
            return []
        gone = set(ids)
        below = range(rows[-1] + 1, model.rowCount())
        above = range(rows[0] - 1, -1, -1)
        for row in (*below, *above):
            pid = model.paper_id(row)
            if pid not in gone:
                return [pid]
        return []

    def undo(self) -> None:
        self.shell.details.note.flush()
        self._step(self.session.undo)

    def redo(self) -> None:
        self.shell.details.note.flush()
        self._step(self.session.redo)

    def _step(self, move: Callable[[], None]) -> None:
        """Undo or redo; papers it brings back into the list (out of the trash) are selected."""
        listed = set(self.shell.model.ids())
        move()
        back = [pid for pid in self.shell.model.ids() if pid not in listed]
        self.lists.refresh(keep=back or None)

    # ------------------------------------------------------------------ focus, open, copy
    def focus_tags(self) -> None:
        self.shell.details.tags.setFocus()
        self.shell.details.tags.end(False)

    def focus_note(self) -> None:
        self.shell.details.note.edit.setFocus()

    def focus_annotation(self) -> None:
        self.shell.details.quote.setFocus()

    def open_link(self) -> None:
        ids = self.lists.selected_ids()
        if not ids:
            return
        paper = self.lib.get(ids[0])
        # The PDF in the library first (it works offline and carries the user's copy).
        for attachment in attachments(self.lib, paper.id):
            path = attachment_path(self.lib, attachment)
            if path.is_file():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
                return
        url = (
            f"https://arxiv.org/pdf/{paper.arxiv_id}"
            if paper.arxiv_id
            else f"https://doi.org/{paper.doi}"
            if paper.doi
            else paper.url
        )
        if not url:
            self.session.message("This paper has no PDF or link", 5000)
            return
        QDesktopServices.openUrl(QUrl(url))

    def copy_citation_key(self) -> None:
        papers = self.lib.get_many(self.lists.selected_ids())
        if papers:
            keys = self.lib.citation_keys([p.id for p in papers])
            text = ", ".join(keys[p.id] for p in papers)
            QGuiApplication.clipboard().setText(text)
            self.session.message(f"Copied {text}", 4000)

    def copy_bibtex(self) -> None:
        from papershelf.exporters.bibtex import to_bibtex

        papers = self.lib.get_many(self.lists.selected_ids())
        if papers:
            keys = self.lib.citation_keys([p.id for p in papers])
            QGuiApplication.clipboard().setText(to_bibtex(papers, keys))
            n = len(papers)
            self.session.message(f"Copied BibTeX of {n} paper{'' if n == 1 else 's'}", 4000)

    # ------------------------------------------------------------------ tags, saved searches
    def _ask(self, title: str, label: str, text: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(self.shell.window, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def _on_tag_action(self, action: str, tag: str) -> None:
        if action == "rename":
            new = self._ask("Rename tag", f"New name for “{tag}” (an existing tag merges):", tag)
            if new is not None and new != tag:
                self.rename_tag(tag, new)
        elif action == "delete":
            self.delete_tag(tag)

    def rename_tag(self, old: str, new: str) -> None:
        from papershelf.library import ops

        self.session.run(ops.RenameTag(old, new))

    def delete_tag(self, tag: str) -> None:
        from papershelf.library import ops

        result = self.session.run(ops.DeleteTag(tag))
        if result is not None:
            n = len(result.value or ())
            self.session.message(f"Removed tag “{tag}” from {n} papers (Ctrl+Z undoes)", 8000)

    def save_search(self) -> None:
        from papershelf.library import ops

        query = self.shell.search_bar.text()
        if not query:
            self.session.message("Type a search first, then save it", 5000)
            return
        name = self._ask("Save search", "Name for this search:", query)
        if name is not None:
            self.session.run(ops.SaveSearch(name, query))

    def on_saved_search(self, action: str, name: str) -> None:
        from papershelf.library import ops

        searches = dict(self.lib.saved_searches())
        if name not in searches:
            return
        if action == "run":
            self.shell.search_bar.set_text(searches[name])
        elif action == "rename":
            new = self._ask("Rename saved search", "New name:", name)
            if new is not None:
                self.session.run(ops.RenameSearch(name, new))
        elif action == "delete":
            self.session.run(ops.DeleteSearch(name))
