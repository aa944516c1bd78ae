"""The single-instance socket: Python's on Unix, spoken the way QLocalServer/QLocalSocket do."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from papershelf.gui.single_instance import InstanceServer, hand_over, server_name, socket_path
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="named pipes: Qt's own sockets")


def test_the_socket_name_is_the_one_earlier_versions_listen_on(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    earlier = hashlib.sha256(str(lib.resolve()).encode()).hexdigest()[:16]
    assert server_name(lib) == f"papershelf-{earlier}"


def test_a_launch_finds_an_older_papershelf_listening_with_qt(qtbot: QtBot, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    older = QLocalServer()
    older.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    assert older.listen(server_name(lib)), older.errorString()
    received: list[bytes] = []

    def on_connection() -> None:
        sock = older.nextPendingConnection()
        sock.readyRead.connect(lambda: received.append(bytes(sock.readAll().data())))

    older.newConnection.connect(on_connection)
    try:
        assert older.fullServerName() == socket_path(server_name(lib))
        assert hand_over(lib, ["/papers/a.bib"])
        qtbot.waitUntil(lambda: b"".join(received).endswith(b"\n"))
        assert json.loads(b"".join(received)) == {"files": ["/papers/a.bib"]}
    finally:
        older.close()


def test_an_older_papershelf_launching_finds_this_one(qtbot: QtBot, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    server = InstanceServer(lib)
    assert server.listen()
    try:
        path = socket_path(server.name)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # this user's alone
        older = QLocalSocket()
        with qtbot.waitSignal(server.sig_activate, timeout=5000) as signal:
            older.connectToServer(server_name(lib))
            assert older.waitForConnected(1000)
            older.write(json.dumps({"files": ["/papers/b.ris"]}).encode() + b"\n")
            assert older.waitForBytesWritten(1000)
            older.disconnectFromServer()
        assert signal.args == [["/papers/b.ris"]]
    finally:
        server.close()
    assert not os.path.exists(path)
    assert not hand_over(lib, [])


def test_a_socket_left_by_a_crash_is_replaced(qtbot: QtBot, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    left = Path(socket_path(server_name(lib)))
    left.write_text("")  # what a killed instance leaves: a file nobody listens on
    assert not hand_over(lib, ["/papers/c.bib"])
    server = InstanceServer(lib)
    try:
        assert server.listen()
        with qtbot.waitSignal(server.sig_activate, timeout=5000) as signal:
            assert hand_over(lib, ["/papers/c.bib"])
        assert signal.args == [["/papers/c.bib"]]
        with qtbot.waitSignal(server.sig_activate, timeout=5000) as signal:
            assert hand_over(lib, [])  # a second launch without files: the window comes up
        assert signal.args == [[]]
    finally:
        server.close()
    assert not left.exists()


def test_a_closed_session_leaves_no_socket_behind(qapp: QApplication, tmp_path: Path) -> None:
    # The next launch then finds no file to try (and no stale socket in the temporary folder).
    from papershelf.gui.app import GuiSession

    lib = tmp_path / "lib"
    session = GuiSession(qapp)
    session.instance = InstanceServer(lib)
    assert session.instance.listen()
    assert os.path.exists(socket_path(server_name(lib)))
    session.close()
    assert not os.path.exists(socket_path(server_name(lib)))
