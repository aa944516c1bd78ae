"""Key bindings as data: key mode → command id → key sequences.

A mode is where keys are heard. `window` keys work anywhere in the window (Ctrl+V imports
unless a text field has focus); the others only while their page has focus, so single
letters can mean something there without breaking typing elsewhere: `list` (the paper
list: `3` marks as read, Del trashes, Home/End go to the first/last paper),
`inbox` (triage: `a` adds a candidate), `stats` (the statistics page), `duplicates` (the
Duplicates page: `1`–`9` keep a paper, `m` merges), `reader` (the PDF reader: `j`/`k`
scroll, `h` highlights, `1`–`8` pick a colour).

The user's changes are kept per mode in the same shape (`UserSettings.shortcuts`): a
command missing from a mode keeps its default keys, an empty list means no keys.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtGui import QKeySequence

from papershelf.gui.commands import BY_ID, COMMANDS

Keys = tuple[str, ...]
Bindings = Mapping[str, Mapping[str, Keys]]
Overrides = Mapping[str, Mapping[str, "Keys | list[str]"]]

MODES: tuple[tuple[str, str], ...] = (
    ("window", "Anywhere"),
    ("list", "In the list"),
    ("inbox", "In the Inbox"),
    ("stats", "In Statistics"),
    ("duplicates", "In Duplicates"),
    ("reader", "In the Reader"),
)
MODE_NAMES = dict(MODES)

_GO = {
    "go.to_read": ("G, T",),
    "go.reading": ("G, R",),
    "go.read": ("G, D",),
    "go.inbox": ("G, I",),
    "go.stats": ("G, S",),
    "go.duplicates": ("G, Shift+D",),
    "view.library": ("G, L",),
}
"""The `g` chords: the same on every page."""

DEFAULT_KEYS: dict[str, dict[str, Keys]] = {
    "window": {
        "file.import": ("Ctrl+O",),
        # Anywhere but a text field (a field keeps Ctrl+V for itself): the welcome view,
        # the sidebar and the list all import what the clipboard holds.
        "file.paste": ("Ctrl+V",),
        "file.add_ids": ("Ctrl+Shift+N",),
        "file.export_selected": ("Ctrl+E",),
        "file.export_all": ("Ctrl+Shift+E",),
        "file.preferences": ("Ctrl+,",),
        "file.quit": ("Ctrl+Q",),
        "edit.undo": ("Ctrl+Z",),
        "edit.redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
        "edit.find": ("Ctrl+F",),
        "edit.save_search": ("Ctrl+S",),
        "edit.palette": ("Ctrl+K", "Ctrl+Shift+P"),
        "paper.to_read": ("Ctrl+1",),
        "paper.reading": ("Ctrl+2",),
        "paper.read": ("Ctrl+3",),
        "paper.dropped": ("Ctrl+4",),
        "paper.open": ("Ctrl+Return",),
        "paper.copy_key": ("Ctrl+Shift+C",),
        "view.library": ("Ctrl+L",),
        "view.cheatsheet": ("F1",),
        "view.sidebar": ("Ctrl+Shift+B",),
        "view.details": ("Ctrl+Shift+D",),
    },
    "list": {
        "paper.trash": ("Del",),
        "edit.undo": ("U",),
        "edit.find": ("/",),
        "paper.to_read": ("1",),
        "paper.reading": ("2",),
        "paper.read": ("3",),
        "paper.dropped": ("4",),
        "paper.priority_up": ("+", "="),
        "paper.priority_down": ("-",),
        "paper.tags": ("T",),
        "paper.edit_info": ("E", "F2"),
        "paper.note": ("N",),
        "paper.annotate": ("A",),
        "reader.open": ("O", "Return"),
        "paper.open": ("Shift+O",),
        "paper.toggle": ("X",),
        "paper.copy_key": ("Y",),
        "paper.copy_bibtex": ("Shift+Y",),
        "go.next": ("J",),
        "go.previous": ("K",),
        # The table's own Home/End move sideways, and with Ctrl they move the cursor
        # without the selection: these move both, to the first or last paper.
        "go.first": ("Home", "Ctrl+Home"),
        "go.last": ("End", "Ctrl+End"),
        **_GO,
        "go.list": ("Esc",),
        "view.cheatsheet": ("?",),
    },
    "inbox": {
        "edit.undo": ("U",),
        "go.stats": ("G, S",),
        "go.duplicates": ("G, Shift+D",),
        "view.library": ("G, L", "Esc"),
        "view.cheatsheet": ("?",),
        "inbox.next": ("J",),
        "inbox.previous": ("K",),
        "inbox.expand": ("Space",),
        "inbox.add": ("A",),
        "inbox.reading": ("R",),
        "inbox.tags": ("T",),
        "inbox.dismiss": ("X",),
        "inbox.later": ("S",),
        "inbox.open": ("O",),
        "inbox.add_selected": ("Shift+A",),
        "inbox.dismiss_selected": ("Shift+X",),
    },
    "stats": {
        **_GO,
        "view.library": ("G, L", "Esc"),
        "view.cheatsheet": ("?",),
    },
    "duplicates": {
        **_GO,
        "view.library": ("G, L", "Esc"),
        "view.cheatsheet": ("?",),
        "edit.undo": ("U",),
        "dup.next": ("J",),
        "dup.previous": ("K",),
        **{f"dup.master_{n}": (str(n),) for n in range(1, 10)},
        "dup.choose": ("Space", "Return"),
        "dup.merge": ("M",),
        "dup.not_duplicates": ("N",),
    },
    "reader": {
        "reader.back": ("Esc",),
        "reader.down": ("J", "Down"),
        "reader.up": ("K", "Up"),
        "reader.screen_down": ("Space", "PgDown"),
        "reader.screen_up": ("Shift+Space", "PgUp"),
        "reader.start": ("G, G", "Home"),
        "reader.end": ("Shift+G", "End"),
        "reader.next_page": ("]",),
        "reader.prev_page": ("[",),
        "reader.goto_page": ("P",),
        "reader.zoom_in": ("+", "="),
        "reader.zoom_out": ("-",),
        "reader.fit_width": ("0",),
        "reader.fit_page": ("Z",),
        "reader.continuous": ("S",),
        "reader.outline": ("O",),
        "reader.find": ("/",),
        "reader.next_hit": ("N",),
        "reader.prev_hit": ("Shift+N",),
        "reader.visual": ("V",),
        "reader.word_forward": ("W", "E"),
        "reader.word_back": ("B",),
        "reader.line_end": ("$",),
        "reader.line_start": ("^",),
        "reader.highlight": ("H",),
        "reader.comment": ("C",),
        "reader.copy_quote": ("Y",),
        "reader.delete_highlight": ("Shift+X",),
        **{f"reader.color_{n}": (str(n),) for n in range(1, 9)},
        "edit.undo": ("U",),
        "view.cheatsheet": ("?",),
    },
}


def normalize(key: str) -> str:
    """One spelling per key sequence ("ctrl+shift+z" and "Ctrl+Shift+Z" are one key)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def display(keys: Keys) -> str:
    """Keys as the user reads them: "Ctrl+1, 1", "t", "g t", "Shift+Y".

    A single letter is shown as typed (lower case), so `t` does not read like Shift+T; a
    chord's keys are separated by a space, alternatives by a comma.
    """
    return ", ".join(_display_sequence(k) for k in keys)


