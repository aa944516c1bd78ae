"""The main toolbar's look: fixed-size icon buttons whose tooltips name the command's keys.

The buttons are the registry's own actions (`CommandRegistry.toolbar`), so they trigger,
enable and disable exactly as the menu items do. A tooltip is written whenever its action
changes, from the registry's current bindings and the action's current text ("Undo Mark as
Read"), so a key the user rebinds in the Shortcuts dialog shows at once.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QToolButton

from papershelf.gui import icons
from papershelf.gui.actions import CommandRegistry
from papershelf.gui.keymap import native

BUTTON = 34
ICON = 20


def command_keys(registry: CommandRegistry, command_id: str) -> str:
    """The command's keys as bound now: anywhere in the window, else in the list."""
    keys = registry.keys("window", command_id) or registry.keys("list", command_id)
    return native(keys) if keys else ""


def tooltip(registry: CommandRegistry, command_id: str) -> str:
    """The command's current title and its keys: "Undo Mark as Read (Ctrl+Z)"."""
    title = registry.qaction(command_id).text().split("\t")[0].replace("&", "")
    keys = command_keys(registry, command_id)
    return f"{title} ({keys})" if keys else title


def _retitle(registry: CommandRegistry, action: QAction, command_id: str) -> None:
    """Keep the action's tooltip (which its toolbar button shows) to `tooltip()`."""
    text = tooltip(registry, command_id)
    if action.toolTip() != text:  # setToolTip emits `changed` again: once is enough
        action.setToolTip(text)


def dress_toolbar(registry: CommandRegistry) -> QToolBar:
    """Give the registry's toolbar its icons, fixed button sizes and live tooltips."""
    toolbar = registry.toolbar
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setIconSize(QSize(ICON, ICON))
    has_icons = icons.available()
    toolbar.setToolButtonStyle(
        Qt.ToolButtonStyle.ToolButtonIconOnly
        if has_icons
        else Qt.ToolButtonStyle.ToolButtonTextOnly
    )
    for action in toolbar.actions():
        command_id = action.objectName()
        if not command_id:
            continue
        icon = icons.icon(command_id)
        action.setIcon(icon)
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            if icon.isNull():  # a command without a glyph in `icons.GLYPHS` keeps its name
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            elif has_icons:
                # The undo button's text changes with every edit ("Undo Mark as Read"):
                # a fixed size keeps the buttons after it where the hand expects them.
                button.setFixedSize(BUTTON, BUTTON)
            button.setAccessibleName(action.text().split("\t")[0].replace("&", ""))
            # A new title ("Undo Mark as Read") or keys (`registry.apply` sets the keys,
            # then the text, after the bindings) change the action: its tooltip follows.
            # Not an event filter answering ToolTip events: PySide builds every QEvent
            # subclass (~3 ms) before the first bare QEvent it hands to Python (issue 21).
            action.changed.connect(partial(_retitle, registry, action, command_id))
            _retitle(registry, action, command_id)
    toolbar.setProperty("papershelf-dressed", True)
    return toolbar
