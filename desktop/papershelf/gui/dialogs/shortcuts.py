"""Preferences → Shortcuts: edit any command's keys, see conflicts, reset to defaults."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
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

from papershelf.gui.actions import ACTIONS, ActionSpec, plain_title

SETTINGS_GROUP = "shortcuts"


def load_overrides() -> dict[str, tuple[str, ...]]:
    """The user's keys per command id (only commands the user changed)."""
    settings = QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    out: dict[str, tuple[str, ...]] = {}
    for key in settings.childKeys():
        value = settings.value(key)
        keys = [value] if isinstance(value, str) else list(value or [])
        out[key] = tuple(str(k) for k in keys if str(k))
    settings.endGroup()
    return out


def save_overrides(overrides: dict[str, tuple[str, ...]]) -> None:
    settings = QSettings()
    settings.remove(SETTINGS_GROUP)
    settings.beginGroup(SETTINGS_GROUP)
    for action_id, keys in overrides.items():
        settings.setValue(action_id, list(keys))
    settings.endGroup()


def effective_keys(spec: ActionSpec, overrides: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return overrides.get(spec.id, spec.keys)


def conflicts(keys_by_id: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Key sequences bound to more than one command (window keys also fire in the list)."""
    owners: dict[str, list[str]] = {}
    for spec in ACTIONS:
        seqs = list(keys_by_id.get(spec.id, ())) + list(spec.list_keys)
        for key in seqs:
            norm = QKeySequence(key).toString()
            if norm:
                owners.setdefault(norm, []).append(spec.id)
    return {k: v for k, v in owners.items() if len(set(v)) > 1}


class ShortcutsDialog(QDialog):
    def __init__(self, overrides: dict[str, tuple[str, ...]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Shortcuts")
        self.resize(620, 560)
        self.keys: dict[str, tuple[str, ...]] = {
            s.id: effective_keys(s, overrides) for s in ACTIONS
        }
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Command", "Keys", "In the list"])
        self.tree.setColumnWidth(0, 300)
        self.tree.setAccessibleName("Commands and their keys")
        self.editor = QKeySequenceEdit(self)
        self.editor.setAccessibleName("New shortcut")
        assign = QPushButton("Assign", self)
        clear = QPushButton("Clear", self)
        reset = QPushButton("Reset all to defaults", self)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c62828")
        row = QHBoxLayout()
        row.addWidget(self.editor, 1)
        row.addWidget(assign)
        row.addWidget(clear)
        row.addWidget(reset)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        assign.clicked.connect(self._assign)
        clear.clicked.connect(lambda: self._set_current(()))
        reset.clicked.connect(self._reset)
        self._fill()

    def _fill(self) -> None:
        current = self.tree.currentItem()
        current_id = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.tree.clear()
        for spec in ACTIONS:
            item = QTreeWidgetItem(
                [
                    plain_title(spec),
                    ", ".join(self.keys[spec.id]),
                    ", ".join(spec.list_keys),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, spec.id)
            self.tree.addTopLevelItem(item)
            if spec.id == current_id:
                self.tree.setCurrentItem(item)
        found = conflicts(self.keys)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not found)
        self.warning.setText(
            "Conflicts: " + "; ".join(f"{k} is used by {', '.join(v)}" for k, v in found.items())
            if found
            else ""
        )

    def _set_current(self, keys: tuple[str, ...]) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        self.keys[str(item.data(0, Qt.ItemDataRole.UserRole))] = keys
        self._fill()

    def _assign(self) -> None:
        seq = self.editor.keySequence().toString()
        if seq:
            self._set_current((seq,))
            self.editor.clear()

    def _reset(self) -> None:
        self.keys = {s.id: s.keys for s in ACTIONS}
        self._fill()

    def overrides(self) -> dict[str, tuple[str, ...]]:
        """Only what differs from the defaults is stored."""
        return {s.id: self.keys[s.id] for s in ACTIONS if self.keys[s.id] != s.keys}
