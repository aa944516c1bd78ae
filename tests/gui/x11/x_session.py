"""A private X server with a window manager, the real app in it, and keys sent by xdotool.

The keys-only tests (issue 19) need what pytest-qt offscreen cannot give: a window manager
that activates windows and hands focus back after a dialog, and key events that come from
the X server like a user's. Everything started here is stopped by `close`, and `leftovers`
says whether any of it still runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tests.conftest import REPO

WINDOW_TIMEOUT_S = 30


class XSession:
    """Xvfb on a free display (-displayfd), openbox, then `launch` the app on a library."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []
        read, write = os.pipe()
        self.xvfb = self._start(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
            pass_fds=(write,),
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # written once the server accepts clients
        if not number:
            raise RuntimeError("Xvfb did not start (no display number on -displayfd)")
        self.env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "CI")}
        self.env.update(
            DISPLAY=f":{number}",
            QT_QPA_PLATFORM="xcb",
            PAPERSHELF_CONFIG_DIR=str(tmp / "settings"),
            PYTHONPATH=str(REPO / "desktop"),
        )
        self.wm = self._start(["openbox", "--sm-disable"])
        self.app: subprocess.Popen[bytes] | None = None
        self.window = ""

    def _start(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        env = kwargs.pop("env", getattr(self, "env", None))
        log = open(self.tmp / f"{Path(argv[0]).name}.log", "ab")  # noqa: SIM115 - closed in close()
        self._logs.append(log)
        proc = subprocess.Popen(
            argv,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # its own process group: `close` stops its children too
            **kwargs,
        )
        self.procs.append(proc)
        return proc

    # ------------------------------------------------------------------ the app
    def launch(self, library: Path) -> None:
        """Start the app on `library` and wait until its window is shown and active."""
        self.app = self._start(
            [sys.executable, "-X", "faulthandler", "-m", "papershelf", "--library", str(library)]
        )
        found = self.xdotool(
            "search", "--sync", "--onlyvisible", "--name", "^Papershelf", timeout=WINDOW_TIMEOUT_S
        )
        self.window = found.split()[0]
        self.xdotool("windowactivate", "--sync", self.window)

    def quit(self) -> None:
        """Ctrl+Q: the window goes, and the process ends by itself with status 0.

        Title lookups an import started may still wait on a server: quitting never waits
        for them (they run on daemon threads).
        """
        self.keys("ctrl+q")
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        while self._visible():
            if time.monotonic() > deadline:
                raise AssertionError(f"Ctrl+Q did not close the window:\n{self.app_log()}")
            time.sleep(0.2)
        assert self.app is not None
        try:
            code = self.app.wait(timeout=WINDOW_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the app outlived its window:\n{self.app_log()}") from None
        assert code == 0, f"the app exited with {code}:\n{self.app_log()}"

    def _visible(self) -> bool:
        proc = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Papershelf"],
            env=self.env,
            capture_output=True,
            timeout=20,
            check=False,
        )
        return proc.returncode == 0

    def app_log(self) -> str:
        path = self.tmp / f"{Path(sys.executable).name}.log"
        return path.read_text("utf-8", "replace")[-3000:] if path.exists() else ""

    # ------------------------------------------------------------------ keys
    def xdotool(self, *args: str, timeout: float = 20) -> str:
        proc = subprocess.run(
            ["xdotool", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return proc.stdout

    def keys(self, *keys: str) -> None:
        """Key presses as the X server sends them to the focused window."""
        self.xdotool("key", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "40", text)

    def clipboard(self, path: Path) -> None:
        """Own the X clipboard with the file's text (xclip serves it until `close`)."""
        self._start(["xclip", "-quiet", "-selection", "clipboard", "-i", str(path)])

    # ------------------------------------------------------------------ the library, by the CLI
    def cli(self, library: Path, *args: str) -> Any:
        env = {k: v for k, v in self.env.items() if k != "DISPLAY"}
        proc = subprocess.run(
            [sys.executable, "-m", "papershelf", "--library", str(library), "--json", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return json.loads(proc.stdout)

    def wait_for(self, what: str, done: Callable[[], bool], timeout: float = 30) -> None:
        """Poll `done` (a CLI read) until it holds; fail naming `what` and the app's log."""
        deadline = time.monotonic() + timeout
        while not done():
            if self.app is not None and self.app.poll() is not None:
                raise AssertionError(f"the app exited while waiting for {what}:\n{self.app_log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}:\n{self.app_log()}")
            time.sleep(0.2)

    # ------------------------------------------------------------------ the end
    def close(self) -> None:
        """Stop everything started here (the app first), each with its process group."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        for log in self._logs:
            log.close()

    def leftovers(self) -> list[str]:
        """Processes still running from any group started here (the app's workers too)."""
        groups = {proc.pid for proc in self.procs}
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            state, pgid = fields[0], int(fields[2])
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            ours = pgid in groups or str(self.tmp) in cmdline
            if ours and state != "Z" and int(entry.name) != os.getpid():
                found.append(f"{entry.name}: {cmdline[:200]}")
        return found
