"""The dialog shown when the library file is damaged: restore a backup, open another, quit."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from papershelf.core.errors import LibraryDamagedError, PapershelfError
from papershelf.library.backups import find_backup, restore_backup


class Recovery(Enum):
    RESTORE = "restore"
    OTHER = "other"
    QUIT = "quit"


def damaged_dialog(
    exc: LibraryDamagedError, parent: QWidget | None = None
) -> tuple[QMessageBox, dict[object, Recovery]]:
    """The dialog and which of its buttons means what (tests click them by text)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Papershelf — the library is damaged")
    box.setText("The library file cannot be read.")
    if exc.backup:
        info = (
            f"The newest good backup is from {exc.backup_date}. Restoring it keeps a copy "
            "of the damaged file beside the backups, so nothing is thrown away."
        )
    else:
        info = "There is no backup of this library. The damaged file is left untouched."
    box.setInformativeText(info)
    box.setDetailedText(str(exc))
    choices: dict[object, Recovery] = {}
    if exc.backup:
        restore = box.addButton(
            f"Restore the backup from {exc.backup_date}", QMessageBox.ButtonRole.AcceptRole
        )
        choices[restore] = Recovery.RESTORE
        box.setDefaultButton(restore)
    other = box.addButton("Open another library…", QMessageBox.ButtonRole.ActionRole)
    choices[other] = Recovery.OTHER
    quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    choices[quit_] = Recovery.QUIT
    box.setEscapeButton(quit_)
    return box, choices


def ask_recovery(exc: LibraryDamagedError, parent: QWidget | None = None) -> Recovery:
    box, choices = damaged_dialog(exc, parent)
    box.exec()
    return choices.get(box.clickedButton(), Recovery.QUIT)


def recover(
    path: Path,
    exc: LibraryDamagedError,
    open_library: Callable[[str], bool],
    parent: QWidget | None = None,
) -> bool:
    """Ask what to do with a damaged library at `path`, do it, and say if a library opened.

    Restoring runs the same `restore_backup` as `papershelf restore-backup` (the damaged
    file is kept first); the index is rebuilt by the window's background indexer.
    """
    choice = ask_recovery(exc, parent)
    if choice is Recovery.RESTORE and exc.backup:
        try:
            restore_backup(path, find_backup(path, exc.backup))
        except PapershelfError as err:
            QMessageBox.critical(parent, "Papershelf", f"The backup was not restored:\n\n{err}")
            return False
        return open_library(str(path))
    if choice is Recovery.OTHER:
        folder = QFileDialog.getExistingDirectory(parent, "Open another library")
        return bool(folder) and open_library(folder)
    return False
