from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from papershelf.core.errors import InvalidInputError
from papershelf.core.models import Paper, PaperDraft
from papershelf.exporters.bibtex import to_bibtex, to_bibtex_entry
from papershelf.exporters.csljson import to_csl_json
from papershelf.exporters.keys import assign_keys, citation_key
from papershelf.exporters.markdown import markdown_filename, to_markdown, write_markdown_vault
from papershelf.exporters.registry import EXPORT_FORMATS, export_text
from papershelf.exporters.ris import to_ris
from papershelf.library import Library


def add(library: Library, *drafts: PaperDraft) -> list[Paper]:
    report = library.import_drafts(list(drafts))
    assert report.imported == len(drafts)
    return library.get_many(report.paper_ids)


def draft(title: str, authors: list[str], year: int | None = None, **kw: Any) -> PaperDraft:
    return PaperDraft(title=title, authors=authors, year=year, **kw)


ATTENTION = draft(
    "Attention Is All You Need",
    ["Ashish Vaswani", "Noam Shazeer"],
    2017,
    arxiv_id="1706.03762",
    abstract="The dominant sequence transduction models...",
)


@pytest.fixture
def papers(library: Library) -> list[Paper]:
    ids = [
        p.id
        for p in add(
            library,
            ATTENTION,
            draft(
                "The Ant Colony Optimization Metaheuristic",
                ["Thomas Stützle", "Marco Dorigo"],
                2004,
                venue="Theoretical Computer Science",
                doi="10.1016/j.tcs.2005.05.020",
                abstract="Costs 50% & $5 for #1_x ~ ^ {a} \\ Müller",
            ),
            draft(
                "On Deep Learning for Graphs",
                ["Jan van der Berg", "OpenAI"],
                2021,
                venue="Proceedings of NeurIPS 2021",
                url="https://example.org/paper_1?a=b%20c",
            ),
        )
    ]
    library.change_tags([ids[0]], add=["transformers", "deep learning"])
    library.set_note(ids[0], "My private note: do not export to BibTeX.\n\n- item")
    library.annotate(ids[0], "Attention is all\nyou need", page=3, comment="key claim")
    library.annotate(ids[0], "No page here")
    return library.get_many(ids)


# ---------------------------------------------------------------------------- keys
def test_citation_keys(papers: list[Paper]) -> None:
    assert [citation_key(p) for p in papers] == [
        "vaswani2017attention",
        "stutzle2004ant",
        "berg2021deep",
    ]


def test_key_without_author_or_year(library: Library) -> None:
    (paper,) = add(library, draft("A Survey of Łódź Øresund Straße", []))
    assert citation_key(paper) == "anonsurvey"


def test_collisions_lowest_id_keeps_bare_key(library: Library) -> None:
    first, second, third = add(
        library,
        draft("Attention Is All You Need", ["Ashish Vaswani"], 2017),
        draft("Attention mechanisms revisited", ["Other Vaswani"], 2017),
        draft("Attention, again", ["Third Vaswani"], 2017),
    )
    keys = assign_keys([third, second, first])
    assert keys == {
        first.id: "vaswani2017attention",
        second.id: "vaswani2017attentiona",
        third.id: "vaswani2017attentionb",
    }


# --------------------------------------------------------------------------- BibTeX
_ENTRY_START = re.compile(r"^@(\w+)\{([^,\s{}]+),$")


