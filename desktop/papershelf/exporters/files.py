"""Write export files so that a failed write (full disk, no folder) never costs the old file.

A plain `open(path, "w")` truncates the target before the first byte is written, so a full
disk leaves the user with an empty file where their old export was. Here the new content goes
to a temporary file beside the target, is flushed to disk, and only then replaces it.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from papershelf.core.errors import PapershelfError


class ExportError(PapershelfError):
    """An export that could not be written; the message names the file and why."""


def write_export(path: Path, text: str) -> None:
    """Write a text export (UTF-8) to `path`, replacing any file there only once it is whole.

    A symbolic link is followed, so the file it names is replaced. A device or pipe
    (`/dev/stdout`, a FIFO) is written into directly: there is no old file to keep.

    Raises:
        ExportError: the folder does not exist, the path is a folder, or writing failed; the
            old file, if any, is left as it was.
    """
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError) as exc:  # a NUL in the name, a symlink loop
        raise ExportError(f"{str(path)!r}: not a usable file name ({exc})") from exc
    write_file(real, text.encode("utf-8"), shown=path)


def write_file(path: Path, data: bytes, *, shown: Path | None = None) -> None:
    """Replace `path` with `data` atomically, keeping an existing file's permissions.

    A new file gets the permissions any new file gets (0o666 less the umask), not the 0o600
    of a temporary file. `path` is not resolved: a symbolic link there is replaced itself.

    Raises:
        ExportError: as for `write_export`; `shown` is the path named in the message.
    """
    name = shown if shown is not None else path
    try:
        info: os.stat_result | None = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"{name}: cannot write the export: {_reason(exc)}") from exc
    except ValueError as exc:  # a NUL character in the name
        raise ExportError(f"{str(name)!r}: not a usable file name") from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportError(f"{name}: is a folder; give the name of a file to write")
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode):
        _write_in_place(path, data, name)
        return
    if not path.parent.is_dir():
        raise ExportError(
            f"{name}: cannot write the export: the folder {path.parent} does not exist"
        )
    keep_mode = (
        stat.S_IMODE(info.st_mode) if info is not None and stat.S_ISREG(info.st_mode) else None
    )
    _replace(path, data, name, keep_mode)


def _replace(path: Path, data: bytes, name: Path, keep_mode: int | None) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Mode 0o666: the umask applies as for any new file (mkstemp would give 0o600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise ExportError(f"{name}: cannot write the export: {_reason(exc)}") from exc
    try:
        try:
            if keep_mode is not None:
                os.chmod(tmp, keep_mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        kept = " (the existing file was left as it was)" if keep_mode is not None else ""
        raise ExportError(f"{name}: cannot write the export: {_reason(exc)}{kept}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_in_place(path: Path, data: bytes, name: Path) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise ExportError(f"{name}: cannot write the export: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
