"""Starting the desktop app: QApplication, the library, the main window, crash reports.

`run_gui` is what `papershelf-gui` (and the bundle) runs; `GuiSession` is the running app,
which other entry points (a second instance forwarding its files) talk to;
`run_smoke_test` is the bundle's self-check.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from papershelf import __version__
from papershelf.config.logs import log_file, log_uncaught, setup_logging, stop_logging
from papershelf.config.paths import DB_FILE, ENV_CONFIG_DIR, resolve_library_dir
from papershelf.config.resources import find_resource
from papershelf.core.errors import LibraryDamagedError, PapershelfError
from papershelf.gui.settings_migration import migrate_qsettings
from papershelf.gui.single_instance import InstanceServer, hand_over
from papershelf.gui.theme import apply_font_size, apply_theme
from papershelf.library import Library

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from papershelf.gui.mainwindow import MainWindow

# Imported where used, not at start: the crash and error dialogs (QMessageBox), what a
# damaged library needs (its dialog, the backups), the smoke test's temporary folder. The
# first paint needs none of them (tests/gui/test_startup_imports.py).

log = logging.getLogger(__name__)

APP_ID = "io.github.papershelf.Papershelf"
"""The desktop id: the .desktop file's name, the icon's name, the AppStream id."""
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMOKE_QUERY = "attention"
SMOKE_TIMEOUT_S = 60.0


def app_icon() -> QIcon:
    """The application icon in every size we ship (empty when resources/ is missing)."""
    icon = QIcon()
    hicolor = find_resource("icons/hicolor")
    if hicolor is None:
        log.warning("the icon folder resources/icons/hicolor was not found")
        return icon
    for size in ICON_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


# ------------------------------------------------------------------------ system libraries
XCB_LIBRARIES: dict[str, str] = {
    # Qt's xcb platform plugin (libqxcb.so → libQt6XcbQpa.so.6) needs these beyond what QtGui
    # has already loaded; each with its Debian/Ubuntu package. A fresh Debian lacks the first
    # ones, and Qt then names only xcb-cursor in a long message (../shared/ci-notes.md).
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
}


def uses_xcb(env: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will open the window through its xcb (X11) plugin and nothing else.

    Args:
        env: the environment (`QT_QPA_PLATFORM`, `DISPLAY`, `WAYLAND_DISPLAY`...).
        platform: `sys.platform`.
    """
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return {name.split(":")[0].strip() for name in chosen.split(";") if name} == {"xcb"}
    # Qt tries Wayland first in a Wayland session and falls back to xcb: no verdict there.
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    return bool(env.get("DISPLAY")) and not wayland


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        from PySide6.QtCore import QLibraryInfo

        # Not on the system's search path, but maybe shipped next to Qt or in the bundle.
        dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)]
        dirs += [bundle] if (bundle := getattr(sys, "_MEIPASS", None)) else []
        return any((Path(d) / soname).is_file() for d in dirs)
    return True


def missing_xcb_packages(loadable: Callable[[str], bool] = _loadable) -> list[str]:
    """The packages of the xcb plugin's libraries that cannot be loaded, in install order."""
    return list(dict.fromkeys(p for lib, p in XCB_LIBRARIES.items() if not loadable(lib)))


def missing_libraries_message(packages: Sequence[str]) -> str:
    """One line telling what to install (Qt's own message is ten lines and names one)."""
    what = "library" if len(packages) == 1 else "libraries"
    names = " ".join(packages)
    return (
        f"papershelf: the window needs the system {what} {', '.join(packages)} "
        f"(Debian/Ubuntu: sudo apt install {names})"
    )


def check_system_libraries(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loadable: Callable[[str], bool] = _loadable,
) -> str | None:
    """The one-line complaint when the window cannot open for want of system libraries.

    Checked before the QApplication exists: once Qt fails to load its platform plugin, it
    prints its own message and aborts the process.
    """
    if not uses_xcb(os.environ if env is None else env, platform):
        return None
    missing = missing_xcb_packages(loadable)
    return missing_libraries_message(missing) if missing else None


GUI_SWITCH_INTERVAL = 0.0002
"""Seconds a busy thread keeps the GIL while another (the GUI thread) waits for it."""


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("papershelf")
    QCoreApplication.setApplicationName("papershelf")
    QCoreApplication.setApplicationVersion(__version__)
    # Wayland and the GNOME/KDE docks match the window to the installed launcher by this id.
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(argv or sys.argv[:1])
    # Workers (imports, indexing) compute in Python on other threads; the GUI thread asks for
    # the GIL back after each SQLite call and Qt event, and should not wait Python's 5 ms
    # each time (benchmarks/write_path.py: edits during an import, docs/performance.md).
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    # No application display name: Qt would append it to every window title, and the
    # titles already say "Papershelf — …" once (issue 19: "Papershelf — lib — Papershelf").
    app.setWindowIcon(app_icon())
    apply_theme(app)
    return app


