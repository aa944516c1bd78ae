"""Hostile servers (issue 15 §3–§4): a feed that never ends, or trickles, never holds us.

Real loopback servers: pytest-httpserver streaming a generator, and a bare socket server for
headers sent one byte at a time. The client's deadline comes from a tiny `http_timeout`
(the deadline is a multiple of it), so each test takes a couple of seconds; the subprocess
and thread timeouts are guards against a hang, not measurements.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from papershelf.config.settings import Settings
from papershelf.library import Library
from papershelf.online.http import HttpClient, ServiceError
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import REPO

T = TypeVar("T")

GUARD = 60
TIMEOUT = 0.25
"""Per-read timeout of the client under test; the whole-request deadline is a few times it."""
ATOM_START = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    """Set at teardown so every streaming generator ends even if the client never hangs up."""
    event = threading.Event()
    yield event
    event.set()


def _trickle(stop: threading.Event, first: bytes = ATOM_START) -> Iterator[bytes]:
    yield first
    while not stop.wait(0.05):  # one byte every 50 ms: no single read ever times out
        yield b" "


def _endless(stop: threading.Event) -> Iterator[bytes]:
    chunk = b"<!-- " + b"x" * (1024 * 1024) + b" -->"
    yield ATOM_START
    for _ in range(4096):  # 4 GB at most, should the client never stop reading
        if stop.is_set():
            return
        yield chunk


def _serve(server: HTTPServer, path: str, body: Iterator[bytes]) -> str:
    def handler(request: Request) -> Response:
        return Response(body, mimetype="application/atom+xml", direct_passthrough=True)

    server.expect_request(path).respond_with_handler(handler)
    return server.url_for(path)


def _settings() -> Settings:
    return Settings(http_timeout=TIMEOUT, http_retries=0, arxiv_interval=0)


def _in_thread(fn: Callable[[], T]) -> T:
    """Call `fn` in a daemon thread; fail (not hang) if it is still running after GUARD s."""
    values: dict[str, T] = {}
    errors: dict[str, BaseException] = {}

    def run() -> None:
        try:
            values["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            errors["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GUARD)
    assert not thread.is_alive(), f"still running after {GUARD} s"
    if "error" in errors:
        raise errors["error"]
    return values["value"]  # set: run() returned without raising


def test_a_trickling_answer_is_given_up_at_the_deadline(
    server: HTTPServer, stop: threading.Event
) -> None:
    url = _serve(server, "/slow.xml", _trickle(stop))
    with HttpClient(_settings()) as client, pytest.raises(ServiceError) as info:
        _in_thread(lambda: client.get("Slow feed", url))
    assert "took longer than" in str(info.value)
    assert url in str(info.value)


def test_an_endless_answer_is_refused_past_the_size_cap(
    server: HTTPServer, stop: threading.Event
) -> None:
    url = _serve(server, "/endless.xml", _endless(stop))
    settings = _settings().with_changes(http_timeout=30.0)
    with HttpClient(settings) as client, pytest.raises(ServiceError) as info:
        _in_thread(lambda: client.get("Endless", url, max_bytes=8 * 1024 * 1024))
    assert "larger than 8 MB" in str(info.value)


def test_a_declared_oversized_answer_is_refused_unread(server: HTTPServer) -> None:
    server.expect_request("/big.json").respond_with_data(b"[" + b" " * 4096 + b"]")
    with HttpClient(_settings()) as client, pytest.raises(ServiceError, match="larger than"):
        client.get("Big", server.url_for("/big.json"), max_bytes=1024)


class _SlowHeaders:
    """A server that sends its status line and headers one byte at a time, forever."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"

    def _run(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 100_000
                for byte in head:
                    if self.stop.wait(0.05):
                        return
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


def test_headers_sent_a_byte_at_a_time_are_given_up_at_the_deadline() -> None:
    slow = _SlowHeaders()
    try:
        with HttpClient(_settings()) as client, pytest.raises(ServiceError) as info:
            _in_thread(lambda: client.get("Slow headers", slow.url))
        assert "took longer than" in str(info.value)
    finally:
        slow.close()


def _fetch_feeds(lib_path: Path, feeds: dict[str, str], **settings: float) -> str:
    with Library.open(lib_path) as lib:
        from papershelf.library.inbox import add_feed

        for name, url in feeds.items():
            add_feed(lib, url, name=name)
    (lib_path / "settings.json").write_text(
        json.dumps({"http_timeout": TIMEOUT, "http_retries": 0, **settings}), "utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(lib_path), "feeds", "fetch"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=GUARD,
        preexec_fn=_limit_memory,
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2, proc.stdout + proc.stderr
    return proc.stdout


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    # Without a cap the old client read an endless feed until the machine ran out of memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def _line(out: str, name: str) -> str:
    return next(line for line in out.splitlines() if name in line)


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_AS")
def test_feeds_fetch_gives_up_on_an_endless_feed(
    server: HTTPServer, stop: threading.Event, lib_path: Path
) -> None:
    url = _serve(server, "/endless.xml", _endless(stop))
    out = _fetch_feeds(lib_path, {"Endless": url, "Fine": _fine_feed(server)}, http_timeout=30)
    assert "larger than 16 MB" in _line(out, "Endless")
    assert "0 new of 0" in _line(out, "Fine")


def _fine_feed(server: HTTPServer) -> str:
    server.expect_request("/ok.xml").respond_with_data(
        ATOM_START + b"</feed>", content_type="application/atom+xml"
    )
    return server.url_for("/ok.xml")


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_AS")
def test_feeds_fetch_gives_up_on_a_trickling_feed(
    server: HTTPServer, stop: threading.Event, lib_path: Path
) -> None:
    url = _serve(server, "/slow.xml", _trickle(stop))
    out = _fetch_feeds(lib_path, {"Trickle": url, "Fine": _fine_feed(server)})
    assert "took longer than" in _line(out, "Trickle")
    assert "0 new of 0" in _line(out, "Fine")
