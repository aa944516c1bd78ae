"""The main toolbar's look: fixed-size icon buttons whose tooltips name the command's keys.

The buttons are the registry's own actions (`CommandRegistry.toolbar`), so they trigger,
enable and disable exactly as the menu items do. A tooltip is written when it is asked for,
from the registry's current bindings and the action's current text ("Undo Mark as Read"),
so a key the user rebinds in the Shortcuts dialog shows at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolBar, QToolButton, QToolTip

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


class _Tooltips(QObject):
    """Answers a toolbar button's tooltip request with `tooltip()` at that moment."""

    def __init__(self, registry: CommandRegistry, buttons: dict[QToolButton, str]) -> None:
        super().__init__(registry.window)
        self._registry = registry
        self._buttons = buttons

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        command_id = self._buttons.get(watched)  # type: ignore[call-overload]
        if command_id is not None and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            QToolTip.showText(event.globalPos(), tooltip(self._registry, command_id), watched)  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)


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
    buttons: dict[QToolButton, str] = {}
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
            buttons[button] = command_id
    filt = _Tooltips(registry, buttons)
    for button in buttons:
        button.installEventFilter(filt)
    toolbar.setProperty("papershelf-dressed", True)
    return toolbar
