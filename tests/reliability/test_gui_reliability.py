"""The window next to other writers, a refusing disk, hostile text and a second launch."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from papershelf.core.errors import LibraryDamagedError
from papershelf.core.models import ReadingStatus
from papershelf.gui.dialogs.damaged_library import recover
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.single_instance import InstanceServer, hand_over
from papershelf.library import Library
from papershelf.library.backups import backup_now
from PySide6.QtCore import QEvent, QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from tests.conftest import REPO, make_draft
from tests.gui.conftest import close_window, open_window

SMALL_LISTING = REPO / "tests" / "data" / "listing-small.txt"
CLI = [sys.executable, "-m", "papershelf"]


@pytest.fixture
def window(qtbot: QtBot, lib_path: Path, qt_settings: None) -> Iterator[MainWindow]:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(1, 7)])
    win = open_window(qtbot, lib_path)
    yield win
    close_window(win)


def _cli(lib_path: Path, *args: str) -> None:
    proc = subprocess.run(
        [*CLI, "--library", str(lib_path), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_a_cli_tag_shows_in_the_open_window_within_2_s(
    window: MainWindow, qtbot: QtBot, lib_path: Path
) -> None:
    window.lists.select([2])
    assert "from-cli" not in window.details.tags.text()
    _cli(lib_path, "tag", "2", "+from-cli")
    qtbot.waitUntil(lambda: "from-cli" in window.details.tags.text(), timeout=2000)
    assert "from-cli" in [name for name, _ in window.lib.tags()]


def test_a_cli_import_shows_in_the_open_window_within_2_s(
    window: MainWindow, qtbot: QtBot, lib_path: Path
) -> None:
    assert window.model.rowCount() == 6
    _cli(lib_path, "import", str(SMALL_LISTING))
    qtbot.waitUntil(lambda: window.model.rowCount() == 10, timeout=2000)


def test_the_window_and_the_cli_write_at_the_same_time(
    window: MainWindow, qtbot: QtBot, lib_path: Path
) -> None:
    script = (
        "import sys\n"
        "from papershelf.cli import main\n"
        "for i in range(12):\n"
        "    assert main(['--library', sys.argv[1], 'tag', str(i % 6 + 1), f'+cli{i}']) == 0\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(lib_path)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    statuses = list(ReadingStatus)
    gui_writes = 0
    while proc.poll() is None or gui_writes < 12:
        pid = gui_writes % 6 + 1
        window.lists.select([pid])
        window.editing.set_status([pid], statuses[gui_writes % 4])
        assert "Not saved" not in window.statusBar().currentMessage()
        gui_writes += 1
        qtbot.wait(5)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    with Library.open(lib_path) as lib:
        tags = {name for name, _ in lib.tags()}
        assert {f"cli{i}" for i in range(12)} <= tags
        last = (gui_writes - 1) % 6 + 1
        assert lib.get(last).status == statuses[(gui_writes - 1) % 4]
        assert lib.check().ok


def test_a_refused_note_is_kept_shown_as_not_saved_and_retried(
    window: MainWindow, qtbot: QtBot, lib_path: Path
) -> None:
    note = window.details.note
    window.lib._db.execute("PRAGMA busy_timeout = 50")
    window.lists.select([1])
    note.edit.setPlainText("precious thoughts that must survive")
    blocker = sqlite3.connect(lib_path / "library.sqlite", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the library: saves fail
    try:
        note.flush()
        assert note.unsaved_label.isVisible()
        assert "NOT SAVED" in note.unsaved_label.text()
        window.lists.select([2])  # moving on must not drop the refused text
        assert note.edit.toPlainText() != "precious thoughts that must survive"
        assert note.unsaved_notes() == {1: "precious thoughts that must survive"}
        window.lists.select([1])
        assert note.edit.toPlainText() == "precious thoughts that must survive"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(
        lambda: window.lib.get(1).note == "precious thoughts that must survive", timeout=6000
    )
    assert not note.unsaved_label.isVisible()
    assert note.unsaved_notes() == {}


def test_notes_and_abstracts_load_nothing_remote(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/pixel.png").respond_with_data(b"\x89PNG", content_type="image/png")
    url = httpserver.url_for("/pixel.png")
    hostile = f'<img src="{url}"><script>document.title = "ran"</script>'
    pid = window.lib.import_drafts(
        [make_draft(50, abstract=f"An abstract {hostile} with an image.")]
    ).paper_ids[0]
    window.lists.refresh()
    window.lists.select([pid])
    note = window.details.note
    title = window.windowTitle()
    note.edit.setPlainText(f"![tracker]({url})\n\nplain words\n\n{hostile}")
    for browser in (note.preview, window.details.abstract):
        browser.document().adjustSize()  # lays out, which is when images are requested
        browser.viewport().repaint()
    # Positive controls first: the preview has rendered this note and has asked for its
    # image (and refused it); only then do the absences below mean anything.
    qtbot.waitUntil(
        lambda: url in note.preview.refused and "plain words" in note.preview.toPlainText()
    )
    assert httpserver.log == [], "a remote image was fetched"
    # The abstract is shown as text: the markup is visible, not interpreted.
    assert "<img" in window.details.abstract.toPlainText()
    # The script neither ran (it would have set the title) nor shows up as text.
    assert window.windowTitle() == title
    assert "ran" not in note.preview.documentTitle()
    assert "document.title" not in note.preview.toPlainText()


def test_damaged_library_dialog_restores_the_backup(
    qtbot: QtBot, lib_path: Path, qt_settings: None
) -> None:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(12)])
    backup_now(lib_path, "manual")
    (lib_path / "library.sqlite").write_bytes(b"garbage" * 1000)
    with pytest.raises(LibraryDamagedError) as info:
        Library.open(lib_path)
    seen: list[str] = []

    def click_restore() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        texts = [b.text() for b in box.buttons()]
        seen.extend(texts)
        button = next(b for b in box.buttons() if b.text().startswith("Restore the backup from"))
        button.click()

    QTimer.singleShot(0, click_restore)
    opened: list[str] = []

    def open_library(path: str) -> bool:
        opened.append(path)
        return True

    assert recover(lib_path, info.value, open_library)
    assert opened == [str(lib_path)]
    assert any(t.startswith("Restore the backup from") and "UTC" in t for t in seen)
    assert "Open another library…" in seen
    assert "Quit" in seen
    with Library.open(lib_path) as lib:
        assert lib.count() == 12


def test_quit_in_the_damage_dialog_touches_nothing(
    qtbot: QtBot, lib_path: Path, qt_settings: None
) -> None:
    lib_path.mkdir()
    (lib_path / "library.sqlite").write_bytes(b"garbage" * 1000)
    with pytest.raises(LibraryDamagedError) as info:
        Library.open(lib_path)

    def click_quit() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Quit").click()

    QTimer.singleShot(0, click_quit)
    assert not recover(lib_path, info.value, lambda f: True)
    assert (lib_path / "library.sqlite").read_bytes() == b"garbage" * 1000


def test_a_second_launch_hands_its_files_to_the_running_window(
    qtbot: QtBot, lib_path: Path, tmp_path: Path
) -> None:
    assert not hand_over(lib_path, [], timeout_ms=200), "nobody is listening yet"
    server = InstanceServer(lib_path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.sig_activate, timeout=30_000) as signal:
            second = subprocess.Popen(
                [*CLI, "--library", str(lib_path), str(SMALL_LISTING)],
                cwd=REPO,
                stderr=subprocess.PIPE,
                text=True,
            )
        assert signal.args == [[str(SMALL_LISTING.resolve())]]
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert not (lib_path / "library.sqlite").exists(), "the second launch opened nothing"
    finally:
        server.close()


def test_a_note_cannot_make_the_preview_read_devices_or_network_shares(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = tmp_path / "figure.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    note = window.details.note
    window.lists.select([1])
    asked: list[str] = []
    load = note.preview.loadResource

    def recording(kind: int, name: QUrl | str) -> object:
        result = load(kind, name)  # the widget decides (and records a refusal) first
        asked.append(name if isinstance(name, str) else name.toString())
        return result

    monkeypatch.setattr(note.preview, "loadResource", recording)
    note.edit.setPlainText(
        f"![local]({picture.as_uri()}) ![zero](file:///dev/zero) ![share](file://server/share/x.png)"
    )
    note.preview.document().adjustSize()
    note.preview.viewport().repaint()
    # Positive control: all three images were asked for, so the absence below is a decision.
    qtbot.waitUntil(lambda: len(asked) >= 3)
    assert picture.as_uri() in asked
    assert "file:///dev/zero" in note.preview.refused  # would read forever
    assert "file://server/share/x.png" in note.preview.refused  # SMB on Windows
    assert picture.as_uri() not in note.preview.refused  # a small local picture is fine


def test_damage_inside_a_table_found_by_the_first_list_offers_the_restore(
    qtbot: QtBot, qapp: QApplication, lib_path: Path, qt_settings: None
) -> None:
    import sqlite3

    from papershelf.gui.app import GuiSession

    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(300)])
    backup_now(lib_path, "manual")
    db = lib_path / "library.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'papers_live_added'"
    ).fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page : root * page] = b"\xa5" * page  # the header is intact
    db.write_bytes(data)

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == "Quit").click()

    QTimer.singleShot(0, answer)
    session = GuiSession(qapp)
    try:
        assert not session.open_library(str(lib_path))  # the dialog, not a traceback
        assert session.window is None
    finally:
        session.close()
    assert any(t.startswith("Restore the backup from") for t in seen)


def test_pdf_given_on_the_command_line_becomes_a_paper(
    qtbot: QtBot, qapp: QApplication, lib_path: Path, tmp_path: Path, qt_settings: None
) -> None:
    from papershelf.gui.app import GuiSession

    from tests.pdf.make_pdf import make_pdf

    pdf = tmp_path / "handed.pdf"
    pdf.write_bytes(make_pdf(["Numbats eat termites", "lots of them"], title="Numbats"))
    session = GuiSession(qapp)
    try:
        assert session.open_library(str(lib_path))
        window = session.window
        assert window is not None
        session.import_files([str(pdf)])
        qtbot.waitUntil(lambda: window.lib.count() == 1, timeout=10_000)
        (pid,) = window.lib.list_ids()
        assert window.lib.get(pid).title == "Numbats"
    finally:
        session.close()


class _RefuseClose(QObject):
    """Stands for a window whose unsaved note makes the user cancel closing it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            event.ignore()
            return True
        return False


