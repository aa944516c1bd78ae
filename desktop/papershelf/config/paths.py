"""Where things live: the library folder and the folder of the user's own settings."""

from __future__ import annotations

import os
from pathlib import Path

# platformdirs is imported where a default folder is asked for: `--library DIR` and the
# environment variables need none of it (it loads tempfile, shutil: ~10 ms of a cold start).

ENV_LIBRARY = "PAPERSHELF_LIBRARY"
ENV_CONFIG_DIR = "PAPERSHELF_CONFIG_DIR"
"""Another folder for the user's own settings (portable installs, the smoke test)."""
DB_FILE = "library.sqlite"
INDEX_DIR = "index"
FILES_DIR = "files"


def default_library_dir() -> Path:
    """The platform's per-user data folder, e.g. ~/.local/share/papershelf/library."""
    from platformdirs import user_data_path

    return user_data_path("papershelf", appauthor=False) / "library"


def user_config_dir() -> Path:
    """The folder of the user's own settings, e.g. ~/.config/papershelf on Linux."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path("papershelf", appauthor=False)


def resolve_library_dir(
    cli_value: str | os.PathLike[str] | None = None, remembered: str | None = None
) -> Path:
    """The library folder the user asked for, most specific setting first.

    Args:
        cli_value: `--library DIR`, if given.
        remembered: the folder the window used last time, if any; `PAPERSHELF_LIBRARY`
            wins over it.
    """
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_LIBRARY)
    if env:
        return Path(env).expanduser()
    if remembered:
        return Path(remembered).expanduser()
    return default_library_dir()
