"""Edits of papers, tags and saved searches, each an undoable step through the session."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QInputDialog

from papershelf.core.changes import ChangeSet
from papershelf.core.errors import PapershelfError
from papershelf.core.models import ReadingStatus
from papershelf.exporters.bibtex import to_bibtex
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.shell import Shell
from papershelf.library.attachments import attachment_path, attachments

NOTE_MERGE_ID = 1
STATUS_LABELS = {"to-read": "To read", "reading": "Reading", "read": "Read", "dropped": "Dropped"}


def _papers(ids: Sequence[int], *, membership: bool = False, tags: bool = False) -> ChangeSet:
    return ChangeSet(papers=frozenset(ids), membership=membership, tags=tags)


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
        ids = list(ids)
        if not ids:
            return
        old = {p.id: p.status for p in self.lib.get_many(ids, details=False)}
        label = STATUS_LABELS[status.value]
        n = f"{len(ids)} papers" if len(ids) > 1 else "paper"
        self.session.push(
            f"Mark {n} as {label}",
            lambda: self.lib.set_statuses(dict.fromkeys(ids, status)),
            lambda: self.lib.set_statuses(old),
            _papers(ids),
        )
        self.session.message(f"Marked {n} as {label}", 3000)

    def set_priority(self, pid: int, value: int) -> None:
        old = self.lib.get(pid).priority
        self.session.push(
            f"Set priority {value}",
            lambda: self.lib.set_priority(pid, value),
            lambda: self.lib.set_priority(pid, old),
            _papers([pid]),
        )

    def change_priority(self, delta: int) -> None:
        ids = self.lists.selected_ids()
        old = {p.id: p.priority for p in self.lib.get_many(ids, details=False)}
        new = {pid: max(0, min(3, value + delta)) for pid, value in old.items()}
        if new != old:
            self.session.push(
                "Raise priority" if delta > 0 else "Lower priority",
                lambda: self.lib.set_priorities(new),
                lambda: self.lib.set_priorities(old),
                _papers(ids),
            )

    # ------------------------------------------------------------------ tags, notes
    def set_tags(self, pid: int, names: list[str]) -> None:
        old = self.lib.get(pid).tags

        def apply(target: list[str]) -> Callable[[], None]:
            def run() -> None:
                current = self.lib.get(pid).tags
                keep = {t.casefold() for t in target}
                self.lib.change_tags(
                    [pid], add=target, remove=[t for t in current if t.casefold() not in keep]
                )

            return run

        self.session.push("Edit tags", apply(names), apply(old), _papers([pid], tags=True))

    def save_note(self, pid: int, text: str) -> None:
        if not self.lib.exists(pid):
            # Merged away meanwhile (a refresh found the preprint's journal version): the
            # text typed since the last save goes to the paper it became, never lost.
            keeper = self.lib.merged_into(pid)
            if keeper is None:
                return
            current = self.lib.get(keeper).note or ""
            if text.strip() and text.strip() not in current:
                joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
                self.save_note(keeper, joined)
                self.session.message(
                    f"The paper was merged into #{keeper}; your note was saved there", 8000
                )
            return
        # Successive saves of one note merge into one undo step (EditCommand.mergeWith),
        # which keeps the first save's `old`.
        old = self.lib.get(pid).note or ""
        saved = self.session.push(
            "Edit note",
            lambda: self.lib.set_note(pid, text),
            lambda: self.lib.set_note(pid, old),
            _papers([pid]),
            merge_id=NOTE_MERGE_ID,
            key=("note", pid),
        )
        if not saved:
            # Keep the text in the editor, marked unsaved: the next change or flush retries.
            self.shell.details.note.mark_unsaved(text)

    def add_annotation(self, pid: int, quote: str, page: int | None, comment: str) -> None:
        created: list[int] = []

        def do() -> None:
            created.append(self.lib.annotate(pid, quote, page, comment or None))

        def undo() -> None:
            if created:
                self.lib.delete_annotation(created.pop())

        self.session.push("Add annotation", do, undo, _papers([pid]))

    def delete_annotation(self, pid: int, annotation_id: int) -> None:
        paper = self.lib.get(pid)
        ann = next((a for a in paper.annotations if a.id == annotation_id), None)
        if ann is None:
            return
        ids = [annotation_id]

        def do() -> None:
            self.lib.delete_annotation(ids[-1])

        def undo() -> None:
            ids.append(self.lib.annotate(pid, ann.quote, ann.page, ann.comment))

        self.session.push("Delete annotation", do, undo, _papers([pid]))

    # ------------------------------------------------------------------ trash
    def trash_selected(self) -> None:
        ids = self.lists.selected_ids()
        if not ids or self.shell.sidebar.current_view().trash:
            return
        self.session.push(
            f"Move {len(ids)} to Trash",
            lambda: self.lib.trash(ids),
            lambda: self.lib.restore(ids),
            _papers(ids, membership=True),
        )
        self.lists.refresh(keep=[])
        self.session.message(
            f"Moved {len(ids)} paper{'s' if len(ids) != 1 else ''} to the trash (Ctrl+Z undoes)",
            5000,
        )

    def restore_selected(self) -> None:
        ids = self.lists.selected_ids()
        if ids:
            self.session.push(
                f"Restore {len(ids)}",
                lambda: self.lib.restore(ids),
                lambda: self.lib.trash(ids),
                _papers(ids, membership=True),
            )
            self.lists.refresh(keep=[])

    def undo(self) -> None:
        self.shell.details.note.flush()
        self.session.undo_stack.undo()
        self.lists.refresh()

    def redo(self) -> None:
        self.session.undo_stack.redo()
        self.lists.refresh()

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
        papers = self.lib.get_many(self.lists.selected_ids())
        if papers:
            keys = self.lib.citation_keys([p.id for p in papers])
            QGuiApplication.clipboard().setText(to_bibtex(papers, keys))
            self.session.message(f"Copied BibTeX of {len(papers)} paper(s)", 4000)

    # ------------------------------------------------------------------ tags, saved searches
    def _ask(self, title: str, label: str, text: str) -> str | None:
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
        had_old = self.lib.ids_with_tag(old)  # trashed papers too: undo must be exact
        same_tag = old.casefold() == new.casefold()
        had_new = set() if same_tag else set(self.lib.ids_with_tag(new))

        def undo() -> None:
            if not had_new:  # a plain rename (or a change of case): rename back
                self.lib.rename_tag(new, old)
                return
            self.lib.change_tags(had_old, add=[old])
            self.lib.change_tags([p for p in had_old if p not in had_new], remove=[new])

        self.session.push(
            f"Rename tag {old} to {new}",
            lambda: self.lib.rename_tag(old, new),
            undo,
            _papers(had_old, tags=True),
        )

    def delete_tag(self, tag: str) -> None:
        had = self.lib.ids_with_tag(tag)
        if self.session.push(
            f"Delete tag {tag}",
            lambda: self.lib.delete_tag(tag),
            lambda: self.lib.change_tags(had, add=[tag]),
            _papers(had, tags=True),
        ):
            self.session.message(
                f"Removed tag “{tag}” from {len(had)} papers (Ctrl+Z undoes)", 8000
            )

    def save_search(self) -> None:
        query = self.shell.search_bar.text()
        if not query:
            self.session.message("Type a search first, then save it", 5000)
            return
        name = self._ask("Save search", "Name for this search:", query)
        if name is not None:
            try:
                self.lib.save_search(name, query)
            except PapershelfError as exc:
                self.session.message(str(exc), 8000)
            self.session.changed(ChangeSet(saved_searches=True))

    def on_saved_search(self, action: str, name: str) -> None:
        searches = dict(self.lib.saved_searches())
        if name not in searches:
            return
        try:
            if action == "run":
                self.shell.search_bar.set_text(searches[name])
            elif action == "rename":
                new = self._ask("Rename saved search", "New name:", name)
                if new is not None:
                    self.lib.rename_search(name, new)
            elif action == "delete":
                query = searches[name]
                self.session.push(
                    f"Delete saved search {name}",
                    lambda: self.lib.delete_search(name),
                    lambda: self.lib.save_search(name, query),
                    ChangeSet(saved_searches=True),
                )
        except PapershelfError as exc:
            self.session.message(str(exc), 8000)
        self.session.changed(ChangeSet(saved_searches=True))