def test_switching_library_stays_put_when_the_old_window_refuses_to_close(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, qt_settings: None
) -> None:
    from papershelf.gui.app import GuiSession

    first, second = tmp_path / "first", tmp_path / "second"
    session = GuiSession(qapp)
    refuse = _RefuseClose()
    try:
        assert session.open_library(str(first))
        window = session.window
        assert window is not None
        window.installEventFilter(refuse)
        assert not session.open_library(str(second))
        assert session.window is window
        assert window.isVisible()
        window.lib.set_note(window.lib.import_drafts([make_draft(1)]).paper_ids[0], "still here")
        window.removeEventFilter(refuse)
    finally:
        session.close()
    with Library.open(first) as lib:
        assert lib.get(lib.list_ids()[0]).note == "still here"


def test_the_single_instance_server_follows_a_library_switch(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, qt_settings: None
) -> None:
    from papershelf.gui.app import GuiSession

    first, second = tmp_path / "first", tmp_path / "second"
    session = GuiSession(qapp)
    session.instance = InstanceServer(first)
    assert session.instance.listen()
    try:
        assert session.open_library(str(first))
        assert session.open_library(str(second))
        assert not hand_over(first, [], timeout_ms=300), "the old library has no window now"
        with qtbot.waitSignal(session.instance.sig_activate, timeout=5000):
            assert hand_over(second, [], timeout_ms=3000)
    finally:
        session.instance.close()
        session.close()
