"""Every user action as a named command: menus and shortcuts are generated from this table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget


@dataclass(frozen=True)
class ActionSpec:
    id: str
    title: str
    callback: str  # a MainWindow method, resolved when the registry is built
    keys: tuple[str, ...] = ()
    menu: str | None = None
    needs_selection: bool = False
    # "window": anywhere in the window; "list": only while the paper list has focus, so
    # that Ctrl+V or Del keep their usual meaning in text fields.
    context: str = "window"


MENUS = (("file", "&File"), ("edit", "&Edit"), ("paper", "&Paper"), ("view", "&View"))

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.import", "&Import…", "import_file", ("Ctrl+O",), "file"),
    ActionSpec("file.paste", "&Paste Papers", "paste_papers", ("Ctrl+V",), "file", context="list"),
    ActionSpec("file.sample", "Load the &Sample Library", "load_sample", (), "file"),
    ActionSpec("file.switch", "S&witch Library…", "switch_library", (), "file"),
    ActionSpec("file.preferences", "Pr&eferences…", "show_preferences", ("Ctrl+,",), "file"),
    ActionSpec("file.quit", "&Quit", "close", ("Ctrl+Q",), "file"),
    ActionSpec("edit.undo", "&Undo", "undo", ("Ctrl+Z",), "edit"),
    ActionSpec("edit.redo", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "edit"),
    ActionSpec("edit.find", "&Find", "focus_search", ("Ctrl+F",), "edit"),
    ActionSpec("edit.save_search", "&Save Current Search…", "save_search", ("Ctrl+S",), "edit"),
    ActionSpec("paper.to_read", "Mark as To &Read", "mark_to_read", ("Ctrl+1",), "paper", True),
    ActionSpec("paper.reading", "Mark as Rea&ding", "mark_reading", ("Ctrl+2",), "paper", True),
    ActionSpec("paper.read", "Mark as R&ead", "mark_read", ("Ctrl+3",), "paper", True),
    ActionSpec("paper.dropped", "Mark as &Dropped", "mark_dropped", ("Ctrl+4",), "paper", True),
    ActionSpec(
        "paper.trash", "Move to &Trash", "trash_selected", ("Del",), "paper", True, context="list"
    ),
    ActionSpec("paper.restore", "Restore from Trash", "restore_selected", (), "paper", True),
    ActionSpec("view.library", "Show the &Library", "show_library", ("Ctrl+L",), "view"),
)


class ActionRegistry:
    """One QAction per spec, wired to the window and placed in its menus."""

    def __init__(self, window: QMainWindow, list_widget: QWidget) -> None:
        self.actions: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        for key, title in MENUS:
            menus[key] = bar.addMenu(title)
        for spec in ACTIONS:
            action = QAction(spec.title, window)
            action.setObjectName(spec.id)
            action.setShortcuts([QKeySequence(k) for k in spec.keys])
            action.triggered.connect(getattr(window, spec.callback))
            if spec.context == "list":
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                list_widget.addAction(action)
            else:
                window.addAction(action)
            if spec.menu:
                menus[spec.menu].addAction(action)
            self.actions[spec.id] = action

    def qaction(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def set_selection(self, has_selection: bool) -> None:
        for spec in ACTIONS:
            if spec.needs_selection:
                self.actions[spec.id].setEnabled(has_selection)