# ------------------------------------------------------------------------ crash reports
def crash_dialog(report: str, parent: QWidget | None = None) -> QMessageBox:
    """The dialog an uncaught exception shows: what happened, where the log is, the details."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Papershelf — unexpected error",
        "Something went wrong inside Papershelf. Your library is saved after every change, "
        "so nothing you did before this is lost; the app keeps running.\n\n"
        f"If this happens again, please report it with the details below and the log file:\n"
        f"{log_file()}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setDetailedText(report)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def install_excepthook(is_running: Callable[[], bool]) -> None:
    """Log every uncaught exception and show it in a dialog instead of crashing silently.

    Args:
        is_running: whether the event loop runs; before (and after) it, the dialog blocks,
            so the user sees it before the process ends.
    """
    open_dialogs: list[QMessageBox] = []

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = log_uncaught(exc_type, exc, tb)
        if sys.stderr is not None:  # None in a windowed app without a console
            sys.stderr.write(report)
        if not isinstance(QApplication.instance(), QApplication) or len(open_dialogs) >= 3:
            return  # no GUI to show it in, or a storm of errors: the log has them all
        box = crash_dialog(report, QApplication.activeWindow())
        if not is_running():
            box.exec()
            return
        open_dialogs.append(box)
        box.finished.connect(lambda *_: open_dialogs.remove(box))
        box.show()

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        # Widgets belong to the GUI thread: from another thread, log only.
        report = log_uncaught(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
        if sys.stderr is not None:  # None in a windowed app without a console
            sys.stderr.write(report)

    sys.excepthook = hook
    threading.excepthook = thread_hook


# ------------------------------------------------------------------------ the session
class GuiSession:
    """The running app: the window on the current library, and what can be asked of it."""

    def __init__(self, app: QApplication) -> None:
        from papershelf.gui.prefs import Preferences

        self.app = app
        self.prefs = Preferences()
        apply_theme(app, self.prefs.theme)
        apply_font_size(app, self.prefs.font_size)
        self.window: MainWindow | None = None
        self.running = False
        self.instance: InstanceServer | None = None
        """Answers later launches on the open library (moved along when it switches)."""
        self.timeline: dict[str, float] = {}
        """When (`time.time()`) the last library opened, its window was built, shown and
        first painted: the log says how long a start took (so does benchmarks/gui.py)."""
        self._gc_to_resume = False

    def open_library(self, folder: str | None) -> bool:
        """Open (or switch to) the library in `folder`; False, after telling the user, if not."""
        from papershelf.gui.mainwindow import MainWindow

        path = resolve_library_dir(folder)
        try:
            # The index opens after the first paint (below), not while the window is built.
            started = time.time()
            lib = Library.open(path, indexing="background", index_later=True)
        except LibraryDamagedError as exc:
            from papershelf.gui.dialogs.damaged_library import recover

            log.error("the library %s is damaged: %s", path, exc)
            return recover(path, exc, self.open_library, self.window)
        except PapershelfError as exc:
            from PySide6.QtWidgets import QMessageBox

            log.error("cannot open the library %s: %s", path, exc)
            QMessageBox.critical(None, "Papershelf", f"The library cannot be opened:\n\n{exc}")
            return False
        log.info("opened the library %s", path)
        old = self.window
        if old is not None:
            # Not quitting while between windows; and if the old window says no (a note it
            # could not save yet), stay where we are.
            keep_running = self.app.quitOnLastWindowClosed()
            self.app.setQuitOnLastWindowClosed(False)
            try:
                closed = old.close()
            finally:
                self.app.setQuitOnLastWindowClosed(keep_running)
            if not closed:
                lib.close()
                return False
        opened = time.time()
        try:
            window = MainWindow(lib)
        except sqlite3.DatabaseError as exc:  # damage inside a table, found by the first list
            from papershelf.gui.dialogs.damaged_library import recover
            from papershelf.library.backups import damaged_error, is_damage

            lib.close()
            if not is_damage(exc):
                raise
            log.error("the library %s is damaged: %s", path, exc)
            self.window = None
            if old is not None:
                old.lib.close()
            return recover(path, damaged_error(path / DB_FILE, str(exc)), self.open_library, None)
        window.sig_switch_library.connect(self.open_library)
        self.window = window
        self.prefs.library = str(path)
        if self.instance is not None:
            self.instance.move_to(path)
        # Whoosh is imported and the index opened once the first page is on screen (or
        # sooner, if searched). Not on a zero timer after show(): a zero timer runs before
        # the first paint (offscreen at once, and X11 paints only when the server exposes).
        window.sig_first_paint.connect(lib.start_indexing, Qt.ConnectionType.QueuedConnection)
        self.timeline = {"start": started, "open": opened, "window": time.time()}
        window.sig_first_paint.connect(self._painted)
        window.show()
        self.timeline["shown"] = time.time()
        if old is not None:
            old.lib.close()
        return True

    def resume_gc_after_paint(self, paused: bool = True) -> None:
        """Turn the garbage collector back on after the window's first paint (`start_gui`)."""
        self._gc_to_resume = paused
        if "painted" in self.timeline or self.window is None:
            self._resume_gc()

    def _resume_gc(self) -> None:
        if self._gc_to_resume:
            self._gc_to_resume = False
            gc.enable()

    def _painted(self) -> None:
        self._resume_gc()
        t = self.timeline
        t["painted"] = time.time()
        if self.window is not None:  # for benchmarks/gui.py: what the first paint showed
            t["rest_built_at_paint"] = self.window.rest_built
            t["painted_by_paint_event"] = self.window.first_paint_was_painted
        log.info(
            "the window painted %.3f s after opening the library (open %.3f, window %.3f, "
            "show %.3f, paint %.3f)",
            t["painted"] - t["start"],
            t["open"] - t["start"],
            t["window"] - t["open"],
            t["shown"] - t["window"],
            t["painted"] - t["shown"],
        )

    def import_files(self, paths: Sequence[str]) -> None:
        """Import `paths` into the open library as File → Import… does, and raise the window.

        A file manager's "Open with Papershelf" ends here (and so can files a second
        instance forwards).
        """
        window = self.window
        if window is None or not paths:
            return
        log.info("importing %s", ", ".join(paths))
        # PDFs become papers (identified, looked up); reference files are imported.
        pdfs = [p for p in paths if p.lower().endswith(".pdf")]
        others = [p for p in paths if not p.lower().endswith(".pdf")]
        if pdfs:
            window.adding.add(pdfs, pdfs[0] if len(pdfs) == 1 else f"{len(pdfs)} PDFs")
        if others:
            window.import_paths(others)
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def activate(self, files: Sequence[str]) -> None:
        """Another launch on this library: bring the window forward, import its files."""
        if self.window is not None and not files:
            if self.window.isMinimized():
                self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()
        self.import_files(files)

    def exec(self) -> int:
        self.running = True
        try:
            return self.app.exec()
        finally:
            self.running = False

    def close(self) -> None:
        self._resume_gc()
        if self.instance is not None:
            self.instance.close()  # its socket file goes too: the next launch finds none
        if self.window is not None:
            self.window.close()
            self.window.lib.close()
            self.window = None


