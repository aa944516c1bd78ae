"""File → Keyboard Shortcuts: any command's keys in any mode, conflicts shown, defaults back."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from papershelf.gui.commands import BY_ID, COMMANDS
from papershelf.gui.keymap import (
    DEFAULT_KEYS,
    MODE_NAMES,
    MODES,
    Keys,
    Overrides,
    changes_from,
    conflicts,
    effective,
    native,
)
from papershelf.gui.prefs import ShortcutChanges, load_overrides, save_overrides

__all__ = ["ShortcutChanges", "ShortcutsDialog", "load_overrides", "save_overrides"]

log = logging.getLogger(__name__)

"""mode → command id → keys, only where the user differs from the defaults."""


class ShortcutsDialog(QDialog):
    """Pick a mode, pick a command, press keys: Assign. OK stays off while keys collide."""

    def __init__(self, overrides: Overrides, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(680, 580)
        self.bindings: dict[str, dict[str, Keys]] = effective(overrides)
        self.mode = QComboBox(self)
        self.mode.setAccessibleName("Where the keys work")
        for key, name in MODES:
            self.mode.addItem(name, key)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Command", "Keys", "Default"])
        self.tree.setColumnWidth(0, 320)
        self.tree.setAccessibleName("Commands and their keys")
        self.editor = QKeySequenceEdit(self)
        self.editor.setAccessibleName("New shortcut")
        assign = QPushButton("Assign", self)
        add = QPushButton("Add", self)
        clear = QPushButton("Clear", self)
        reset = QPushButton("Reset all to defaults", self)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c62828")
        row = QHBoxLayout()
        row.addWidget(self.editor, 1)
        for button in (assign, add, clear, reset):
            row.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mode)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.mode.currentIndexChanged.connect(lambda _i: self._fill())
        assign.clicked.connect(lambda: self._assign(replace=True))
        add.clicked.connect(lambda: self._assign(replace=False))
        clear.clicked.connect(lambda: self._set_current(()))
        reset.clicked.connect(self._reset)
        self._fill()

    def current_mode(self) -> str:
        return str(self.mode.currentData())

    def select(self, mode: str, command_id: str) -> None:
        """Show `mode` and make `command_id` the current row (keyboard users, tests)."""
        self.mode.setCurrentIndex(self.mode.findData(mode))
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == command_id:
                self.tree.setCurrentItem(item)

    def _fill(self) -> None:
        mode = self.current_mode()
        current = self.tree.currentItem()
        current_id = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.tree.clear()
        keys = self.bindings.get(mode, {})
        defaults = DEFAULT_KEYS.get(mode, {})
        for spec in COMMANDS:
            item = QTreeWidgetItem(
                [
                    spec.plain_title,
                    native(keys.get(spec.id, ())),
                    native(defaults.get(spec.id, ())),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, spec.id)
            self.tree.addTopLevelItem(item)
            if spec.id == current_id:
                self.tree.setCurrentItem(item)
        found = conflicts(self.bindings)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not found)
        self.warning.setText(
            "Conflicts: "
            + "; ".join(
                f"{key} {MODE_NAMES[m].lower()} is used by "
                + ", ".join(BY_ID[i].plain_title for i in ids)
                for (m, key), ids in found.items()
            )
            if found
            else ""
        )

    def _set_current(self, keys: Keys) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        command_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        self.bindings.setdefault(self.current_mode(), {})[command_id] = keys
        self._fill()

    def _assign(self, *, replace: bool) -> None:
        seq = self.editor.keySequence().toString()
        item = self.tree.currentItem()
        if not seq or item is None:
            return
        command_id = str(item.data(0, Qt.ItemDataRole.UserRole))
        old = () if replace else self.bindings.get(self.current_mode(), {}).get(command_id, ())
        self._set_current((*old, seq))
        self.editor.clear()

    def _reset(self) -> None:
        self.bindings = effective(None)
        self._fill()

    def overrides(self) -> ShortcutChanges:
        """Only what differs from the defaults is stored."""
        return changes_from(self.bindings)
