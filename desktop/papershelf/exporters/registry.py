"""The export formats the CLI and GUI offer, with their titles and file suffixes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from papershelf.core.errors import InvalidInputError
from papershelf.core.models import Paper
from papershelf.exporters.bibtex import to_bibtex
from papershelf.exporters.csljson import to_csl_json
from papershelf.exporters.ris import to_ris

# Format name -> (title for menus and dialogs, file suffix; "" for a folder).
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "bibtex": ("BibTeX", ".bib"),
    "biblatex": ("BibLaTeX", ".bib"),
    "csl-json": ("CSL-JSON", ".json"),
    "ris": ("RIS", ".ris"),
    "markdown": ("Markdown folder", ""),
}


def _biblatex(papers: Sequence[Paper], keys: Mapping[int, str] | None) -> str:
    return to_bibtex(papers, keys, biblatex=True)


_TEXT_EXPORTERS: dict[str, Callable[[Sequence[Paper], Mapping[int, str] | None], str]] = {
    "bibtex": to_bibtex,
    "biblatex": _biblatex,
    "csl-json": to_csl_json,
    "ris": to_ris,
}


def export_text(papers: Sequence[Paper], fmt: str, keys: Mapping[int, str] | None = None) -> str:
    """The single-file export of `papers` in format `fmt`.

    Raises:
        InvalidInputError: `fmt` is "markdown" (a folder: use `write_markdown_vault`) or
            not a known format.
    """
    exporter = _TEXT_EXPORTERS.get(fmt)
    if exporter is not None:
        return exporter(papers, keys)
    if fmt == "markdown":
        raise InvalidInputError(
            "the markdown format writes a folder of notes, not one file (use write_markdown_vault)"
        )
    names = ", ".join(EXPORT_FORMATS)
    raise InvalidInputError(f"unknown export format {fmt!r} (expected one of: {names})")
