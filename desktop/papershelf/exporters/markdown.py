"""Markdown notes, one per paper, for an Obsidian (or any Markdown) vault.

A vault is the user's folder: besides our notes it holds theirs, and they edit ours. So an
export only replaces a file it wrote itself and that is unchanged since; the folder's
`.papershelf-export.json` lists what the exports wrote, with a hash of each file. Any other
file in the way is left alone and the note is written beside it (`key-1.md`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papershelf.core.models import Annotation, Paper
from papershelf.exporters.common import check_key, one_line, stored_entry_type
from papershelf.exporters.files import ExportError, write_file
from papershelf.exporters.keys import assign_keys

MANIFEST = ".papershelf-export.json"
"""The file, in an exported vault, listing the notes the exports wrote and their hashes."""
_MAX_BESIDE = 1000


def _front_matter(paper: Paper, key: str) -> list[str]:
    # Obsidian tags cannot contain spaces; "deep learning" becomes "deep-learning".
    tags = ["-".join(t.split()) for t in paper.tags]
    values: dict[str, Any] = {
        "title": one_line(paper.title),
        "authors": list(paper.authors),
        "year": paper.year,
        "arxiv": paper.arxiv_id,
        "doi": paper.doi,
        "url": paper.url,
        "tags": tags,
        "status": paper.status.value,
        "priority": paper.priority,
        "added": paper.added_at,
        "updated": paper.updated_at,
        "citekey": key,
    }
    # Bibliographic fields only when known, named as Zotero's and Obsidian's templates do.
    biblio: dict[str, Any] = {
        "type": stored_entry_type(paper),
        "venue": paper.venue,
        "volume": paper.volume,
        "issue": paper.issue,
        "pages": paper.pages,
        "month": paper.month,
        "day": paper.day,
        "editors": list(paper.editors),
        "publisher": paper.publisher,
        "place": paper.place,
        "edition": paper.edition,
        "series": paper.series,
        "issn": paper.issn,
        "isbn": paper.isbn,
        "language": paper.language,
        "accessed": paper.access_date,
    }
    values.update((name, v) for name, v in biblio.items() if v not in (None, "", []))
    # Every value is JSON, and JSON is valid YAML: no quoting rules to get wrong.
    lines = ["---"]
    lines.extend(f"{name}: {json.dumps(v, ensure_ascii=False)}" for name, v in values.items())
    lines.append("---")
    return lines


_KIND_WORDS = {"underline": "underlined", "strikeout": "struck out"}
_NOTE_WORDS = {"note": "Note", "text": "Text box"}


def _annotation(annotation: Annotation) -> list[str]:
    """A quote or highlight as a block quote, then its page (the PDF's label) and comment."""
    a = annotation
    page = a.page_label or (str(a.page) if a.page is not None else None)
    comment = a.comment.strip() if a.comment and a.comment.strip() else None
    if a.kind in _NOTE_WORDS:  # a note on the page: nothing quoted
        on_page = f" (p. {page})" if page else ""
        return [f"**{_NOTE_WORDS[a.kind]}**{on_page}: {comment or ''}".rstrip()]
    quote_lines = a.quote.strip().splitlines() or [""]
    lines = [f"> {line}".rstrip() for line in quote_lines]
    where = [_KIND_WORDS[a.kind]] if a.kind in _KIND_WORDS else []
    if page:
        where.append(f"p. {page}")
    if comment:
        where.append(comment)
    if where:
        lines.extend(["", "— " + ", ".join(where)])
    return lines


def to_markdown(paper: Paper, key: str) -> str:
    """YAML front matter, then the title, abstract, the user's note and annotations."""
    lines = [*_front_matter(paper, check_key(key)), "", f"# {one_line(paper.title)}"]
    if paper.abstract and paper.abstract.strip():
        lines.extend(["", "## Abstract", "", paper.abstract.strip()])
    if paper.note and paper.note.strip():
        lines.extend(["", "## Notes", "", paper.note.rstrip("\n")])
    if paper.annotations:
        lines.extend(["", "## Annotations"])
        for annotation in paper.annotations:
            lines.append("")
            lines.extend(_annotation(annotation))
    return "\n".join(lines) + "\n"


def markdown_filename(paper: Paper, key: str) -> str:
    """`<key>.md`: the key, not the title, so re-exporting finds the same file.

    Characters a file name cannot hold (a DBLP key has `/` and `:`) become `_`.
    """
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", key).strip("._") or f"paper-{paper.id}"
    return f"{safe}.md"


@dataclass
class VaultReport:
    """What a Markdown export wrote, and which files in the way it left alone."""

    written: list[Path] = field(default_factory=list)
    beside: list[tuple[Path, Path]] = field(default_factory=list)
    """(a file not written by us, or edited since, left as it was; where the note went)."""


def write_markdown_vault(
    papers: Sequence[Paper], directory: Path, keys: Mapping[int, str] | None = None
) -> list[Path]:
    """Write one note per paper into `directory`; the notes' paths (see `export_vault`)."""
    return export_vault(papers, directory, keys).written


def export_vault(
    papers: Sequence[Paper], directory: Path, keys: Mapping[int, str] | None = None
) -> VaultReport:
    """Write one note per paper into `directory` (created if missing), in the order given.

    A note an earlier export wrote, and nobody has changed since, is replaced in place, so
    exporting again updates the vault rather than adding copies. A file the exports did not
    write (or that was edited since) is never replaced: the note goes beside it. Other files
    in the folder are left alone, and symbolic links are not followed.

    Raises:
        ExportError: the folder cannot be created or a file cannot be written.
    """
    keys = keys if keys is not None else assign_keys(papers)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise ExportError(f"{directory}: is a file, not a folder for the notes") from exc
    except OSError as exc:
        raise ExportError(f"{directory}: cannot create the folder: {exc.strerror or exc}") from exc
    ours = _read_manifest(directory)
    report = VaultReport()
    used: set[str] = set()
    try:
        for paper in papers:
            key = keys[paper.id]
            data = to_markdown(paper, key).encode("utf-8")
            wanted = markdown_filename(paper, key)
            name = _free_name(directory, wanted, ours, used)
            path = directory / name
            if name != wanted:
                report.beside.append((directory / wanted, path))
            if _digest_of(path) != _digest(data):
                write_file(path, data)
            ours[name] = _digest(data)
            used.add(name)
            report.written.append(path)
    except BaseException:
        # Remember the notes written so far; the first error is the one to report.
        with contextlib.suppress(ExportError):
            _write_manifest(directory, ours)
        raise
    _write_manifest(directory, ours)
    return report


def _free_name(directory: Path, wanted: str, ours: dict[str, str], used: set[str]) -> str:
    """`wanted`, or the first `stem-N.md` that is free or ours and unchanged."""
    stem = wanted[: -len(".md")]
    for n in range(_MAX_BESIDE):
        name = wanted if n == 0 else f"{stem}-{n}.md"
        if name in used:
            continue
        current = _digest_of(directory / name)
        if current is None or current == ours.get(name):
            return name
    raise ExportError(f"{directory / wanted}: no free name for this note ({stem}-1 … taken)")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest_of(path: Path) -> str | None:
    """The hash of a regular file at `path`; None when nothing is there; "" for anything else.

    "" never matches a manifest entry, so a folder, a link or an unreadable file is taken
    for the user's and left alone.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return ""
    if not stat.S_ISREG(info.st_mode):
        return ""
    try:
        return _digest(path.read_bytes())
    except OSError:
        return ""


def _read_manifest(directory: Path) -> dict[str, str]:
    """The notes earlier exports wrote, by file name; empty when missing or unreadable."""
    try:
        raw = json.loads((directory / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        name: digest
        for name, digest in files.items()
        if isinstance(name, str) and isinstance(digest, str) and "/" not in name
    }


def _write_manifest(directory: Path, ours: dict[str, str]) -> None:
    kept = {name: d for name, d in sorted(ours.items()) if (directory / name).exists()}
    text = json.dumps({"version": 1, "files": kept}, indent=1) + "\n"
    write_file(directory / MANIFEST, text.encode("utf-8"))
