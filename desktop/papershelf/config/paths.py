"""Which library folder to use: `--library`, then `PAPERSHELF_LIBRARY`, then the default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_LIBRARY = "PAPERSHELF_LIBRARY"
DB_FILE = "library.sqlite"
INDEX_DIR = "index"
FILES_DIR = "files"


def default_library_dir() -> Path:
    """The platform's per-user data folder, e.g. ~/.local/share/papershelf/library."""
    return user_data_path("papershelf", appauthor=False) / "library"


def resolve_library_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The library folder the user asked for, most specific setting first."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    return default_library_dir()
