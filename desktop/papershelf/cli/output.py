"""What the command line prints, shared by every command module."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import time
from collections.abc import Sequence
from typing import Any, TextIO

from papershelf.cli.terminal import TerminalText, json_safe, write_stdout
from papershelf.core.biblio import BIBLIO_FIELDS
from papershelf.core.errors import NotFoundError
from papershelf.core.models import Paper
from papershelf.library import Library


class Progress:
    """A one-line progress bar on stderr, drawn only for a terminal and at most 10×/s."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        # The bar's own `\r` must reach the terminal: write past `TerminalText`.
        chosen: object = stream or sys.stderr
        self.stream = chosen.raw if isinstance(chosen, TerminalText) else stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        frac = done / total if total else 1.0
        bar = "#" * int(frac * width)
        self.stream.write(f"\r{self.label} [{bar:<{width}}] {frac:4.0%}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def emit_json(value: Any) -> None:
    """Print `value` as JSON, exactly (not escaped for the terminal beyond JSON's own escapes)."""
    write_stdout(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n", exact=True)


def short_authors(authors: Sequence[str]) -> str:
    if not authors:
        return ""
    first = authors[0].split()[-1] if authors[0].split() else authors[0]
    if len(authors) == 1:
        return first
    if len(authors) == 2:
        second = authors[1].split()[-1] if authors[1].split() else authors[1]
        return f"{first} & {second}"
    return f"{first} et al."


def paper_line(paper: Paper) -> str:
    year = str(paper.year) if paper.year else "    "
    tags = f"  [{', '.join(paper.tags)}]" if paper.tags else ""
    who = short_authors(paper.authors)
    who = f" — {who}" if who else ""
    return (
        f"{paper.id:>6}  {paper.status.value:<8} P{paper.priority}  {year}  "
        f"{paper.title}{who}{tags}"
    )


def _shown(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def print_paper(paper: Paper) -> None:
    out = [f"#{paper.id}  {paper.title}"]
    if paper.authors:
        out.append("    " + ", ".join(paper.authors))
    where = " · ".join(x for x in (str(paper.year) if paper.year else "", paper.venue or "") if x)
    if where:
        out.append("    " + where)
    if paper.arxiv_id:
        version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
        out.append(f"    arXiv: {paper.arxiv_id}{version}  https://arxiv.org/abs/{paper.arxiv_id}")
    if paper.doi:
        out.append(f"    DOI: {paper.doi}  https://doi.org/{paper.doi}")
    if paper.url:
        out.append(f"    URL: {paper.url}")
    info = [
        f"{field.label}: {_shown(value)}"
        for field in BIBLIO_FIELDS
        if (value := getattr(paper, field.name)) not in (None, "", [])
    ]
    for start in range(0, len(info), 4):
        out.append("    " + "   ".join(info[start : start + 4]))
    out.append(
        f"    Status: {paper.status.value}   Priority: {paper.priority}   "
        f"Tags: {', '.join(paper.tags) or '—'}"
    )
    out.append(f"    Added: {paper.added_at}   Updated: {paper.updated_at}")
    if paper.trashed_at:
        out.append(f"    In the trash since {paper.trashed_at} (papershelf restore {paper.id})")
    if paper.abstract:
        out += [
            "",
            "Abstract:",
            textwrap.fill(paper.abstract, 96, initial_indent="  ", subsequent_indent="  "),
        ]
    if paper.note:
        out += ["", "Note:", textwrap.indent(paper.note, "  ")]
    if paper.annotations:
        out += ["", "Annotations:"]
        for a in paper.annotations:
            shown = a.page_label or a.page
            page = f"p. {shown}  " if shown else ""
            comment = f" — {a.comment}" if a.comment else ""
            out.append(f"  [{a.id}] {page}“{a.quote}”{comment}")
    print("\n".join(out))


def bold() -> tuple[str, str]:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return "\x1b[1m", "\x1b[0m"
    return "[", "]"


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


MAX_ID = 2**63 - 1
"""The largest id SQLite can store; a longer number cannot name anything."""


def whole_number(text: str) -> int | None:
    """`text` as an id SQLite can hold, or None when it is not one (too big, not ASCII digits)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def resolve_id(lib: Library, ref: str) -> int:
    """The paper a user means by `ref` (an id, arXiv id or DOI).

    Raises:
        NotFoundError: nothing matches, including a number too big to be an id.
    """
    text = ref.strip()
    if text.isdigit() and whole_number(text) is None:
        raise NotFoundError(f"no paper with id {text}")
    return lib.resolve(ref)


def resolve_ids(lib: Library, refs: Sequence[str]) -> list[int]:
    return [resolve_id(lib, r) for r in refs]


def report_unreadable(unreadable: Sequence[tuple[int, str]]) -> int:
    """Name each paper left out because it cannot be read; the exit code: 2 if any, else 0."""
    for paper_id, reason in unreadable:
        print(f"papershelf: paper {paper_id} skipped: it cannot be read: {reason}", file=sys.stderr)
    if unreadable:
        print(
            "papershelf: `papershelf check` lists every unreadable paper; "
            "`papershelf restore-backup` brings back an earlier copy",
            file=sys.stderr,
        )
    return 2 if unreadable else 0
