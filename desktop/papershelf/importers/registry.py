"""Choosing an importer: by name, or by sniffing the text for `--format auto`."""

from __future__ import annotations

from papershelf.core.errors import ImportFormatError
from papershelf.importers.arxiv_atom import ArxivAtomImporter
from papershelf.importers.base import Importer
from papershelf.importers.bibtex import BibtexImporter
from papershelf.importers.crossref_json import CrossrefJsonImporter
from papershelf.importers.csljson import CslJsonImporter
from papershelf.importers.daily_papers import DailyPapersImporter
from papershelf.importers.hf_json import HuggingFaceJsonImporter
from papershelf.importers.html_page import HtmlPageImporter
from papershelf.importers.identifiers import IdentifierListImporter
from papershelf.importers.ris import RisImporter

# Below this sniff score no importer claims the text.
MIN_CONFIDENCE = 0.3


def importers() -> list[Importer]:
    """Every reader; for `--format auto` the one whose `sniff` is most confident wins."""
    return [
        BibtexImporter(),
        RisImporter(),
        CslJsonImporter(),
        CrossrefJsonImporter(),
        HuggingFaceJsonImporter(),
        ArxivAtomImporter(),
        IdentifierListImporter(),
        HtmlPageImporter(),
        DailyPapersImporter(),
    ]


def format_names() -> list[str]:
    return ["auto", *(i.name for i in importers())]


def choose_importer(text: str, fmt: str = "auto", *, path: str | None = None) -> Importer:
    """The importer for `fmt`, or the most confident one for `auto`.

    Raises:
        ImportFormatError: unknown format name, or no importer recognises the text.
    """
    available = importers()
    if fmt != "auto":
        for imp in available:
            if imp.name == fmt:
                return imp
        names = ", ".join(format_names())
        raise ImportFormatError(f"unknown format {fmt!r} (known: {names})", path=path)
    scored = sorted(
        ((imp.sniff(text), imp.name, imp) for imp in available),
        reverse=True,
        key=lambda t: (t[0], t[1]),
    )
    score, _, best = scored[0]
    if score < MIN_CONFIDENCE:
        names = ", ".join(i.name for i in available)
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:60]
        raise ImportFormatError(
            f"unrecognised format (starts with {first!r}); supported: {names}; "
            "pass --format to choose one",
            path=path,
            line=1,
        )
    return best