def run_gui(
    library: str | None = None, *, files: Sequence[str] = (), gc_paused: bool = False
) -> int:
    """Open the window on `library` (or the last or default library) and run until it closes.

    Args:
        library: the library folder from `--library`, if any.
        files: files to import once the window is open ("Open with Papershelf").
        gc_paused: the caller turned the garbage collector off (see `start_gui`).

    Returns:
        The exit status: 0, or 1 when no library could be opened or the system lacks
        libraries the window needs (said in one line on stderr).
    """
    session = start_gui(library, files=files, gc_paused=gc_paused)
    if not isinstance(session, GuiSession):
        return session
    code = session.exec()
    session.close()
    return code


def start_gui(
    library: str | None = None, *, files: Sequence[str] = (), gc_paused: bool = False
) -> GuiSession | int:
    """Everything `run_gui` does before its event loop: the window is shown (not painted).

    The cyclic garbage collector is off until the window's first paint: a start makes
    ~60,000 objects that live as long as the window (modules, classes, widgets), and the
    collector scanned them ~90 times on the way, 12-24 ms of a 0.35 s start (issue 21). The
    window freezes them when shown (`MainWindow.showEvent`); the collector resumes after.

    Args:
        library: the library folder from `--library`, if any.
        files: files to import once the window is open.
        gc_paused: the caller turned the collector off for the imports before this one
            (`papershelf.app.main`); it is turned back on as if this function had.

    Returns the running session, or the exit status when there is no window to run: 0 when
    another Papershelf on that library took the files, 1 on failure. benchmarks/gui.py
    times a start through this function.
    """
    paused = gc_paused or gc.isenabled()
    gc.disable()
    started: GuiSession | int = 1
    try:
        started = _start_gui(library, files)
    finally:
        if isinstance(started, GuiSession):
            started.resume_gc_after_paint(paused)
        elif paused:
            gc.enable()
    return started


