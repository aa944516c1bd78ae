"""Child processes die with their parent and never keep its locks.

Whoosh's multi-process writer forks workers. A forked child inherits every open file,
including the `flock`s on the index writer lock, the rebuild lock and the library's open
lock, and it outlives a parent killed by SIGKILL, SIGTERM or SIGHUP: the library then stays
locked until someone finds the leftover processes and kills them by hand. An at-fork hook
makes every forked child
1. ask the kernel for SIGKILL when its parent dies (Linux), or watch the parent elsewhere;
2. close the lock files it inherited, which a worker never needs: a lock then lives exactly
   as long as the process that took it.

`subprocess` children (the PDF worker) do not run at-fork hooks; they call `die_with_parent`
themselves.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
PARENT_ENV = "PAPERSHELF_PARENT_PID"
"""Set for a subprocess worker: the pid it must not outlive."""
WATCH_INTERVAL = 0.5
"""Seconds between parent checks where the kernel cannot signal a parent's death."""

_installed = False
_parent_pid = 0


def is_lock_file(name: str) -> bool:
    """Whoosh's `papers_WRITELOCK`, our `index.rebuild.lock` and `.open-lock`."""
    return name.lower().endswith("lock")


def close_inherited_locks() -> int:
    """Close every descriptor on a lock file; returns how many were closed (Linux only)."""
    fd_dir = "/proc/self/fd"
    try:
        fds = os.listdir(fd_dir)
    except OSError:
        return 0
    closed = 0
    for entry in fds:
        try:
            fd = int(entry)
            target = os.readlink(f"{fd_dir}/{entry}")
        except (ValueError, OSError):
            continue
        if target.startswith("/") and is_lock_file(os.path.basename(target)):
            with contextlib.suppress(OSError):
                os.close(fd)
                closed += 1
    return closed


def die_with_parent(parent_pid: int) -> None:
    """End this process as soon as `parent_pid` (its parent) is gone.

    On Linux the kernel sends SIGKILL (`PR_SET_PDEATHSIG`); if the parent died before the
    request was made, the process exits now. Elsewhere a daemon thread polls `getppid()`.
    """
    if sys.platform.startswith("linux") and _set_pdeathsig(signal.SIGKILL):
        if os.getppid() != parent_pid:
            os._exit(1)
        return
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()


def _set_pdeathsig(sig: int) -> bool:
    # ctypes is imported here (every start imports this module; only workers need it) and,
    # for forked children, by `install()` in the parent before any fork.
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)


def _before_fork() -> None:
    global _parent_pid
    _parent_pid = os.getpid()


def _after_fork_in_child() -> None:
    close_inherited_locks()
    die_with_parent(_parent_pid)


def install() -> None:
    """Make every later fork of this process a child that cannot outlive it (idempotent)."""
    global _installed
    if _installed or not hasattr(os, "register_at_fork"):
        return
    import ctypes.util  # noqa: F401  (the child's hook uses it: no import after the fork)

    os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
    _installed = True


def follow_parent_from_env() -> None:
    """For a subprocess worker: die with the pid in `PAPERSHELF_PARENT_PID`, if set."""
    value = os.environ.get(PARENT_ENV, "")
    if value.isdigit():
        die_with_parent(int(value))
