"""Run the extraction worker in a subprocess with a timeout and a memory cap.

A PDF is untrusted input: a decompression bomb, a cyclic page tree or a pathological content
stream can make PDFium or pypdf run for minutes or eat all memory. In a child process the worst case
is a killed child and a `PdfError` naming the file and the reason, never a hung app.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import papershelf
from papershelf.core import lifeline
from papershelf.core.errors import PapershelfError
from papershelf.pdf.annotated import Mark
from papershelf.pdf.extract import Extraction
from papershelf.pdf.worker import EXIT_FAILED, EXIT_TIMEOUT

MEMORY_LIMIT_MB = 2048
"""Address space the worker may use (Linux/BSD); far above any sane paper's needs."""
FROZEN_FLAG = "--pdf-worker"
"""In a frozen (PyInstaller) build the app binary runs the worker when given this first."""
_SNIFF_BYTES = 1024
_SIGXCPU: int | None = getattr(signal, "SIGXCPU", None)
"""What the worker dies of when it passes its CPU-time limit (not on Windows)."""
_SIGABRT: int | None = getattr(signal, "SIGABRT", None)
"""What the worker dies of when PDFium cannot allocate memory."""
# What the worker is doing and what it cannot do, as an error message says it.
EXTRACTING = ("text extraction", "cannot extract the text")
SEARCHING = ("the search in the PDF", "cannot search the PDF")
WRITING = ("writing the annotated copy", "cannot write the annotated copy")
READING = ("reading the annotations", "cannot read the annotations")
# What running out of address space looks like in the worker's output.
_MEMORY_MARKERS = ("MemoryError", "ran out of memory", "failed to map segment", "Cannot allocate")


