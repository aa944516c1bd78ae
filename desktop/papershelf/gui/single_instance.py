"""One window per library: a second launch hands its files to the running one and exits.

The running app listens on a local socket whose name is derived from the library path, so
two different libraries can be open at once, while a second launch on the same library
(a double-clicked .bib file, a "papershelf paper.pdf" from a script) connects to the first,
sends the files to import as one JSON line, and quits. The first window comes forward.

On Unix the socket is a Unix domain socket in Qt's temporary folder, where QLocalServer
puts one of that name (so launches of older versions still find each other), spoken to
with Python's `socket` and watched by a QSocketNotifier: loading QtNetwork for it took
~10 ms of every start (issue 21). Windows has named pipes instead: QLocalSocket there.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDir, QObject, QSocketNotifier, Signal

if TYPE_CHECKING:
    import _socket
    import socket

    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
NAMED_PIPES = sys.platform == "win32"
"""Windows: QLocalServer/QLocalSocket (named pipes); elsewhere a Unix socket from Python."""


def _sha256(data: bytes) -> str:
    try:  # Python's own SHA-256: hashlib would load OpenSSL (~3 ms of a start)
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:  # Python 3.12 calls it _sha2
        try:
            from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment, unused-ignore]
    return str(sha256(data).hexdigest())


def server_name(library: Path) -> str:
    """The socket name for a library: short (Unix socket paths are limited) and per user."""
    digest = _sha256(str(library.expanduser().resolve()).encode())[:16]
    return f"papershelf-{digest}"


def socket_path(name: str) -> str:
    """Where QLocalServer puts a socket called `name` on Unix: Qt's temporary folder."""
    return os.path.join(QDir.tempPath(), name)


def hand_over(library: Path, files: list[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Send `files` to the app already running on `library`; False when none is running."""
    message = json.dumps({"files": files}).encode() + b"\n"
    if NAMED_PIPES:
        return _hand_over_by_pipe(server_name(library), message, timeout_ms)
    path = socket_path(server_name(library))
    if not os.path.exists(path):
        return False  # no socket, no listener: the usual first launch needs no more
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout_ms / 1000)
        try:
            sock.connect(path)  # refused: a socket file left by an app that crashed
            sock.sendall(message)
        except OSError:
            return False
    return True


def _hand_over_by_pipe(name: str, message: bytes, timeout_ms: int) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(message)
    ok = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        sock.waitForDisconnected(timeout_ms)
    return ok


class InstanceServer(QObject):
    """Listens for later launches on the same library."""

    sig_activate = Signal(list)
    """(files): another launch asked for the window, with these files to import."""

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.name = server_name(library)
        # Unix: the listening socket, its notifier, and each connection's notifier → data.
        # Listening; `_socket.socket` until a launch connects (then `socket.socket`).
        self._socket: _socket.socket | None = None
        self._inode = 0  # the socket file's, to remove it on close only if still ours
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[QSocketNotifier, tuple[socket.socket, bytes]] = {}
        # Notifiers are Python's (no parent, no deleteLater: PySide crashed deleting one
        # later with its server); a finished one goes when the next connection comes, never
        # inside its own signal.
        self._finished: list[QSocketNotifier] = []
        # Windows: Qt's server (named pipes) and each connection's data.
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left by a crashed instance is replaced."""
        return self._listen_on_pipe() if NAMED_PIPES else self._listen_on_socket()

    def is_listening(self) -> bool:
        if NAMED_PIPES:
            return self._server is not None and self._server.isListening()
        return self._socket is not None

    def close(self) -> None:
        if NAMED_PIPES:
            if self._server is not None:
                self._server.close()
            return
        for notifier, (conn, _data) in list(self._clients.items()):
            self._drop(notifier, conn)
        if self._socket is None:
            return
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        path = socket_path(self.name)
        try:
            if os.stat(path).st_ino == self._inode:
                os.unlink(path)  # ours, not one a later instance put there
        except OSError:
            pass
        self._socket.close()
        self._socket = None

    def move_to(self, library: Path) -> bool:
        """Answer for `library` from now on (the window switched to it)."""
        if library == self.library:
            return self.is_listening()
        self.close()
        self.library = library
        self.name = server_name(library)
        return self.listen()

    # ------------------------------------------------------------------ Unix
    def _listen_on_socket(self) -> bool:
        # socket.py's own core: socket.py builds its enums and imports selectors (~3 ms of
        # a start); it is loaded when a later launch connects (`_on_connection`).
        import _socket

        path = socket_path(self.name)
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            # Only this user may connect (QLocalServer.UserAccessOption does the same): the
            # socket is made in a private folder, closed to others, then moved into place.
            private = tempfile.mkdtemp(prefix=".papershelf-", dir=os.path.dirname(path))
            try:
                made = os.path.join(private, "socket")
                sock.bind(made)
                os.chmod(made, 0o600)
                sock.listen(8)
                os.replace(made, path)
                self._inode = os.stat(path).st_ino
            finally:
                os.rmdir(private)
        except OSError as exc:
            sock.close()
            log.warning("single-instance server not started: %s", exc)
            return False
        sock.setblocking(False)
        self._socket = sock
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._on_connection)
        return True

    def _on_connection(self, *_args: Any) -> None:
        import socket

        self._finished.clear()
        if self._socket is not None and not isinstance(self._socket, socket.socket):
            self._socket = socket.socket(fileno=self._socket.detach())
            self._socket.setblocking(False)
        while isinstance(self._socket, socket.socket):
            try:
                conn, _address = self._socket.accept()
            except OSError:  # BlockingIOError: no more waiting
                return
            conn.setblocking(False)
            notifier = QSocketNotifier(conn.fileno(), QSocketNotifier.Type.Read)
            self._clients[notifier] = (conn, b"")
            notifier.activated.connect(lambda *_a, n=notifier: self._on_data(n))

    def _on_data(self, notifier: QSocketNotifier) -> None:
        if notifier not in self._clients:
            return
        conn, data = self._clients[notifier]
        try:
            chunk = conn.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        data += chunk
        if chunk and not data.endswith(b"\n"):
            self._clients[notifier] = (conn, data)
            return
        self._drop(notifier, conn)
        self._deliver(data)

    def _drop(self, notifier: QSocketNotifier, conn: socket.socket) -> None:
        self._clients.pop(notifier, None)
        notifier.setEnabled(False)
        self._finished.append(notifier)
        conn.close()

    # ------------------------------------------------------------------ Windows
    def _listen_on_pipe(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self._server is None:
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._on_pipe_connection)
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            log.warning("single-instance server not started: %s", self._server.errorString())
        return ok

    def _on_pipe_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            sock = server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._on_pipe_ready(s))
            sock.disconnected.connect(lambda s=sock: self._finish_pipe(s))

    def _on_pipe_ready(self, sock: QLocalSocket) -> None:
        self._buffers[sock] = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if self._buffers[sock].endswith(b"\n"):
            self._finish_pipe(sock)

    def _finish_pipe(self, sock: QLocalSocket) -> None:
        data = self._buffers.pop(sock, None)
        if data is None:
            return
        # No deleteLater(): the socket is the server's child and goes with it; deleting it
        # here as well crashes PySide when the server is deleted first.
        sock.disconnectFromServer()
        self._deliver(data)

    # ------------------------------------------------------------------ both
    def _deliver(self, data: bytes) -> None:
        try:
            message = json.loads(data.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("ignored a malformed message from another Papershelf launch")
            return
        files = message.get("files") if isinstance(message, dict) else None
        ok = isinstance(files, list) and all(isinstance(f, str) for f in files)
        self.sig_activate.emit(files if ok else [])
