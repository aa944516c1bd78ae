"""One window per library: a second launch hands its files to the running one and exits.

The running app listens on a local socket whose name is derived from the library path, so
two different libraries can be open at once, while a second launch on the same library
(a double-clicked .bib file, a "papershelf paper.pdf" from a script) connects to the first,
sends the files to import as one JSON line, and quits. The first window comes forward.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000


def server_name(library: Path) -> str:
    """The socket name for a library: short (Unix socket paths are limited) and per user."""
    digest = hashlib.sha256(str(library.expanduser().resolve()).encode()).hexdigest()[:16]
    return f"papershelf-{digest}"


def hand_over(library: Path, files: list[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Send `files` to the app already running on `library`; False when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(library))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(json.dumps({"files": files}).encode() + b"\n")
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return ok


class InstanceServer(QObject):
    """Listens for later launches on the same library."""

    sig_activate = Signal(list)
    """(files): another launch asked for the window, with these files to import."""

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.name = server_name(library)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed instance is removed first."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("single-instance server not started: %s", self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    def move_to(self, library: Path) -> bool:
        """Answer for `library` from now on (the window switched to it)."""
        if library == self.library:
            return self._server.isListening()
        self._server.close()
        self.library = library
        self.name = server_name(library)
        return self.listen()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._finish(s))

    def _on_ready(self, socket: QLocalSocket) -> None:
        self._buffers[socket] = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if self._buffers[socket].endswith(b"\n"):
            self._finish(socket)

    def _finish(self, socket: QLocalSocket) -> None:
        data = self._buffers.pop(socket, None)
        if data is None:
            return
        # No deleteLater(): the socket is the server's child and goes with it; deleting it
        # here as well crashes PySide when the server is deleted first.
        socket.disconnectFromServer()
        try:
            message = json.loads(data.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("ignored a malformed message from another Papershelf launch")
            return
        files = message.get("files") if isinstance(message, dict) else None
        ok = isinstance(files, list) and all(isinstance(f, str) for f in files)
        self.sig_activate.emit(files if ok else [])
