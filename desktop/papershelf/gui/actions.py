"""Every user action as a named command.

Menus, shortcuts, the command palette, the cheat sheet and docs/keyboard.md are all generated
from `ACTIONS`, so a command added here appears everywhere at once.
"""

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
    keys: tuple[str, ...] = ()  # anywhere in the window (or only in the list, see `context`)
    menu: str | None = None
    needs_selection: bool = False
    # "window": anywhere in the window; "list": only while the paper list has focus, so
    # that Ctrl+V or Del keep their usual meaning in text fields.
    context: str = "window"
    # Single keys (calibre/Gmail style) that work only while the paper list has focus.
    list_keys: tuple[str, ...] = ()
    toolbar: bool = False  # also a toolbar button
    # Single keys that work while the Inbox list has focus (its own context: `a` there adds
    # a candidate, `a` in the paper list annotates).
    inbox_keys: tuple[str, ...] = ()


MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("paper", "&Paper"),
    ("go", "&Go"),
    ("inbox", "&Inbox"),
    ("view", "&View"),
    ("help", "&Help"),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file.import", "&Import…", "import_file", ("Ctrl+O",), "file", toolbar=True),
    ActionSpec("file.paste", "&Paste Papers", "paste_papers", ("Ctrl+V",), "file", context="list"),
    ActionSpec(
        "file.add_ids", "Add by I&dentifier…", "add_by_identifier", ("Ctrl+Shift+N",), "file"
    ),
    ActionSpec("file.sample", "Load the &Sample Library", "load_sample", (), "file"),
    ActionSpec(
        "file.export_selected",
        "&Export Selected…",
        "export_selected",
        ("Ctrl+E",),
        "file",
        True,
        toolbar=True,
    ),
    ActionSpec("file.export_all", "Export &All…", "export_all", ("Ctrl+Shift+E",), "file"),
    ActionSpec("file.switch", "S&witch Library…", "switch_library", (), "file"),
    ActionSpec("file.preferences", "Pr&eferences…", "show_preferences", ("Ctrl+,",), "file"),
    ActionSpec("file.shortcuts", "&Keyboard Shortcuts…", "show_shortcuts", (), "file"),
    ActionSpec("file.quit", "&Quit", "close", ("Ctrl+Q",), "file"),
    ActionSpec(
        "edit.undo",
        "&Undo",
        "undo",
        ("Ctrl+Z",),
        "edit",
        list_keys=("U",),
        toolbar=True,
        inbox_keys=("U",),
    ),
    ActionSpec("edit.redo", "&Redo", "redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "edit", toolbar=True),
    ActionSpec("edit.find", "&Find", "focus_search", ("Ctrl+F",), "edit", list_keys=("/",)),
    ActionSpec("edit.save_search", "&Save Current Search…", "save_search", ("Ctrl+S",), "edit"),
    ActionSpec(
        "edit.palette",
        "&Command Palette…",
        "show_palette",
        ("Ctrl+K", "Ctrl+Shift+P"),
        "edit",
        toolbar=True,
    ),
    ActionSpec(
        "paper.to_read",
        "Mark as To &Read",
        "mark_to_read",
        ("Ctrl+1",),
        "paper",
        True,
        list_keys=("1",),
    ),
    ActionSpec(
        "paper.reading",
        "Mark as Rea&ding",
        "mark_reading",
        ("Ctrl+2",),
        "paper",
        True,
        list_keys=("2",),
        toolbar=True,
    ),
    ActionSpec(
        "paper.read",
        "Mark as R&ead",
        "mark_read",
        ("Ctrl+3",),
        "paper",
        True,
        list_keys=("3",),
        toolbar=True,
    ),
    ActionSpec(
        "paper.dropped",
        "Mark as &Dropped",
        "mark_dropped",
        ("Ctrl+4",),
        "paper",
        True,
        list_keys=("4",),
    ),
    ActionSpec(
        "paper.priority_up",
        "Raise Priority",
        "priority_up",
        (),
        "paper",
        True,
        list_keys=("+", "="),
    ),
    ActionSpec(
        "paper.priority_down",
        "Lower Priority",
        "priority_down",
        (),
        "paper",
        True,
        list_keys=("-",),
    ),
    ActionSpec("paper.tags", "Edit &Tags", "focus_tags", (), "paper", True, list_keys=("T",)),
    ActionSpec(
        "paper.note", "Edit &Note", "focus_note", (), "paper", True, list_keys=("N", "Return")
    ),
    ActionSpec(
        "paper.annotate", "&Annotate…", "focus_annotation", (), "paper", True, list_keys=("A",)
    ),
    ActionSpec(
        "paper.open",
        "&Open PDF or Link",
        "open_link",
        ("Ctrl+Return",),
        "paper",
        True,
        list_keys=("O",),
    ),
    ActionSpec(
        "paper.toggle", "Toggle Selection", "toggle_selection", (), None, False, list_keys=("X",)
    ),
    ActionSpec(
        "paper.trash", "Move to &Trash", "trash_selected", ("Del",), "paper", True, context="list"
    ),
    ActionSpec("paper.restore", "Restore from Trash", "restore_selected", (), "paper", True),
    ActionSpec("paper.attach", "Attach &PDF…", "attach_pdf", (), "paper", True),
    ActionSpec("paper.refresh", "Refresh &Metadata", "refresh_metadata", (), "paper", True),
    ActionSpec(
        "paper.copy_key",
        "Copy Citation &Key",
        "copy_citation_key",
        ("Ctrl+Shift+C",),
        "paper",
        True,
        list_keys=("Y",),
    ),
    ActionSpec(
        "paper.copy_bibtex",
        "Copy &BibTeX",
        "copy_bibtex",
        (),
        "paper",
        True,
        list_keys=("Shift+Y",),
    ),
    ActionSpec("go.next", "Next Paper", "next_paper", (), "go", list_keys=("J",)),
    ActionSpec("go.previous", "Previous Paper", "previous_paper", (), "go", list_keys=("K",)),
    ActionSpec("go.to_read", "Go to To Read", "go_to_read", (), "go", list_keys=("G, T",)),
    ActionSpec("go.reading", "Go to Reading", "go_reading", (), "go", list_keys=("G, R",)),
    ActionSpec("go.read", "Go to Read (Done)", "go_read", (), "go", list_keys=("G, D",)),
    ActionSpec("go.inbox", "Go to the &Inbox", "go_inbox", (), "go", list_keys=("G, I",)),
    ActionSpec(
        "go.stats",
        "Go to &Statistics",
        "go_stats",
        (),
        "go",
        list_keys=("G, S",),
        inbox_keys=("G, S",),
    ),
    ActionSpec(
        "view.library",
        "Go to the &Library",
        "show_library",
        ("Ctrl+L",),
        "go",
        list_keys=("G, L",),
        inbox_keys=("G, L", "Esc"),
    ),
    ActionSpec(
        "go.list",
        "Back to the List (Esc again clears the search)",
        "escape_to_list",
        (),
        None,
        list_keys=("Esc",),
    ),
    ActionSpec(
        "view.cheatsheet",
        "&Keyboard Cheat Sheet",
        "show_cheatsheet",
        ("F1",),
        "view",
        list_keys=("?",),
        inbox_keys=("?",),
    ),
    ActionSpec(
        "view.sidebar", "Show or Hide the &Sidebar", "toggle_sidebar", ("Ctrl+Shift+B",), "view"
    ),
    ActionSpec(
        "view.details",
        "Show or Hide the &Detail Pane",
        "toggle_details",
        ("Ctrl+Shift+D",),
        "view",
    ),
    ActionSpec("inbox.next", "Next Inbox Item", "inbox_next", (), None, inbox_keys=("J",)),
    ActionSpec(
        "inbox.previous", "Previous Inbox Item", "inbox_previous", (), None, inbox_keys=("K",)
    ),
    ActionSpec(
        "inbox.expand",
        "Expand or Collapse the Abstract",
        "inbox_expand",
        (),
        "inbox",
        inbox_keys=("Space",),
    ),
    ActionSpec(
        "inbox.add", "&Add to Library (To Read)", "inbox_add", (), "inbox", inbox_keys=("A",)
    ),
    ActionSpec(
        "inbox.reading", "Add as &Reading", "inbox_add_reading", (), "inbox", inbox_keys=("R",)
    ),
    ActionSpec("inbox.tags", "Add with &Tags…", "inbox_add_tagged", (), "inbox", inbox_keys=("T",)),
    ActionSpec("inbox.dismiss", "&Dismiss", "inbox_dismiss", (), "inbox", inbox_keys=("X",)),
    ActionSpec("inbox.later", "&Save for Later", "inbox_later", (), "inbox", inbox_keys=("S",)),
    ActionSpec(
        "inbox.open", "&Open the Paper's Page", "inbox_open", (), "inbox", inbox_keys=("O",)
    ),
    ActionSpec(
        "inbox.add_selected",
        "Add the Selected Items",
        "inbox_add_selected",
        (),
        "inbox",
        inbox_keys=("Shift+A",),
    ),
    ActionSpec(
        "inbox.dismiss_selected",
        "Dismiss the Selected Items",
        "inbox_dismiss_selected",
        (),
        "inbox",
        inbox_keys=("Shift+X",),
    ),
    ActionSpec("inbox.fetch", "&Fetch Feeds Now", "fetch_feeds", (), "inbox"),
    ActionSpec("inbox.feeds", "F&eeds…", "show_feeds", (), "file"),
    ActionSpec("help.about", "&About Papershelf", "show_about", (), "help"),
)


