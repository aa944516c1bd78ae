"""Reading and writing the small JSON settings files: atomically, never over a bad file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_json_atomic(path: Path, data: Any) -> None:
    """Write `data` as JSON to `path` all at once: a reader sees the old file or the new one.

    A temporary file in the same folder is written, flushed to disk and renamed over
    `path` (`os.replace` is atomic on one file system), so a crash or a full disk mid-write
    leaves the previous file intact.

    Raises:
        OSError: the folder cannot be created or written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.stem}-", delete=False
    ) as fh:
        tmp = Path(fh.name)
        try:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            fh.close()
            tmp.unlink(missing_ok=True)
            raise
    try:
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def set_aside(path: Path) -> Path:
    """Rename an unreadable file to `<name>.bad` (`.bad.1`, … if taken) and return the new path.

    Keeps what the user had for them to look at or repair, so the next save cannot destroy it.

    Raises:
        OSError: the file cannot be renamed.
    """
    target = path.with_name(path.name + ".bad")
    n = 0
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bad.{n}")
    os.replace(path, target)
    return target
