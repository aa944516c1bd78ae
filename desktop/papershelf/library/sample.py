"""The sample library a new user is offered on first run ("Try the sample library").

An empty window teaches nothing: importing a small, hand-written list of well-known papers,
complete with reading statuses, tags, priorities, notes and annotations, makes every view of
the app show something before the user imports papers of their own.

The list lives in `resources/sample-library.json` at the top of the repository (or in
`papershelf/resources/` when a build ships it inside the package). Loading goes through the
ordinary import path, so papers merge by arXiv id, DOI or title like any import and loading
the sample twice adds nothing: the reading state is re-applied, a note is written only where
the paper has none (so a user's own note is never overwritten), and an annotation is skipped
when the paper already has one with the same quote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papershelf.config.resources import find_resource as find_resource
from papershelf.core.errors import ImportFormatError
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id, title_key
from papershelf.core.models import MAX_PRIORITY, MIN_PRIORITY, PaperDraft, ReadingStatus
from papershelf.library.library import ImportReport, Library

SAMPLE_FILE_NAME = "sample-library.json"
SAMPLE_VERSION = 1

_SOURCE = "sample library"
_FORMAT = "sample"


@dataclass(frozen=True)
class _SampleAnnotation:
    quote: str
    page: int | None
    comment: str | None


@dataclass
class _SamplePaper:
    """One entry of the sample file: the draft to import and the state to apply after."""

    draft: PaperDraft
    tags: list[str] = field(default_factory=list)
    status: ReadingStatus = ReadingStatus.TO_READ
    priority: int = 0
    note: str | None = None
    annotations: list[_SampleAnnotation] = field(default_factory=list)


def find_sample() -> Path | None:
    """Where the sample library file is (see `find_resource`).

    Returns:
        The path of `sample-library.json`, or None when neither location has it.
    """
    found = find_resource(SAMPLE_FILE_NAME)
    return found if found is not None and found.is_file() else None


def load_sample(lib: Library, path: Path | None = None) -> ImportReport:
    """Import the sample library into `lib` and apply its tags, statuses, notes and annotations.

    Args:
        lib: the library to load the sample into (usually a new, empty one).
        path: the sample file; by default the one `find_sample` locates.

    Returns:
        The import report; `paper_ids` lists the sample's papers in file order.

    Raises:
        ImportFormatError: the file is missing, unreadable or not a valid sample library.
    """
    if path is None:
        path = find_sample()
        if path is None:
            raise ImportFormatError(
                "the sample library file was not found in the package or the checkout",
                path=SAMPLE_FILE_NAME,
            )
    papers = _read_sample(path)
    report = lib.import_drafts([p.draft for p in papers], source=_SOURCE, fmt=_FORMAT)
    # import_drafts lists one id per imported or merged draft, in input order; the sample's
    # entries are distinct and pre-validated, so anything else means the ids cannot be paired.
    if report.skipped or len(report.paper_ids) != len(papers):
        reasons = "; ".join(s.reason for s in report.skipped) or "entries merged into one paper"
        raise ImportFormatError(
            f"{len(report.paper_ids)} of {len(papers)} sample papers could be imported ({reasons})",
            path=str(path),
        )
    _apply_state(lib, papers, report.paper_ids)
    return report


def _apply_state(lib: Library, papers: list[_SamplePaper], paper_ids: list[int]) -> None:
    by_tag: dict[str, list[int]] = {}
    for paper, pid in zip(papers, paper_ids, strict=True):
        for tag in paper.tags:
            by_tag.setdefault(tag, []).append(pid)
    # One call per tag rather than per paper: every edit brings the search index up to date.
    for tag, ids in by_tag.items():
        lib.change_tags(ids, add=[tag])
    for paper, pid in zip(papers, paper_ids, strict=True):
        lib.set_status(pid, paper.status)
        lib.set_priority(pid, paper.priority)
        if not paper.note and not paper.annotations:
            continue
        current = lib.get(pid)
        if paper.note and not (current.note or "").strip():
            lib.set_note(pid, paper.note)
        quotes = {a.quote.strip() for a in current.annotations}
        for annotation in paper.annotations:
            if annotation.quote.strip() in quotes:
                continue
            lib.annotate(pid, annotation.quote, annotation.page, annotation.comment)
            quotes.add(annotation.quote.strip())


# ------------------------------------------------------------------------------ parsing
def _read_sample(path: Path) -> list[_SamplePaper]:
    where = str(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ImportFormatError("the sample library file does not exist", path=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"cannot read the sample library: {exc}", path=where) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"not valid JSON: {exc.msg}", path=where, line=exc.lineno) from exc
    if not isinstance(data, dict):
        raise ImportFormatError("expected a JSON object with a 'papers' list", path=where)
    if data.get("version") != SAMPLE_VERSION:
        raise ImportFormatError(
            f"unsupported sample library version {data.get('version')!r} "
            f"(expected {SAMPLE_VERSION})",
            path=where,
        )
    entries = data.get("papers")
    if not isinstance(entries, list) or not entries:
        raise ImportFormatError("'papers' must be a non-empty list", path=where)
    papers = [_parse_paper(entry, n, where) for n, entry in enumerate(entries, 1)]
    _check_distinct(papers, where)
    return papers


def _fail(where: str, n: int, message: str) -> ImportFormatError:
    return ImportFormatError(f"paper {n}: {message}", path=where)


def _opt_str(entry: dict[str, Any], key: str, where: str, n: int) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _fail(where, n, f"'{key}' must be a string")
    return value.strip() or None


def _parse_paper(entry: object, n: int, where: str) -> _SamplePaper:
    if not isinstance(entry, dict):
        raise _fail(where, n, "expected an object")
    title = _opt_str(entry, "title", where, n)
    if title is None:
        raise _fail(where, n, "'title' is required")
    authors = entry.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise _fail(where, n, "'authors' must be a list of strings")
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise _fail(where, n, "'year' must be an integer")
    arxiv_id = _opt_str(entry, "arxiv_id", where, n)
    if arxiv_id is not None and parse_arxiv_id(arxiv_id) is None:
        raise _fail(where, n, f"not an arXiv id: {arxiv_id!r}")
    doi = _opt_str(entry, "doi", where, n)
    if doi is not None and normalize_doi(doi) is None:
        raise _fail(where, n, f"not a DOI: {doi!r}")
    draft = PaperDraft(
        title=title,
        authors=list(authors),
        year=year,
        venue=_opt_str(entry, "venue", where, n),
        abstract=_opt_str(entry, "summary", where, n),
        arxiv_id=arxiv_id,
        doi=doi,
        source="sample",
        line=n,
    )
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise _fail(where, n, "'tags' must be a list of non-empty strings")
    status_text = _opt_str(entry, "status", where, n) or ReadingStatus.TO_READ.value
    try:
        status = ReadingStatus(status_text)
    except ValueError:
        names = ", ".join(s.value for s in ReadingStatus)
        raise _fail(
            where, n, f"unknown status {status_text!r} (expected one of: {names})"
        ) from None
    priority = entry.get("priority", 0)
    if (
        not isinstance(priority, int)
        or isinstance(priority, bool)
        or not MIN_PRIORITY <= priority <= MAX_PRIORITY
    ):
        raise _fail(where, n, f"'priority' must be an integer {MIN_PRIORITY}–{MAX_PRIORITY}")
    return _SamplePaper(
        draft=draft,
        tags=list(tags),
        status=status,
        priority=priority,
        note=_opt_str(entry, "note", where, n),
        annotations=_parse_annotations(entry.get("annotations", []), n, where),
    )


def _parse_annotations(raw: object, n: int, where: str) -> list[_SampleAnnotation]:
    if not isinstance(raw, list):
        raise _fail(where, n, "'annotations' must be a list")
    out: list[_SampleAnnotation] = []
    for item in raw:
        if not isinstance(item, dict):
            raise _fail(where, n, "each annotation must be an object")
        quote = _opt_str(item, "quote", where, n)
        if quote is None:
            raise _fail(where, n, "an annotation needs a 'quote'")
        page = item.get("page")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
            raise _fail(where, n, "an annotation's 'page' must be an integer of 1 or more")
        out.append(_SampleAnnotation(quote, page, _opt_str(item, "comment", where, n)))
    return out


def _check_distinct(papers: list[_SamplePaper], where: str) -> None:
    """Two entries for one paper would merge on import and break the id pairing."""
    seen: dict[str, int] = {}
    for n, paper in enumerate(papers, 1):
        draft = paper.draft
        keys = [f"title:{title_key(draft.title)}"]
        if draft.arxiv_id:
            keys.append(f"arxiv:{draft.arxiv_id}")
        if draft.doi:
            keys.append(f"doi:{normalize_doi(draft.doi)}")
        for key in keys:
            if key in seen:
                raise _fail(where, n, f"the same paper as paper {seen[key]} ({key})")
            seen[key] = n
