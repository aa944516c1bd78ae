"""Run the real citation clients (pandoc --citeproc, biber) on our exports and read their output.

Shared by `tests/clients/` and `benchmarks/clients.py`, so the table in
docs/compatibility.md ("Real clients") counts exactly what the tests check.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from papershelf.core.biblio import page_range
from papershelf.core.models import Paper
from papershelf.exporters.biblatex_model import FIELD_ALIASES, KNOWN
from papershelf.exporters.registry import export_text
from papershelf.library import Library

SHARED_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"

IRIDIA_ORDER = (
    "abbrev.bib",
    "journals.bib",
    "authors.bib",
    "articles.bib",
    "biblio.bib",
    "crossref.bib",
)


@dataclass(frozen=True)
class FixtureLibrary:
    """A fixture library: its name, its .bib/.ris text (or case inputs) and the format."""

    name: str
    texts: tuple[str, ...]
    fmt: str

    @property
    def is_bib(self) -> bool:
        """Whether biber can read the source itself (so its own warnings can be counted)."""
        return self.fmt == "bibtex"


def fixture_libraries(root: Path = SHARED_FIXTURES) -> dict[str, FixtureLibrary]:
    """The large fixture libraries (fixtures README): Better BibTeX, IRIDIA, Zotero's cases."""
    out: dict[str, FixtureLibrary] = {}
    large = root / "better-bibtex" / "large"
    for path in sorted(large.glob("*.bib")):
        short = path.stem.rsplit("_", 1)[-1] if "1436" not in path.stem else path.stem[-6:]
        out[f"bbt-{short}"] = FixtureLibrary(
            f"bbt-{short}", (path.read_text("utf-8", errors="replace"),), "bibtex"
        )
    iridia = root / "bibtex" / "iridia-references"
    if iridia.is_dir():
        text = "\n".join((iridia / name).read_text("utf-8") for name in IRIDIA_ORDER)
        out["iridia"] = FixtureLibrary("iridia", (text,), "bibtex")
    examples = root / "bibtex" / "biblatex" / "biblatex-examples.bib"
    if examples.exists():
        out["biblatex-examples"] = FixtureLibrary(
            "biblatex-examples", (examples.read_text("utf-8"),), "bibtex"
        )
    for name, fmt in (("bibtex-cases", "bibtex"), ("ris-cases", "ris")):
        cases_path = root / "zotero-translators" / f"{name}.json"
        if cases_path.exists():
            cases = json.loads(cases_path.read_text("utf-8"))
            inputs = tuple(str(c["input"]) for c in cases if c.get("type") == "import")
            out[f"zotero-{name}"] = FixtureLibrary(f"zotero-{name}", inputs, fmt)
    return out


def import_library(directory: Path, fixture: FixtureLibrary) -> tuple[list[Paper], dict[int, str]]:
    """Import the fixture into a new real library; its papers and their export keys."""
    with Library.open(directory, indexing="none") as lib:
        ids: list[int] = []
        for n, text in enumerate(fixture.texts):
            report = lib.import_text(text, fmt=fixture.fmt, source=f"{fixture.name}-{n}")
            ids.extend(pid for pid in report.paper_ids if pid not in ids)
        return lib.get_many(ids), lib.citation_keys(ids)


# ---------------------------------------------------------------------------- pandoc
_PANDOC_ARGS = ("-f", "markdown", "-t", "html", "--wrap=none")
_NOCITE = "---\nnocite: '@*'\n---\n"
_ENTRY_RE = re.compile(
    r'<div\s+id="ref-(?P<key>[^"]*)"\s+class="csl-entry"[^>]*>(?P<body>.*?)</div>', re.S
)
_TAG_RE = re.compile(r"<[^>]+>")


# What pandoc's default style (Chicago author-date, 17th ed., `pandoc --print-default-data-file
# default.csl`) prints, by CSL type: its `locators`, `locators-chapter` and `locators-article`
# macros. Every other type (book: no pages; thesis, manuscript, webpage, dataset, pamphlet,
# patent, software, article-magazine/-newspaper and the generic "article": neither) has no
# place for them, whatever the item holds.
PRINTS_PAGES = frozenset(
    {"article-journal", "chapter", "entry-dictionary", "entry-encyclopedia", "paper-conference"}
    | {"legal_case"}
)
PRINTS_VOLUME = PRINTS_PAGES | {
    "bill",
    "book",
    "graphic",
    "legislation",
    "motion_picture",
    "report",
    "song",
}


@dataclass(frozen=True)
class Rendered:
    """pandoc's bibliography: each entry's plain text and CSL type by key, and its warnings."""

    entries: dict[str, str]
    warnings: list[str]
    types: dict[str, str]