def _start_gui(library: str | None, files: Sequence[str]) -> GuiSession | int:
    problem = check_system_libraries()
    if problem is not None:
        _say(sys.stderr, problem + "\n")
        return 1
    app = make_application()
    # Once: what older versions kept in QSettings moves into the settings files, before
    # anything reads them (the theme below, the last library, the window's keys and layout).
    migrate_qsettings(lambda user: resolve_library_dir(library, user.ui.last_library))
    session = GuiSession(app)
    install_excepthook(lambda: session.running)
    # `--library`, then $PAPERSHELF_LIBRARY, then the folder chosen last time, then the default.
    folder = resolve_library_dir(library, session.prefs.library)
    if hand_over(folder, list(files)):
        log.info("handed over to the Papershelf already running on %s", folder)
        return 0
    instance = InstanceServer(folder, app)
    instance.sig_activate.connect(session.activate)
    instance.listen()
    session.instance = instance
    if not session.open_library(str(folder)):
        return 1
    session.import_files(files)
    return session


# ------------------------------------------------------------------------ smoke test
class SmokeTestError(Exception):
    """A step of the smoke test failed; the message says which and why."""


def run_smoke_test(timeout: float = SMOKE_TIMEOUT_S) -> int:
    """Start the app on a temporary library, load the sample, search it, and quit.

    Nothing of the user's is read or written: library, settings and log live in a temporary
    folder that is removed afterwards.

    Returns:
        0 when every step worked, else 1 with the failed step and its reason on stderr.
    """
    import tempfile

    started = time.monotonic()
    # ignore_cleanup_errors: a failed step must be reported, not masked by the cleanup.
    with tempfile.TemporaryDirectory(prefix="papershelf-smoke-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(root / "settings"))
        config_dir = os.environ.get(ENV_CONFIG_DIR)
        os.environ[ENV_CONFIG_DIR] = str(root / "settings")  # the user's settings stay untouched
        setup_logging(directory=root / "log")
        try:
            found = _smoke(root / "library", started + timeout)
        except (SmokeTestError, PapershelfError, OSError) as exc:
            _say(sys.stderr, f"papershelf: smoke test failed: {exc}\n")
            log.error("smoke test failed: %s", exc)
            return 1
        except Exception as exc:  # noqa: BLE001 - a bug is a failed smoke test too: say which
            if sys.stderr is not None:
                traceback.print_exc()
            _say(sys.stderr, f"papershelf: smoke test failed: {type(exc).__name__}: {exc}\n")
            return 1
        finally:
            stop_logging()
            if config_dir is None:
                os.environ.pop(ENV_CONFIG_DIR, None)
            else:
                os.environ[ENV_CONFIG_DIR] = config_dir
    _say(
        sys.stdout,
        f"papershelf {__version__}: smoke test passed in {time.monotonic() - started:.1f} s "
        f"(sample loaded, {found} hits for {SMOKE_QUERY!r})\n",
    )
    return 0


def _say(stream: TextIO | None, text: str) -> None:
    """Write to stdout/stderr, which a windowed app without a console does not have."""
    if stream is not None:
        stream.write(text)


def _smoke(lib_path: Path, deadline: float) -> int:
    from papershelf.gui.mainwindow import MainWindow

    app = make_application()
    if app.windowIcon().isNull():
        raise SmokeTestError("the application icon was not found (resources/icons missing?)")
    lib = Library.open(lib_path, indexing="background")
    window: MainWindow | None = None
    try:
        window = MainWindow(lib)
        window.show()
        window.load_sample()  # through the window's worker thread, as the welcome view does
        _wait(app, lambda: not window.session.busy(), deadline, "loading the sample library")
        papers = window.model.rowCount()
        if papers == 0:
            raise SmokeTestError(
                f"the sample library did not load: {window.status_label.text() or 'no report'}"
            )
        if not lib.wait_for_index(max(1.0, deadline - time.monotonic())):
            raise SmokeTestError("the search index did not catch up in time")
        results = lib.search(SMOKE_QUERY)
        if not results.hits:
            raise SmokeTestError(f"searching the sample for {SMOKE_QUERY!r} found nothing")
        return results.total
    finally:
        if window is not None:
            window.close()
        lib.close()


def _wait(app: QApplication, done: Callable[[], bool], deadline: float, what: str) -> None:
    while not done():
        if time.monotonic() > deadline:
            raise SmokeTestError(f"timed out {what}")
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