def _display_sequence(key: str) -> str:
    parts = []
    for combo in normalize(key).split(", "):  # a chord's keys ("G, T")
        text = QKeySequence(combo).toString(QKeySequence.SequenceFormat.NativeText)
        parts.append(text.lower() if len(text) == 1 and text.isalpha() else text)
    return " ".join(parts)


native = display
"""The older name of `display`."""


def effective(overrides: Overrides | None = None) -> dict[str, dict[str, Keys]]:
    """Every mode's bindings: the defaults with the user's changes applied."""
    out: dict[str, dict[str, Keys]] = {}
    for mode, _ in MODES:
        bound = dict(DEFAULT_KEYS.get(mode, {}))
        for command_id, keys in (overrides or {}).get(mode, {}).items():
            if command_id in BY_ID:
                bound[command_id] = tuple(str(k) for k in keys if str(k))
        out[mode] = {cid: keys for cid, keys in bound.items() if keys}
    return out


def changes_from(bindings: Bindings) -> dict[str, dict[str, list[str]]]:
    """What differs from the defaults, in the stored shape (mode → command → keys)."""
    out: dict[str, dict[str, list[str]]] = {}
    for mode, _ in MODES:
        default = DEFAULT_KEYS.get(mode, {})
        given = bindings.get(mode, {})
        for spec in COMMANDS:
            new = tuple(given.get(spec.id, ()))
            if tuple(map(normalize, new)) != tuple(map(normalize, default.get(spec.id, ()))):
                out.setdefault(mode, {})[spec.id] = list(new)
    return out


def heard_in(mode: str) -> tuple[str, ...]:
    """The modes whose keys fire while `mode`'s page has focus (window keys are heard too)."""
    return (mode,) if mode == "window" else (mode, "window")


def conflicts(bindings: Bindings) -> dict[tuple[str, str], list[str]]:
    """(mode, key) → the commands it would trigger, where that is more than one.

    A key in a page's mode collides with another command's key in the same mode, and with
    a window key (window shortcuts fire on every page too).
    """
    found: dict[tuple[str, str], list[str]] = {}
    for mode, _ in MODES:
        owners: dict[str, list[str]] = {}
        for heard in heard_in(mode):
            for command_id, keys in bindings.get(heard, {}).items():
                for key in keys:
                    norm = normalize(key)
                    if norm and command_id not in owners.setdefault(norm, []):
                        owners[norm].append(command_id)
        for key, ids in owners.items():
            if len(ids) > 1:
                found[(mode, key)] = ids
    return found


def bindings_of(command_id: str, bindings: Bindings) -> Iterator[tuple[str, Keys]]:
    """(mode, keys) for every mode that binds the command."""
    for mode, _ in MODES:
        keys = bindings.get(mode, {}).get(command_id, ())
        if keys:
            yield mode, tuple(keys)


def shortcut_text(command_id: str, bindings: Bindings) -> str:
    """A command's keys as shown to the user ("Ctrl+1 · 1 in the list")."""
    parts = []
    for mode, keys in bindings_of(command_id, bindings):
        name = MODE_NAMES[mode]
        suffix = "" if mode == "window" else f" {name[0].lower()}{name[1:]}"
        parts.append(f"{native(keys)}{suffix}")
    return " · ".join(parts)