def _portable(keys: tuple[str, ...]) -> str:
    return (
        ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        if keys
        else ""
    )


def shortcut_text(spec: ActionSpec) -> str:
    """The keys of a command as shown to the user ("Ctrl+1 · 1 in the list")."""
    parts = []
    if spec.keys:
        parts.append(_portable(spec.keys))
    if spec.list_keys:
        parts.append(f"{_portable(spec.list_keys)} in the list")
    if spec.inbox_keys:
        parts.append(f"{_portable(spec.inbox_keys)} in the Inbox")
    return " · ".join(parts)


def plain_title(spec: ActionSpec) -> str:
    return spec.title.replace("&", "")


class ActionRegistry:
    """One QAction per spec (plus one for its list keys), wired to the window and its menus."""

    def __init__(
        self,
        window: QMainWindow,
        list_widget: QWidget,
        overrides: dict[str, tuple[str, ...]] | None = None,
        inbox_widget: QWidget | None = None,
    ) -> None:
        self.actions: dict[str, QAction] = {}
        self.list_actions: dict[str, QAction] = {}
        self.inbox_actions: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        bar = window.menuBar()
        for key, title in MENUS:
            menus[key] = bar.addMenu(title)
        for spec in ACTIONS:
            callback = getattr(window, spec.callback)
            action = QAction(spec.title, window)
            action.setObjectName(spec.id)
            action.triggered.connect(callback)
            if spec.context == "list":
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                list_widget.addAction(action)
            else:
                window.addAction(action)
            if spec.menu:
                menus[spec.menu].addAction(action)
            self.actions[spec.id] = action
            if spec.list_keys:
                single = QAction(spec.title, list_widget)
                single.setObjectName(f"{spec.id}:list")
                single.setShortcuts([QKeySequence(k) for k in spec.list_keys])
                single.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                single.triggered.connect(callback)
                list_widget.addAction(single)
                self.list_actions[spec.id] = single
            if spec.inbox_keys and inbox_widget is not None:
                single = QAction(spec.title, inbox_widget)
                single.setObjectName(f"{spec.id}:inbox")
                single.setShortcuts([QKeySequence(k) for k in spec.inbox_keys])
                single.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                single.triggered.connect(callback)
                inbox_widget.addAction(single)
                self.inbox_actions[spec.id] = single
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Toolbar")
        for spec in ACTIONS:
            if spec.toolbar:
                toolbar.addAction(self.actions[spec.id])
        self.toolbar = toolbar
        self.apply(overrides or {})

    def apply(self, overrides: dict[str, tuple[str, ...]]) -> None:
        """Set every command's window keys: the user's where given, else the defaults."""
        for spec in ACTIONS:
            keys = overrides.get(spec.id, spec.keys)
            self.actions[spec.id].setShortcuts([QKeySequence(k) for k in keys])
        self.sync_shortcut_hints()

    def sync_shortcut_hints(self) -> None:
        # Menus show the window shortcut; the list keys are in the cheat sheet and palette.
        for spec in ACTIONS:
            single = spec.list_keys or spec.inbox_keys
            if single and not spec.keys and spec.menu:
                self.actions[spec.id].setShortcut(QKeySequence())
                self.actions[spec.id].setText(f"{spec.title}\t{_portable(single)}")

    def context_menu(self, parent: QWidget) -> QMenu:
        """The paper list's context menu: the Paper menu's commands, from the same table."""
        menu = QMenu(parent)
        for spec in ACTIONS:
            if spec.menu == "paper":
                menu.addAction(self.actions[spec.id])
        return menu

    def qaction(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def set_selection(self, has_selection: bool) -> None:
        for spec in ACTIONS:
            if spec.needs_selection:
                self.actions[spec.id].setEnabled(has_selection)
                if spec.id in self.list_actions:
                    self.list_actions[spec.id].setEnabled(has_selection)


def keyboard_markdown() -> str:
    """docs/keyboard.md, generated from the registry."""
    lines = [
        "# Keyboard",
        "",
        "Generated from the command registry (`desktop/papershelf/gui/actions.py`) by",
        "`python -m papershelf.gui.keyboard_doc`; a test keeps it in step.",
        "",
        "Every command is in the command palette (Ctrl+K or Ctrl+Shift+P): type a few letters",
        "of its name; typing a paper's title there jumps to the paper. Single keys work while",
        "the paper list has focus (Esc from the search bar returns to it), so",
        "`/ gpipe Esc 3` finds GPipe and marks the best hit as read. `?` shows this table.",
        "The Inbox (`g i`) has keys of its own for triage ([discover.md](discover.md)).",
        "Keys can be changed in File → Keyboard Shortcuts… (conflicts are shown).",
        "",
        "![The command palette](screenshots/command-palette.png)",
        "![The cheat sheet](screenshots/cheat-sheet.png)",
        "",
        "| command | keys | list keys | Inbox keys |",
        "|---|---|---|---|",
    ]
    for spec in ACTIONS:
        keys = _portable(spec.keys)
        list_keys = _portable(spec.list_keys)
        inbox_keys = _portable(spec.inbox_keys)
        lines.append(f"| {plain_title(spec)} | {keys} | {list_keys} | {inbox_keys} |")
    return "\n".join(lines) + "\n"
