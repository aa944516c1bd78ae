"""Run a papershelf command in its own session and kill it when something has happened.

Kills are placed by events seen from outside (the process forked index workers, opened a
file, created a folder), not by fixed delays, so a kill lands where the test means it to
on a fast machine and a loaded one alike. Only the parent is signalled: its workers must
go by themselves, and `leftover` finds any that did not.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from papershelf.core.models import PaperDraft

from tests.conftest import REPO

GUARD = 300.0
"""Seconds after which a wait is a hang (a failure), never a measurement."""


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        out += [int(x) for x in text.split()]
    return out


def session_members(sid: int) -> list[int]:
    """Processes (other than zombies) whose session id is `sid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # Fields after the command name, which is in parentheses and may hold spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append(int(entry))
    return found


def has_open(pid: int, name: str) -> bool:
    """Whether `pid` has a file whose name ends with `name` open."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").endswith(name):
                return True
        except OSError:
            continue
    return False


@dataclass
class Killed:
    returncode: int
    fired: bool
    """The event happened and the signal was sent (False: the command ended first)."""
    workers: int
    """Child processes the command had when it was signalled."""


def papershelf(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "papershelf", "--library", str(library), *args]


def kill_when(
    cmd: Sequence[str],
    sig: int,
    event: Callable[[int], bool],
    *,
    after: float = 0.0,
) -> Killed:
    """Start `cmd`, wait for `event(pid)` (then `after` more seconds), send `sig`.

    Asserts that no process of the command's session survives it.
    """
    proc = subprocess.Popen(
        list(cmd),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=REPO,
    )
    fired = False
    workers = 0
    give_up = time.monotonic() + GUARD
    try:
        while proc.poll() is None:
            if event(proc.pid):
                if after:
                    time.sleep(after)
                workers = len(children(proc.pid))
                os.kill(proc.pid, sig)
                fired = True
                break
            assert time.monotonic() < give_up, f"{cmd} hung before the event"
            time.sleep(0.005)
        code = proc.wait(GUARD)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    left = leftover(proc.pid)
    assert not left, f"processes of ours still running after {signal.Signals(sig).name}: {left}"
    return Killed(code, fired, workers)


def leftover(sid: int, grace: float = 30.0) -> list[int]:
    """Members of session `sid` still alive after `grace` seconds (killed before returning).

    Workers told to die with their parent go within milliseconds; the grace only keeps a
    loaded machine from failing the test, and the survivors are killed so nothing leaks.
    """
    give_up = time.monotonic() + grace
    while (alive := session_members(sid)) and time.monotonic() < give_up:
        time.sleep(0.05)
    if alive:
        os.killpg(sid, signal.SIGKILL)
    return alive


def workers_started(pid: int) -> bool:
    return bool(children(pid))


# -------------------------------------------------------------- what the tests import
WORDS = (
    "diffusion",
    "transformer",
    "flow",
    "rectified",
    "sparse",
    "attention",
    "graph",
    "network",
    "policy",
    "gradient",
    "contrastive",
    "retrieval",
    "benchmark",
    "scaling",
    "kernel",
    "optimal",
    "transport",
)


def drafts(n: int, salt: str) -> list[PaperDraft]:
    rng = random.Random(salt)
    out = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(6)) + f" {salt} {i}"
        abstract = " ".join(rng.choice(WORDS) for _ in range(60)) + "."
        out.append(PaperDraft(title=title, abstract=abstract, authors=[f"Author{i} {salt}"]))
    return out


def listing(n: int, salt: str) -> str:
    parts = ["new", "Subscribe"]
    for d in drafts(n, salt):
        parts += [d.title, d.abstract or ""]
    return "\n\n".join(parts) + "\n"
