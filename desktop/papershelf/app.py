"""Composition root: `papershelf`, `papershelf-gui` and the bundled app all start here.

With a subcommand the command line runs. Without one the desktop window opens: on the
library of `--library DIR` (if given), importing the files named on the command line (what
a file manager's "Open with Papershelf" runs). The GUI is imported only then, so the command
line never loads Qt.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from papershelf import __version__
from papershelf.config.logs import logging_requested, setup_logging

# The command line's modules (every command, the HTTP client, the exporters) are imported
# only for a command, and the window's only for the window: a cold start pays for one.

VERBOSE_FLAGS = ("--verbose", "-v")
WORKER_SUFFIX = "-worker"
"""How the frozen app's worker flags end (`--pdf-worker`, `--index-worker`): only then are
their modules imported to compare (the PDF one alone took ~9 ms of every start)."""


def _run_worker(argv: Sequence[str]) -> int | None:
    """The frozen app running one of its own workers; None when `argv` asks for none."""
    from papershelf.library import index_worker
    from papershelf.pdf.run import FROZEN_FLAG

    if argv[0] == FROZEN_FLAG:  # its PDF worker (pdf/run.py)
        from papershelf.pdf import worker as pdf_worker

        return pdf_worker.main(list(argv[1:]))
    if argv[0] == index_worker.FROZEN_FLAG:  # its index worker (library/index_worker.py)
        return index_worker.main(list(argv[1:]))
    return None


def _command_names() -> set[str]:
    from papershelf import cli

    return set(cli.command_names())


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's arguments when `argv` asks for the GUI, else None (a CLI call).

    Positional arguments go to the window only when every one is an existing file and the
    first is not a command name: `papershelf refs.bib` opens the window and imports the file,
    `papershelf import refs.bib` stays the command line.
    """
    parser = argparse.ArgumentParser(prog="papershelf", add_help=False)
    parser.add_argument("--library", metavar="DIR")
    parser.add_argument("--smoke-test", action="store_true")
    try:
        args, rest = parser.parse_known_args(list(argv))
    except SystemExit:
        return None
    if any(item.startswith("-") for item in rest):
        return None
    if rest and (rest[0] in _command_names() or not all(Path(p).is_file() for p in rest)):
        return None
    args.files = [str(Path(p).resolve()) for p in rest]
    return args


def _take_verbose(argv: list[str]) -> tuple[list[str], bool]:
    """`--verbose` before the command (a global option) turns logging on; the CLI never sees it."""
    verbose = False
    out: list[str] = []
    seen_command = False
    for item in argv:
        if not seen_command and item in VERBOSE_FLAGS:
            verbose = True
            continue
        if not item.startswith("-"):
            seen_command = True
        out.append(item)
    return out, verbose


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].endswith(WORKER_SUFFIX):
        code = _run_worker(argv)
        if code is not None:
            return code
    argv, verbose = _take_verbose(argv)
    if argv == ["--version"]:
        # The windowed entry (pythonw, a bundle without a console) may have no stdout.
        if sys.stdout is not None:
            sys.stdout.write(f"papershelf {__version__}\n")
        return 0
    gui_args = _gui_arguments(argv)
    if gui_args is not None:
        if gui_args.smoke_test:
            from papershelf.gui.app import run_smoke_test

            return run_smoke_test()
        # No garbage collection while the window's modules load and it starts: `start_gui`
        # turns the collector back on after the first paint (its docstring says why).
        paused = gc.isenabled()
        gc.disable()
        from papershelf.gui.app import run_gui

        setup_logging(logging.DEBUG if verbose else logging.INFO)
        return run_gui(gui_args.library, files=gui_args.files, gc_paused=paused)
    if verbose or logging_requested():
        setup_logging(logging.DEBUG if verbose else logging.INFO)
        if verbose:
            _log_to_stderr()
    from papershelf import cli

    return cli.main(argv)


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("papershelf: %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def run() -> None:
    """Console-script entry point (also the bundle's: packaging/papershelf.py)."""
    sys.exit(main())