def parse_bib(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """Tiny sanity parser: entries start with `@type{key,`, braces balance."""
    entries = []
    for chunk in text.strip().split("\n\n"):
        lines = chunk.splitlines()
        match = _ENTRY_START.match(lines[0])
        assert match, lines[0]
        assert lines[-1] == "}"
        unescaped = re.sub(r"\\[{}]", "", chunk)
        depth = 0
        for ch in unescaped:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0
        assert depth == 0
        fields = {}
        for line in lines[1:-1]:
            m = re.match(r"^  (\w+) = \{(.*)\},$", line)
            assert m, line
            fields[m.group(1)] = m.group(2)
        entries.append((match.group(1), match.group(2), fields))
    return entries


def test_bibtex_entries(papers: list[Paper]) -> None:
    text = to_bibtex(papers)
    entries = parse_bib(text)
    assert [(t, k) for t, k, _ in entries] == [
        ("misc", "vaswani2017attention"),
        ("article", "stutzle2004ant"),
        ("inproceedings", "berg2021deep"),
    ]
    arxiv, journal, conf = (f for _, _, f in entries)
    assert arxiv["title"] == "{Attention Is All You Need}"
    assert arxiv["author"] == "Vaswani, Ashish and Shazeer, Noam"
    assert arxiv["eprint"] == "1706.03762"
    assert arxiv["archivePrefix"] == "arXiv"
    assert "primaryClass" not in arxiv
    assert arxiv["url"] == "https://arxiv.org/abs/1706.03762"
    assert arxiv["keywords"] == "deep learning, transformers"
    assert "note" not in arxiv
    assert "private note" not in text
    assert journal["journal"] == "Theoretical Computer Science"
    assert journal["author"] == 'St{\\"u}tzle, Thomas and Dorigo, Marco'
    assert journal["doi"] == "10.1016/j.tcs.2005.05.020"
    assert r"50\% \& \$5 for \#1\_x \textasciitilde{} \textasciicircum{}" in journal["abstract"]
    assert r"\{a\} \textbackslash{} M{\"u}ller" in journal["abstract"]
    assert conf["booktitle"] == "Proceedings of NeurIPS 2021"
    assert conf["author"] == "van der Berg, Jan and OpenAI"
    assert conf["url"] == "https://example.org/paper_1?a=b%20c"
    assert list(arxiv) == [
        "title",
        "author",
        "year",
        "url",
        "eprint",
        "archivePrefix",
        "abstract",
        "keywords",
    ]


def test_bibtex_single_entry_and_accents(library: Library) -> None:
    (paper,) = add(
        library, draft("Ça va: señor Øre, Łukasz & Straße", ["José Núñez"], 2020, venue="ICLR")
    )
    entry = to_bibtex_entry(paper, "custom")
    assert entry.startswith("@inproceedings{custom,\n")
    assert r"  title = {{{\c{C}}a va: se{\~n}or {\O}re, {\L}ukasz \& Stra{\ss}e}}," in entry
    assert r"  author = {N{\'u}{\~n}ez, Jos{\'e}}," in entry
    parse_bib(entry)
    with pytest.raises(InvalidInputError):
        to_bibtex_entry(paper, "bad key")


# ------------------------------------------------------------------------- CSL-JSON
def test_csl_json(papers: list[Paper]) -> None:
    items = json.loads(to_csl_json(papers))
    arxiv, journal, conf = items
    assert [i["type"] for i in items] == ["article", "article-journal", "paper-conference"]
    assert arxiv["id"] == "vaswani2017attention"
    assert arxiv["author"][0] == {"family": "Vaswani", "given": "Ashish"}
    assert arxiv["issued"] == {"date-parts": [[2017]]}
    assert arxiv["number"] == "arXiv:1706.03762"
    assert arxiv["publisher"] == "arXiv"
    assert arxiv["keyword"] == "deep learning, transformers"
    assert "note" not in arxiv
    assert journal["author"][0] == {"family": "Stützle", "given": "Thomas"}
    assert journal["DOI"] == "10.1016/j.tcs.2005.05.020"
    assert journal["container-title"] == "Theoretical Computer Science"
    assert "publisher" not in journal
    assert conf["author"][1] == {"literal": "OpenAI"}
    assert conf["author"][0]["family"] == "Berg"


# ------------------------------------------------------------------------------ RIS
def test_ris(papers: list[Paper]) -> None:
    text = to_ris(papers)
    records = text.split("\n\n")
    assert len(records) == 3
    assert text.count("TY  - ") == 3
    assert text.count("ER  - \n") == 3
    assert [r.splitlines()[0] for r in records] == ["TY  - GEN", "TY  - JOUR", "TY  - CONF"]
    assert all(r.rstrip("\n").endswith("ER  - ") for r in records)
    assert text.endswith("ER  - \n")
    first = records[0].splitlines()
    assert [line for line in first if line.startswith("AU")] == [
        "AU  - Vaswani, Ashish",
        "AU  - Shazeer, Noam",
    ]
    assert "ID  - vaswani2017attention" in first
    assert "KW  - transformers" in first
    assert "KW  - deep learning" in first
    assert "PY  - 2017" in first
    assert "T2  - Theoretical Computer Science" in records[1].splitlines()
    assert "private note" not in text
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line)


