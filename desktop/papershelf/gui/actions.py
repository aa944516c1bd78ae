"""The command registry: one `Command` per spec, triggered the same way from everywhere.

A menu item, a window shortcut, a single key in the list, a `g` chord on the statistics
page, a toolbar button and the palette all end in `Command.trigger`, so a disabled command
is disabled for every trigger, and a key the user assigns works in the mode it was assigned
to. Handlers are bound by the controllers that own them (`bind`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from papershelf.gui.commands import BY_ID, COMMANDS, MENUS, CommandSpec
from papershelf.gui.keymap import MODES, Keys, Overrides, effective, native

log = logging.getLogger(__name__)


class Command(QObject):
    """A command with its handler and its enabled state; every trigger comes through here."""

    def __init__(self, spec: CommandSpec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.handler: Callable[[], object] | None = None
        self.enabled = True
        self.actions: list[QAction] = []  # the menu action first, then one per mode

    def trigger(self) -> None:
        if not self.enabled:
            return
        if self.handler is None:
            log.warning("command %s has no handler", self.spec.id)
            return
        self.handler()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        for action in self.actions:
            action.setEnabled(enabled)


class CommandRegistry:
    """Commands, their QActions per key mode, the menus and the toolbar of one window.

    `widgets` maps a mode to the widget that hears its keys (`window` is the main window).
    """

    def __init__(
        self,
        window: QMainWindow,
        widgets: Mapping[str, QWidget],
        overrides: Overrides | None = None,
    ) -> None:
        self.window = window
        self.widgets = dict(widgets)
        self.widgets["window"] = window
        self.commands: dict[str, Command] = {}
        self.mode_actions: dict[str, dict[str, QAction]] = {mode: {} for mode, _ in MODES}
        self.bindings: dict[str, dict[str, Keys]] = {}
        menus: dict[str, QMenu] = {key: window.menuBar().addMenu(title) for key, title in MENUS}
        for spec in COMMANDS:
            command = Command(spec, window)
            menu_action = QAction(spec.title, window)
            menu_action.setObjectName(spec.id)
            menu_action.triggered.connect(command.trigger)
            window.addAction(menu_action)
            if spec.menu:
                menus[spec.menu].addAction(menu_action)
            command.actions.append(menu_action)
            self.commands[spec.id] = command
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Toolbar")
        for spec in COMMANDS:
            if spec.toolbar:
                toolbar.addAction(self.qaction(spec.id))
        self.toolbar = toolbar
        self.apply(overrides)

    # ------------------------------------------------------------------ handlers
    def bind(self, command_id: str, handler: Callable[[], object]) -> None:
        """Give a command its handler (each controller binds the commands it owns)."""
        self.commands[command_id].handler = handler

    def bind_all(self, handlers: Mapping[str, Callable[[], object]]) -> None:
        for command_id, handler in handlers.items():
            self.bind(command_id, handler)

    def unbound(self) -> list[str]:
        return [cid for cid, c in self.commands.items() if c.handler is None]

    def trigger(self, command_id: str) -> None:
        self.commands[command_id].trigger()

    # ------------------------------------------------------------------ keys
    def apply(self, overrides: Overrides | None) -> None:
        """Bind every mode's keys: the defaults, with the user's changes (per mode)."""
        self.bindings = effective(overrides)
        window_keys = self.bindings["window"]
        for spec in COMMANDS:
            menu_action = self.qaction(spec.id)
            keys = window_keys.get(spec.id, ())
            menu_action.setShortcuts([QKeySequence(k) for k in keys])
            # A command with no window keys shows its page keys in the menu, as a hint only.
            hint = "" if keys else self._page_hint(spec.id)
            menu_action.setText(f"{spec.title}\t{hint}" if hint else spec.title)
        for mode, _ in MODES:
            if mode == "window":
                continue
            widget = self.widgets.get(mode)
            for action in self.mode_actions[mode].values():
                action.setShortcuts([])
            if widget is None:
                continue
            for command_id, keys in self.bindings[mode].items():
                action = self.mode_actions[mode].get(command_id) or self._mode_action(
                    mode, widget, self.commands[command_id]
                )
                action.setShortcuts([QKeySequence(k) for k in keys])

    def add_widgets(self, widgets: Mapping[str, QWidget]) -> None:
        """Pages built after the window: their modes' keys start working now."""
        self.widgets.update(widgets)
        for mode, widget in widgets.items():
            for command_id, keys in self.bindings[mode].items():
                action = self.mode_actions[mode].get(command_id) or self._mode_action(
                    mode, widget, self.commands[command_id]
                )
                action.setShortcuts([QKeySequence(k) for k in keys])

    def _mode_action(self, mode: str, widget: QWidget, command: Command) -> QAction:
        action = QAction(command.spec.title, widget)
        action.setObjectName(f"{command.spec.id}:{mode}")
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setEnabled(command.enabled)
        action.triggered.connect(command.trigger)
        widget.addAction(action)
        command.actions.append(action)
        self.mode_actions[mode][command.spec.id] = action
        return action

    def _page_hint(self, command_id: str) -> str:
        for mode in ("list", "inbox", "stats", "duplicates", "reader"):
            keys = self.bindings.get(mode, {}).get(command_id)
            if keys:
                return native(keys)
        return ""

    def keys(self, mode: str, command_id: str) -> Keys:
        return self.bindings.get(mode, {}).get(command_id, ())

    # ------------------------------------------------------------------ state, menus
    def qaction(self, command_id: str) -> QAction:
        """The command's menu action (its window shortcut)."""
        return self.commands[command_id].actions[0]

    def mode_action(self, mode: str, command_id: str) -> QAction:
        """The action that hears the command's keys in `mode`."""
        return self.mode_actions[mode][command_id]

    def set_selection(self, has_selection: bool) -> None:
        for command in self.commands.values():
            if command.spec.needs_selection:
                command.set_enabled(has_selection)

    def enabled(self, command_id: str) -> bool:
        return self.commands[command_id].enabled

    def context_menu(self, parent: QWidget) -> QMenu:
        """The paper list's context menu: the Paper menu's commands, from the same table."""
        menu = QMenu(parent)
        for spec in COMMANDS:
            if spec.menu == "paper":
                menu.addAction(self.qaction(spec.id))
        return menu


def spec(command_id: str) -> CommandSpec:
    return BY_ID[command_id]