class PdfError(PapershelfError):
    """A PDF that cannot be read, with the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def check_pdf_file(path: Path) -> None:
    """Fail early, and clearly, on a file that is missing or obviously not a PDF.

    Raises:
        PdfError: missing, not a regular file, unreadable, empty, or no `%PDF-` header.
    """
    try:
        if not path.is_file():
            reason = "no such file" if not path.exists() else "not a regular file"
            raise PdfError(path, reason)
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise PdfError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if not head:
        raise PdfError(path, "the file is empty")
    # Readers accept junk before the header within the first kilobyte; so do we.
    if b"%PDF-" not in head:
        raise PdfError(path, "not a PDF (no %PDF- header in its first kilobyte)")


def worker_command(
    path: Path, max_pages: int, memory_mb: int, max_seconds: float = 0, *extra: str
) -> list[str]:
    """The command line that runs the worker, in a source install or a frozen app."""
    args = [str(path), "--max-pages", str(max_pages), "--max-memory-mb", str(memory_mb)]
    if max_seconds > 0:
        args += ["--max-seconds", f"{max_seconds:g}"]
    args += extra
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_FLAG, *args]
    return [sys.executable, "-m", "papershelf.pdf.worker", *args]


def _child_env() -> dict[str, str]:
    # The child must import this very papershelf, even when the parent found it through a
    # sys.path tweak rather than an installed package.
    env = dict(os.environ)
    root = str(Path(papershelf.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(x for x in (root, env.get("PYTHONPATH")) if x)
    env[lifeline.PARENT_ENV] = str(os.getpid())  # the worker dies with this process
    return env


def extract_pdf(
    path: Path,
    *,
    max_pages: int,
    timeout: float,
    memory_mb: int = MEMORY_LIMIT_MB,
    task: tuple[str, str] = EXTRACTING,
) -> Extraction:
    """Extract text and metadata from `path` in a worker process.

    Args:
        path: the PDF.
        max_pages: pages whose text is extracted (the rest are only counted).
        timeout: seconds before the worker is killed.
        memory_mb: the worker's address-space limit (0: none).
        task: what an error message says was being done (`READING` when only the
            annotations are wanted).

    Raises:
        PdfError: the file is not a readable PDF, or the worker timed out, ran out of
            memory, crashed or returned nothing usable.
    """
    result = _run_worker(path, max_pages, timeout, memory_mb, task=task)
    try:
        return Extraction.from_json(result)
    except ValueError as exc:
        raise PdfError(path, f"{task[0]} returned unreadable output ({exc})") from exc


def locate_in_pdf(
    path: Path,
    text: str,
    *,
    page_label: str | None = None,
    timeout: float,
    memory_mb: int = MEMORY_LIMIT_MB,
) -> dict[str, Any] | None:
    """Where `text` is in the PDF, tolerant of line breaks and hyphens (worker process).

    Returns `{"page_index", "page_label", "text", "rects"}` for the first page that has it,
    trying the page labelled `page_label` first, or None.

    Raises:
        PdfError: as `extract_pdf`.
    """
    wanted = json.dumps({"text": text, "page_label": page_label}).encode("ascii")
    result = _run_worker(path, 0, timeout, memory_mb, "--find", stdin=wanted, task=SEARCHING)
    found = result.get("found")
    return found if isinstance(found, dict) else None


def write_annotated_pdf(
    source: Path,
    target: Path,
    marks: Sequence[Mark],
    *,
    timeout: float,
    memory_mb: int = MEMORY_LIMIT_MB,
) -> int:
    """Write a copy of `source` with `marks` as standard annotations (worker process).

    `source` is never written; `target` appears whole or not at all. Returns how many
    annotations were written (marks on pages the file does not have are left out).

    Raises:
        PdfError: as `extract_pdf`, or the copy could not be written.
    """
    payload = json.dumps([m.to_json() for m in marks]).encode("ascii")
    extra = ["--write-annotated", str(target)]
    result = _run_worker(source, 0, timeout, memory_mb, *extra, stdin=payload, task=WRITING)
    written = result.get("written")
    if not isinstance(written, int):
        raise PdfError(source, "the annotated copy was not written")
    return written


def _run_worker(
    path: Path,
    max_pages: int,
    timeout: float,
    memory_mb: int,
    *extra: str,
    stdin: bytes | None = None,
    task: tuple[str, str] = EXTRACTING,
) -> dict[str, Any]:
    check_pdf_file(path)
    doing, _ = task
    command = worker_command(path, max_pages, memory_mb, timeout, *extra)
    try:
        done = subprocess.run(
            command,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            timeout=timeout,
            env=_child_env(),
            check=False,
            # No console window flashing up on Windows for each PDF.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired as exc:  # run() has already killed the child
        raise PdfError(
            path,
            f"{doing} took longer than {timeout:g} s and was stopped "
            "(a damaged or very complex PDF; the limit is the pdf_timeout setting)",
        ) from exc
    except OSError as exc:
        raise PdfError(path, f"cannot start the PDF worker process: {exc}") from exc
    return _parse_result(path, done, memory_mb, task)


def _parse_result(
    path: Path,
    done: subprocess.CompletedProcess[bytes],
    memory_mb: int,
    task: tuple[str, str] = EXTRACTING,
) -> dict[str, Any]:
    doing, cannot = task
    code = done.returncode
    output = (done.stdout[-4000:] + done.stderr[-4000:]).decode("utf-8", "replace")
    if code != 0 and memory_mb and any(m in output for m in _MEMORY_MARKERS):
        # Out of memory can strike anywhere, even while importing a module.
        raise PdfError(path, f"{doing} ran out of memory (limit {memory_mb} MB)")
    if code < 0:
        if memory_mb and _SIGABRT is not None and code == -_SIGABRT:
            # PDFium ends the process with abort() when an allocation fails
            # (FX_OutOfMemoryTerminate); under the cap that is the cap.
            raise PdfError(path, f"{doing} ran out of memory (limit {memory_mb} MB)")
        if code == -9:
            raise PdfError(path, f"{doing} was killed (out of memory?)")
        raise PdfError(path, f"{doing} crashed (signal {-code})")
    if code == EXIT_TIMEOUT or (_SIGXCPU is not None and code == -_SIGXCPU):
        raise PdfError(path, f"{doing} ran out of its time and was stopped")
    if code == EXIT_FAILED:
        try:
            error = str(json.loads(done.stdout)["error"])
        except (ValueError, KeyError, TypeError):
            error = "unknown error"
        raise PdfError(path, f"{cannot}: {error}")
    if code != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = lines[-1][:300] if lines else f"exit status {code}"
        raise PdfError(path, f"{doing} failed: {last}")
    try:
        result = json.loads(done.stdout)
    except ValueError as exc:
        raise PdfError(path, f"{doing} returned unreadable output ({exc})") from exc
    if not isinstance(result, dict):
        raise PdfError(path, f"{doing} returned unreadable output (not an object)")
    return result
