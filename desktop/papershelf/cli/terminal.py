r"""What reaches the terminal: stored text with its control characters made visible.

A title or tag is data from anywhere (a feed, a .bib file), and printed raw its escape
sequences would drive the terminal: `ESC ]0;…` retitles the window, `ESC [2J` clears the
screen, others have rewritten the clipboard. While a command runs, standard output and
standard error go through `TerminalText`, which spells such characters out (`\x1b`) and
turns a failed write into one clear error. Machine output (JSON, an export) is written to
the real stream (`raw_stdout`), exactly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, cast

from papershelf.core.errors import PapershelfError

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that make text display in another order than it is stored.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# Our own bold on/off (`output.bold`) passes; on its own it can only embolden text.
_UNSAFE_RE = re.compile(f"\x1b\\[[01]m|[{_CONTROL}]")
_KEPT = frozenset({"\x1b[1m", "\x1b[0m"})
_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class StandardOutputError(PapershelfError):
    """Standard output cannot be written (a full disk behind a redirect, a closed terminal)."""


def terminal_safe(text: str) -> str:
    r"""`text` with control characters spelled out as `\xNN` / `\uNNNN`; `\n` and tab kept."""
    if not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(_escape, text.replace("\r\n", "\n"))


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _KEPT:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_safe(text: str) -> str:
    r"""JSON text with DEL, C1 and bidi controls written as `\uNNNN` escapes (same values).

    `json.dumps` already escapes C0; these can only occur inside strings, so the escaped
    document parses to exactly the same data.
    """
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


class TerminalText:
    """A text stream that makes control characters visible before writing them.

    A failed write to standard output raises `StandardOutputError`, so the message says
    which stream failed; a broken pipe passes through as itself (the reader went away).
    """

    def __init__(self, raw: TextIO, *, is_stdout: bool) -> None:
        self.raw = raw
        self._is_stdout = is_stdout

    def write(self, text: str) -> int:
        try:
            self.raw.write(terminal_safe(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from exc
        return len(text)

    def flush(self) -> None:
        try:
            self.raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._failed(exc) from exc

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def __getattr__(self, name: str) -> object:
        return getattr(self.raw, name)

    def _failed(self, exc: OSError) -> Exception:
        if not self._is_stdout:
            return exc
        return StandardOutputError(f"cannot write to standard output: {_reason(exc)}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


@contextmanager
def terminal_streams() -> Iterator[None]:
    """Route `sys.stdout` and `sys.stderr` through `TerminalText` for the block."""
    saved = sys.stdout, sys.stderr
    if isinstance(sys.stdout, TerminalText) or sys.stdout is None or sys.stderr is None:
        yield  # already routed (a command run from a command), or no streams at all
        return
    sys.stdout = cast(TextIO, TerminalText(sys.stdout, is_stdout=True))
    sys.stderr = cast(TextIO, TerminalText(sys.stderr, is_stdout=False))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw_stdout() -> TextIO:
    """The real standard output, for machine-readable text that must be written exactly."""
    stream: object = sys.stdout
    return stream.raw if isinstance(stream, TerminalText) else sys.stdout


def write_stdout(text: str, *, exact: bool = False) -> None:
    """Write `text` to standard output, naming standard output in the error if that fails.

    Args:
        text: what to write.
        exact: machine-readable data (an export): written unchanged unless standard output is
            a terminal, where it is made safe like any other text.

    Raises:
        StandardOutputError: the write or the flush failed (BrokenPipeError passes through).
    """
    stream = raw_stdout() if exact and not sys.stdout.isatty() else sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except StandardOutputError:
        raise
    except OSError as exc:
        raise StandardOutputError(f"cannot write to standard output: {_reason(exc)}") from exc


def flush_stdout() -> None:
    """Flush standard output, naming it in the error when that fails."""
    write_stdout("")