def _csl_types(pandoc: str, bibliography: Path) -> dict[str, str]:
    """Each entry's CSL type as pandoc reads it (BibTeX types are converted by pandoc)."""
    if bibliography.suffix == ".json":
        text = bibliography.read_text("utf-8")
    else:
        text = subprocess.run(
            [pandoc, "-f", "bibtex", "-t", "csljson", str(bibliography)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return {str(item["id"]): str(item.get("type", "")) for item in json.loads(text)}


def pandoc_render(bibliography: Path) -> Rendered:
    """Cite every entry of `bibliography` (`nocite: '@*'`) and render with --citeproc."""
    pandoc = shutil.which("pandoc")
    assert pandoc is not None
    done = subprocess.run(
        [pandoc, "--citeproc", f"--bibliography={bibliography}", *_PANDOC_ARGS],
        input=_NOCITE,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = {
        html.unescape(m["key"]): " ".join(html.unescape(_TAG_RE.sub("", m["body"])).split())
        for m in _ENTRY_RE.finditer(done.stdout)
    }
    warnings = [line for line in done.stderr.splitlines() if line.startswith("[WARNING]")]
    return Rendered(entries, warnings, _csl_types(pandoc, bibliography))


def _absent_locators(
    papers: Sequence[Paper], keys: dict[int, str], rendered: Rendered, *, printable: bool
) -> list[str]:
    out: list[str] = []
    for paper in papers:
        key = keys[paper.id]
        text = rendered.entries.get(key)
        if text is None:
            if printable:
                out.append(f"{key}: not rendered")
            continue
        kind = rendered.types.get(key, "")
        first, _ = page_range(paper.pages)
        first = (first or "").split(",")[0]  # "698,704": pages 698 and 704
        for what, value, prints in (
            ("volume", paper.volume, kind in PRINTS_VOLUME),
            ("pages", first, kind in PRINTS_PAGES),
        ):
            if prints == printable and value and _plain(value) not in _plain(text):
                out.append(f"{key}: {what} {value!r} not in {kind or 'untyped'} {text!r}")
    return out


def _plain(text: str) -> str:
    """Text with one space between words and en dashes as hyphens (citeproc: `B–2014–2`)."""
    return " ".join(text.replace("\u2013", "-").split())


def missing_locators(
    papers: Sequence[Paper], keys: dict[int, str], rendered: Rendered
) -> list[str]:
    """ "key: what is missing" for each volume or first page the style prints for the
    entry's CSL type (`PRINTS_VOLUME`, `PRINTS_PAGES`) that is not in its rendered text."""
    return _absent_locators(papers, keys, rendered, printable=True)


def unprintable_locators(
    papers: Sequence[Paper], keys: dict[int, str], rendered: Rendered
) -> list[str]:
    """The volumes and pages not in an entry's text because the style has no place for them
    in its CSL type (a thesis's volume, a web page's pages): CSL's design, not our loss."""
    return _absent_locators(papers, keys, rendered, printable=False)


# ---------------------------------------------------------------------------- biber
_BIBER_ENTRY_RE = re.compile(r"Entry '[^']*' \([^)]*\): |(?<=ISBN )'[^']*' in entry '[^']*' ")
_BIBER_LINE_RE = re.compile(r"^(WARN|ERROR) - (?P<message>.*)$")


def biber_warnings(bib: Path) -> Counter[str]:
    """biber --tool --validate-datamodel's warnings and errors on `bib`, counted per kind.

    The kind is the message without the entry key and file name, so "Invalid field
    'publisher' for entrytype 'article'" counts every such entry once.
    """
    biber = shutil.which("biber")
    assert biber is not None
    out = bib.with_name(bib.stem + ".biber-out.bib")
    done = subprocess.run(
        [biber, "--tool", "--validate-datamodel", "--nolog", f"--output-file={out}", str(bib)],
        capture_output=True,
        text=True,
        check=False,
        cwd=bib.parent,
    )
    kinds: Counter[str] = Counter()
    for line in (done.stdout + done.stderr).splitlines():
        match = _BIBER_LINE_RE.match(line)
        if match is not None:
            kinds[_BIBER_ENTRY_RE.sub("", match["message"]).strip()] += 1
    return kinds


def source_warnings(fixture: FixtureLibrary, directory: Path) -> Counter[str]:
    """biber's warnings on the fixture's own .bib text(s), each case file on its own."""
    total: Counter[str] = Counter()
    directory.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(fixture.texts):
        path = directory / f"source-{n}.bib"
        path.write_text(text, "utf-8")
        total += biber_warnings(path)
    return total


def carried_warnings(papers: Sequence[Paper], fixture: FixtureLibrary) -> Counter[str]:
    """The "Field 'x' invalid in data model" warnings our export inherits from the source.

    One per paper that kept a field biblatex does not know (JabRef's `owner`, Mendeley's
    `city`) from its source entry, which has it too: the export writes it back as it was.
    biber does not check every source entry (after a syntax error, a duplicate key or an
    invalid key it skips some, or stops validating), so its count on the source can be lower.
    """
    text = "\n".join(fixture.texts)
    in_source: dict[str, bool] = {}
    kinds: Counter[str] = Counter()
    for paper in papers:
        kept = paper.extra.get("fields")
        if not isinstance(kept, dict):
            continue
        for name in kept:
            field = str(name).lower()
            if field in KNOWN or field in FIELD_ALIASES:
                continue
            if field not in in_source:
                pattern = rf"(?im)^[ \t]*{re.escape(field)}[ \t]*="
                in_source[field] = re.search(pattern, text) is not None
            if in_source[field]:
                kinds[f"Datamodel: Field '{field}' invalid in data model - ignoring"] += 1
    return kinds


def added_warnings(source: Counter[str], ours: Counter[str]) -> dict[str, tuple[int, int]]:
    """Kinds of biber warning our export has more of than the source: kind → (source, ours)."""
    return {kind: (source[kind], n) for kind, n in ours.items() if n > source[kind]}


def write_export(papers: Sequence[Paper], keys: dict[int, str], fmt: str, path: Path) -> Path:
    """Export `papers` in `fmt` to `path` (UTF-8), as the CLI's export writes it."""
    path.write_text(export_text(papers, fmt, keys), "utf-8")
    return path
