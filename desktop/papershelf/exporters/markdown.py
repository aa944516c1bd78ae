"""Markdown notes, one per paper, for an Obsidian (or any Markdown) vault."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from papershelf.core.models import Annotation, Paper
from papershelf.exporters.common import check_key, one_line
from papershelf.exporters.keys import assign_keys


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
    # Every value is JSON, and JSON is valid YAML: no quoting rules to get wrong.
    lines = ["---"]
    lines.extend(f"{name}: {json.dumps(v, ensure_ascii=False)}" for name, v in values.items())
    lines.append("---")
    return lines


def _annotation(annotation: Annotation) -> list[str]:
    quote_lines = annotation.quote.strip().splitlines() or [""]
    lines = [f"> {line}".rstrip() for line in quote_lines]
    where = [f"p. {annotation.page}"] if annotation.page is not None else []
    if annotation.comment and annotation.comment.strip():
        where.append(annotation.comment.strip())
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


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_markdown_vault(
    papers: Sequence[Paper], directory: Path, keys: Mapping[int, str] | None = None
) -> list[Path]:
    """Write one note per paper into `directory` (created if missing), in the order given.

    A paper's file is replaced in place on re-export, so exporting again updates the vault
    rather than adding copies; other files in the folder are left alone.
    """
    keys = keys if keys is not None else assign_keys(papers)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for paper in papers:
        key = keys[paper.id]
        path = directory / markdown_filename(paper, key)
        _write_atomically(path, to_markdown(paper, key))
        written.append(path)
    return written
