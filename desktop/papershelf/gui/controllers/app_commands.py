"""Window-wide commands: the palette, the cheat sheet, preferences, shortcuts, the library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from papershelf.gui.actions import CommandRegistry
from papershelf.gui.controllers.list_view import ListController
from papershelf.gui.keymap import shortcut_text
from papershelf.gui.prefs import Preferences, load_overrides, save_overrides
from papershelf.gui.shell import Shell
from papershelf.gui.theme import apply_font_size, apply_theme

if TYPE_CHECKING:
    from papershelf.gui.dialogs.cheatsheet import CheatSheet


class AppCommands(QObject):
    sig_switch_library = Signal(str)
    """The user chose another library folder."""

    def __init__(self, shell: Shell, lists: ListController, registry: CommandRegistry) -> None:
        super().__init__(shell.window)
        self.shell = shell
        self.lib = shell.session.lib
        self.lists = lists
        self.registry = registry
        self.recent: list[str] = []
        self.cheatsheet: CheatSheet | None = None

    def commands(self) -> dict[str, Callable[[], object]]:
        window = self.shell.window
        return {
            "edit.palette": self.show_palette,
            "view.cheatsheet": self.show_cheatsheet,
            "view.sidebar": lambda: self.shell.sidebar.setVisible(
                not self.shell.sidebar.isVisible()
            ),
            "file.preferences": self.show_preferences,
            "file.shortcuts": self.show_shortcuts,
            "file.switch": self.switch_library,
            "file.quit": window.close,
            "help.about": self.show_about,
        }

    def show_palette(self) -> None:
        from PySide6.QtWidgets import QDialog

        from papershelf.gui.dialogs.palette import CommandPalette

        has_selection = bool(self.lists.selected_ids())
        palette = CommandPalette(
            self.recent,
            self.lists.find_papers,
            lambda spec: (
                (has_selection or not spec.needs_selection) and self.registry.enabled(spec.id)
            ),
            self.shell.window,
            hint=lambda cid: shortcut_text(cid, self.registry.bindings),
        )
        if palette.exec() != QDialog.DialogCode.Accepted or palette.chosen is None:
            return
        choice = palette.chosen
        if choice.kind == "paper":
            self.lists.show_paper(int(choice.key))
            return
        command_id = str(choice.key)
        if command_id in self.recent:
            self.recent.remove(command_id)
        self.recent.insert(0, command_id)
        self.registry.trigger(command_id)

    def show_cheatsheet(self) -> None:
        from papershelf.gui.dialogs.cheatsheet import CheatSheet

        sheet = CheatSheet(self.registry.bindings, self.shell.window)
        sheet.setModal(False)
        sheet.show()
        self.cheatsheet = sheet

    def show_preferences(self) -> None:
        from PySide6.QtWidgets import QDialog

        from papershelf.gui.dialogs.preferences import PreferencesDialog

        prefs = Preferences()
        dialog = PreferencesDialog(prefs, self.lib.path, self.shell.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.apply_to(prefs)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, prefs.theme)
            apply_font_size(app, prefs.font_size)
            self.lists.fit_text_size()
        folder = dialog.library.text().strip()
        if folder and Path(folder).expanduser() != self.lib.path:
            self.sig_switch_library.emit(folder)

    def show_about(self) -> None:
        from papershelf.gui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.lib.path, self.shell.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_shortcuts(self) -> None:
        from PySide6.QtWidgets import QDialog

        from papershelf.gui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(load_overrides(), self.shell.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            save_overrides(dialog.overrides())
            self.registry.apply(dialog.overrides())

    def switch_library(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(
            self.shell.window, "Open or create a library folder", str(self.lib.path.parent)
        )
        if folder:
            self.sig_switch_library.emit(folder)