# ------------------------------------------------------------------------- Markdown
def front_matter(text: str) -> dict[str, object]:
    lines = text.splitlines()
    assert lines[0] == "---"
    end = lines.index("---", 1)
    out = {}
    for line in lines[1:end]:
        name, _, value = line.partition(": ")
        out[name] = json.loads(value)
    return out


def test_markdown(papers: list[Paper]) -> None:
    paper = papers[0]
    text = to_markdown(paper, "vaswani2017attention")
    meta = front_matter(text)
    assert meta["title"] == "Attention Is All You Need"
    assert meta["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert meta["year"] == 2017
    assert meta["arxiv"] == "1706.03762"
    assert meta["doi"] is None
    assert meta["tags"] == ["deep-learning", "transformers"]
    assert meta["status"] == "to-read"
    assert meta["citekey"] == "vaswani2017attention"
    assert meta["added"] == paper.added_at
    assert "# Attention Is All You Need\n" in text
    assert "## Abstract\n\nThe dominant sequence" in text
    assert "## Notes\n\nMy private note: do not export to BibTeX.\n\n- item\n" in text
    assert "> Attention is all\n> you need\n\n— p. 3, key claim\n" in text
    assert text.endswith("> No page here\n")


def test_markdown_quotes_awkward_strings(library: Library) -> None:
    (paper,) = add(library, draft('Title: "quoted" #not-a-comment\n- dash', ["A: B"], None))
    meta = front_matter(to_markdown(paper, "x"))
    assert meta["title"] == 'Title: "quoted" #not-a-comment - dash'
    assert meta["authors"] == ["A: B"]
    assert meta["year"] is None


def test_markdown_vault_overwrites(papers: list[Paper], tmp_path: Path, library: Library) -> None:
    vault = tmp_path / "vault" / "papers"
    paths = write_markdown_vault(papers, vault)
    assert [p.name for p in paths] == [
        "vaswani2017attention.md",
        "stutzle2004ant.md",
        "berg2021deep.md",
    ]
    assert markdown_filename(papers[0], "k") == "k.md"
    library.set_note(papers[0].id, "Updated note")
    again = write_markdown_vault(library.get_many([p.id for p in papers]), vault)
    assert again == paths
    assert sorted(p.name for p in vault.glob("*.md")) == sorted(p.name for p in paths)
    assert "Updated note" in paths[0].read_text("utf-8")


# ------------------------------------------------------------------------- registry
def test_registry(papers: list[Paper]) -> None:
    assert EXPORT_FORMATS["bibtex"] == ("BibTeX", ".bib")
    assert set(EXPORT_FORMATS) == {"bibtex", "biblatex", "csl-json", "ris", "markdown"}
    assert export_text(papers, "bibtex") == to_bibtex(papers)
    assert json.loads(export_text(papers, "csl-json"))
    assert export_text(papers, "ris") == to_ris(papers)
    with pytest.raises(InvalidInputError, match="folder"):
        export_text(papers, "markdown")
    with pytest.raises(InvalidInputError, match="unknown export format"):
        export_text(papers, "docx")


def test_exporters_import_no_qt_or_storage() -> None:
    import ast

    package = Path(__file__).resolve().parents[2] / "desktop" / "papershelf" / "exporters"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")
                if top[0] == "papershelf":
                    assert top[1] in {"core", "exporters"}, (path.name, node.module)
                else:
                    assert top[0] not in {"PySide6", "shiboken6"}, path.name
