"""Quitting never waits for a server: title searches in flight do not keep the process alive."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from papershelf.library import Library

from tests.online.conftest import write_settings

SCRIPT = """
import sys, threading
from papershelf.library import Library
from papershelf.library.resolve import resolve
# As the window's network lane does: the library opened on the thread that resolves.
threading.Thread(target=lambda: resolve(Library.open(sys.argv[1])), daemon=True).start()
sys.stdin.readline()  # the test says when the server holds a search
"""


def test_a_process_quits_while_its_title_searches_wait_on_a_silent_server(
    tmp_path: Path,
) -> None:
    lib_path = tmp_path / "lib"
    # A server that would take two minutes to answer each search.
    write_settings(lib_path, http_timeout=120, http_retries=0)
    with Library.open(lib_path) as lib:
        lib.import_text(
            "@misc{a, title = {Sparse Attention Variants for Very Long Documents}}\n"
            "@misc{b, title = {Graph Transport Without Tears in Four Easy Steps}}\n"
        )
    silent = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    asked = threading.Event()

    def accept() -> None:
        while True:
            try:
                conn, _ = silent.accept()
            except OSError:
                return
            held.append(conn)  # read nothing, answer nothing
            asked.set()

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    env = {**os.environ, "PAPERSHELF_HF_API": url, "PAPERSHELF_ARXIV_API": url}
    env["PAPERSHELF_CROSSREF_API"] = url
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(lib_path)],
        stdin=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert asked.wait(60), "the search never reached the server"
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        # The searches would hold the process for 120 s; it ends as soon as its main thread.
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        silent.close()
        for conn in held:
            conn.close()
