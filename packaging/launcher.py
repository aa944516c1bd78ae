"""The bundle's entry script: the same entry point as `papershelf-gui`.

PyInstaller freezes this file (see papershelf.spec); it is not part of the package, and
must not be named papershelf.py (it would shadow the package).
"""

import multiprocessing

from papershelf.app import run

if __name__ == "__main__":
    # Whoosh's bulk index builds use worker processes; a frozen app must let each child
    # run its task instead of starting another copy of the app.
    multiprocessing.freeze_support()
    run()
