"""Backup commands: backup, backups, restore-backup; and the hint printed for a damaged file.

None of them opens the library first: a damaged library file must still be listable and
restorable, and `backup` should copy the file as it is, not after an open has changed it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from papershelf.cli.output import Progress, emit_json
from papershelf.cli.registry import AddCommand
from papershelf.config.paths import DB_FILE
from papershelf.core.errors import LibraryDamagedError, StorageError
from papershelf.library import Library
from papershelf.library.backups import (
    backup_now,
    backups_dir,
    check_readable,
    find_backup,
    list_library_backups,
    restore_backup,
)


def restore_hint(exc: LibraryDamagedError, library: Path) -> str:
    """The exact command that restores the backup a damage error names."""
    if exc.backup is None:
        return "no backup exists; the damaged file is left untouched for recovery tools"
    name = Path(exc.backup).name
    return (
        f"to restore the backup from {exc.backup_date}, run:\n"
        f"  papershelf --library {shlex.quote(str(library))} restore-backup {name}"
    )


def cmd_backup(path: Path, args: argparse.Namespace) -> int:
    if not (path / DB_FILE).exists():
        raise StorageError(f"{path}: no library here to back up")
    check_readable(path / DB_FILE)
    made = backup_now(path, "manual")
    if args.json:
        emit_json({"backup": str(made), "size": made.stat().st_size})
    else:
        print(made)
    return 0


def cmd_backups(path: Path, args: argparse.Namespace) -> int:
    found = list_library_backups(path)
    infos = [b for b, _ in found]
    rows = [
        {
            "name": b.path.name,
            "path": str(b.path),
            "created": b.created.isoformat(),
            "reason": b.reason,
            "size": b.size,
            "papers": papers,
        }
        for b, papers in found
    ]
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print(f"no backups yet in {backups_dir(path)} (`papershelf backup` makes one)")
        return 0
    for info, row in zip(infos, rows, strict=True):
        papers = "unreadable" if row["papers"] is None else f"{row['papers']} papers"
        print(f"{info.label}  {info.size / 1024:>9.0f} KiB  {papers:>13}  {info.path.name}")
    return 0


def cmd_restore_backup(path: Path, args: argparse.Namespace) -> int:
    backup = find_backup(path, args.backup)
    report = restore_backup(path, backup)
    print(
        f"restored {backup.path.name} ({backup.label}, {report.papers} papers)",
        file=sys.stderr,
    )
    if report.saved_current is not None:
        print(f"the replaced library file was kept as {report.saved_current}", file=sys.stderr)
    print("rebuilding the search index from the restored library…", file=sys.stderr)
    with Library.open(path) as lib:
        report.indexed = lib.reindex(progress=Progress("indexing"))
    if args.json:
        emit_json(
            {
                "restored": str(report.restored),
                "saved_current": str(report.saved_current) if report.saved_current else None,
                "papers": report.papers,
                "indexed": report.indexed,
            }
        )
    else:
        print(f"restored {report.papers} papers from {backup.path.name}")
    return 0


def register(add: AddCommand) -> None:
    add("backup", cmd_backup, "back up the library file now (prints the backup's path)",
        opens_library=False)  # fmt: skip
    add("backups", cmd_backups, "list backups with date, size and paper count",
        opens_library=False)  # fmt: skip
    p = add(
        "restore-backup",
        cmd_restore_backup,
        "replace the library with a backup (default: the newest good one); "
        "the current file is backed up first",
        opens_library=False,
    )
    p.add_argument("backup", nargs="?", help="a name from `papershelf backups`, or a path")
