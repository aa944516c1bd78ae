"""Where the files of `resources/` (icons, the sample library) are on disk."""

from __future__ import annotations

from pathlib import Path

import papershelf


def find_resource(relative: str) -> Path | None:
    """A file or folder of `resources/`: inside the installed package, else in the checkout.

    A wheel and the bundle ship `resources/` as `papershelf/resources/`; a checkout (and an
    editable install) has it at the top of the repository. Here, not in `library.sample`:
    the window's icon needs it on every start, the sample's importers do not.

    Args:
        relative: the path below `resources/`, e.g. "icons/hicolor".

    Returns:
        The path on disk, or None when neither location has it.
    """
    # What importlib.resources.files("papershelf") gives for a package on disk (a zipped
    # one has no usable path either way), without importing importlib.resources.
    package = Path(papershelf.__file__).resolve().parent
    packaged = package / "resources" / relative
    if packaged.exists():
        return packaged
    checkout = package.parents[1] / "resources" / relative
    if checkout.exists():
        return checkout
    return None
