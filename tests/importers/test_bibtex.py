"""The BibTeX importer: macros, crossrefs, LaTeX, names, ids, skips, and real .bib files."""

from __future__ import annotations

from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.exporters.registry import export_text
from papershelf.importers.base import UNTITLED, Skipped
from papershelf.importers.bibtex import BibtexImporter
from papershelf.library import Library

from tests.conftest import shared_file

IMPORTER = BibtexImporter()

IRIDIA_ORDER = (
    "abbrev.bib",
    "journals.bib",
    "authors.bib",
    "articles.bib",
    "biblio.bib",
    "crossref.bib",
)


def by_key(drafts: list[PaperDraft]) -> dict[str, PaperDraft]:
    return {str(draft.citation_key): draft for draft in drafts}


def parse_one(text: str) -> PaperDraft:
    result = IMPORTER.parse(text)
    assert result.skipped == []
    assert len(result.drafts) == 1
    return result.drafts[0]


# --- sniff ---------------------------------------------------------------------------------


def test_sniff_recognises_entries() -> None:
    assert IMPORTER.sniff("@article{k, title={T}}") >= 0.9
    assert IMPORTER.sniff("% my refs\n\n  @InProceedings (k, title={T})") >= 0.9
    assert IMPORTER.sniff("@string{x = {y}}\n@misc{k, title={T}}") >= 0.9


def test_sniff_rejects_other_text() -> None:
    assert IMPORTER.sniff("") <= 0.05
    assert IMPORTER.sniff("TY  - JOUR\nTI  - A title\nER  - \n") <= 0.05
    assert IMPORTER.sniff("Write to me @ alice{at}example.org") <= 0.05
    # A .bib with only macros is still BibTeX (it imports nothing, with a clear message).
    assert IMPORTER.sniff("@string{x = {y}}\n@comment{nothing}\n@preamble{{}}") == 0.6


# --- values --------------------------------------------------------------------------------

MACROS = r"""
@string{stu = "St{\"u}tzle, Thomas"}
@string{lopez = "L{\'o}pez-Ib{\'a}{\~n}ez, Manuel"}
@String{AND = " and "}
@STRING{ejor = "European Journal of " # "Operational Research"}
@preamble{"\newcommand{\noop}[1]{}"}
@comment{this is not an entry}

@article{StuLop2019,
  author = stu #AND# lopez,
  title = "Automatic   {Design} of
           Algorithms",
  journal = ejor,
  year = 2019,
  month = jan,
  note = "Due " # dec # " 1st",
  pages = {1--10},
}
"""


def test_macros_concatenation_and_months() -> None:
    draft = parse_one(MACROS)
    assert draft.authors == ["Thomas Stützle", "Manuel López-Ibáñez"]
    assert draft.title == "Automatic Design of Algorithms"
    assert draft.venue == "European Journal of Operational Research"
    assert draft.year == 2019
    assert draft.source == "bibtex"
    assert draft.line == 9
    assert draft.citation_key == "StuLop2019"
    assert (draft.entry_type, draft.month, draft.pages) == ("article", 1, "1-10")
    assert draft.extra == {"fields": {"note": "Due December 1st"}}


def test_latex_accents_and_dashes() -> None:
    draft = parse_one(
        r"""@inproceedings{k,
          title = {{\'E}tudes on Stra{\ss}e and Gau\ss{} -- a {B}ayesian view---really},
          author = {{\'E}mile Zola and Jos{\'e} P{\'e}rez},
          booktitle = {Proc.~of the {IEEE} Conf.},
          abstract = {We gain 10% in \emph{speed} \& size.},
        }"""
    )
    assert draft.title == "Études on Straße and Gauß – a Bayesian view—really"
    assert draft.authors == ["Émile Zola", "José Pérez"]
    assert draft.venue == "Proc. of the IEEE Conf."
    assert draft.abstract == "We gain 10% in speed & size."


def test_names() -> None:
    draft = parse_one(
        r"""@book{k, title = {T},
          author = {Ludwig van Beethoven and Doe, Jr., John and {World Health Organization}
                    and de la Fontaine, Jean and Knuth, Donald E. and others}}"""
    )
    assert draft.authors == [
        "Ludwig van Beethoven",
        "John Doe Jr.",
        "World Health Organization",
        "Jean de la Fontaine",
        "Donald E. Knuth",
    ]


def test_crossref_inheritance() -> None:
    result = IMPORTER.parse(
        r"""@inproceedings{child,
          author = {A. Author},
          title = {Child Paper},
          crossref = {Proc2020},
          pages = {1--2},
        }

        @proceedings{Proc2020,
          title = {Proceedings of the Conference},
          editor = {E. Editor},
          year = 2020,
          publisher = {Springer},
        }

        @incollection{chapter, title = {Chapter}, crossref = {PROC2020},
          booktitle = {Own Book}, year = 1999}
        """
    )
    assert result.skipped == []
    drafts = by_key(result.drafts)
    child = drafts["child"]
    assert child.title == "Child Paper"
    assert child.venue == "Proceedings of the Conference"
    assert child.year == 2020
    assert child.extra["fields"] == {"crossref": "Proc2020"}
    # The child's own pages, and what it inherits from the proceedings, are stored fields.
    assert (child.pages, child.publisher, child.editors) == ("1-2", "Springer", ["E. Editor"])
    assert child.entry_type == "inproceedings"
    # Own fields win, and the key is matched case-insensitively.
    assert drafts["chapter"].venue == "Own Book"
    assert drafts["chapter"].year == 1999
    assert drafts["Proc2020"].title == "Proceedings of the Conference"
    assert drafts["Proc2020"].authors == []


def test_crossref_cycle_does_not_hang() -> None:
    result = IMPORTER.parse(
        "@misc{a, title={A}, crossref={b}}\n@misc{b, title={B}, crossref={a}, year=2001}\n"
    )
    assert [d.title for d in result.drafts] == ["A", "B"]
    assert result.drafts[0].year == 2001


def test_identifiers() -> None:
    result = IMPORTER.parse(
        r"""@article{eprint, title = {E}, eprint = {2401.12345v2}, archivePrefix = {arXiv},
                     primaryClass = {cs.LG}, DOI = {10.1000/ABC\_Def}}
        @online{biblatex, title = {B}, eprint = {hep-th/9901001}, eprinttype = {arxiv}}
        @misc{bare, title = {Bare}, eprint = {1706.03762}}
        @misc{pubmed, title = {P}, eprint = {1706.03762}, eprinttype = {pubmed}}
        @misc{url, title = {U}, url = {https://arxiv.org/abs/2106.09685v1}}
        @misc{doiurl, title = {D}, url = {https://doi.org/10.1145/3597503.3639130}}
        @article{scholar, title = {S}, journal = {arXiv preprint arXiv:1810.04805}}
        """
    )
    drafts = by_key(result.drafts)
    eprint = drafts["eprint"]
    assert (eprint.arxiv_id, eprint.arxiv_version) == ("2401.12345", 2)
    assert eprint.doi == "10.1000/abc_def"
    assert eprint.extra["fields"] == {"archiveprefix": "arXiv", "primaryclass": "cs.LG"}
    assert drafts["biblatex"].arxiv_id == "hep-th/9901001"
    assert drafts["bare"].arxiv_id == "1706.03762"
    assert drafts["pubmed"].arxiv_id is None
    assert "eprint" in drafts["pubmed"].extra["fields"]
    assert (drafts["url"].arxiv_id, drafts["url"].arxiv_version) == ("2106.09685", 1)
    assert drafts["url"].url == "https://arxiv.org/abs/2106.09685v1"
    assert drafts["doiurl"].doi == "10.1145/3597503.3639130"
    assert drafts["scholar"].arxiv_id == "1810.04805"


def test_year_from_biblatex_date() -> None:
    draft = parse_one("@online{k, title = {T}, date = {2020-05}, urldate = {2021-01-02}}")
    assert (draft.year, draft.month, draft.day) == (2020, 5, None)
    assert draft.access_date == "2021-01-02"
    assert draft.extra["fields"] == {}  # nothing left for the exporter to repeat


# --- skips ---------------------------------------------------------------------------------

SKIPS = """@article{first, title = {First}, year = 2001}

@article{untitled,
  author = {Nobody},
}

@misc{empty, note = {}}

@article{broken,
  title = {Never closed
  author = {X},

@article{last, title = {Last}, year = 2003}
"""


def test_untitled_entry_kept_empty_and_malformed_entries_skipped_with_lines() -> None:
    result = IMPORTER.parse(SKIPS)
    # Like Zotero: an entry without a title but with an author is kept, marked untitled.
    assert [d.title for d in result.drafts] == ["First", UNTITLED, "Last"]
    assert result.drafts[1].authors == ["Nobody"]
    assert result.drafts[1].extra["untitled"] is True
    assert [d.line for d in result.drafts] == [1, 3, 13]
    assert result.skipped[0] == Skipped(7, "entry 'empty' has no title and nothing else")
    assert result.skipped[1].line == 9
    assert result.skipped[1].reason.startswith("could not read this entry: ")
    assert len(result.skipped) == 2


def test_untitled_entries_are_not_merged_and_export_without_a_title(tmp_path: Path) -> None:
    text = "@article{a, author = {Ann Smith}, year = 2001}\n@misc{b, author = {Bo Li}, year = 2001}"
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_text(text, fmt="bibtex")
        assert (report.imported, report.merged) == (2, 0)
        papers = lib.get_many(report.paper_ids)
    bib = export_text(papers, "bibtex")
    assert "title" not in bib
    assert "Smith, Ann" in bib


def test_math_scripts_missing_comma_and_full_journal_name() -> None:
    text = r"""@article{k,
  title = {DNA$_{\textrm{2}}$ and $\Sigma^{0}$ at 20$^\circ$C, 1\textsuperscript{st}}
  journal = {Adv. Math.},
  fjournal = {Advances in Mathematics},
  note = {$4^{\textrm{ème}}$ edition, tilde \~}, url = {http://x.org/\~{}me}
}"""
    draft = IMPORTER.parse(text).drafts[0]
    assert draft.title == "DNA₂ and Σ⁰ at 20°C, 1st"
    assert draft.venue == "Advances in Mathematics"
    assert draft.extra["venue_short"] == "Adv. Math."
    assert "journal" not in draft.title  # the missing comma did not fold journal into the title
    assert draft.extra["fields"]["fjournal"] == "Advances in Mathematics"
    assert draft.url == "http://x.org/~me"


def test_crlf_and_bom_keep_line_numbers() -> None:
    text = "\ufeff% header\r\n\r\n@misc{k, title = {T}}\r\n"
    assert IMPORTER.parse(text).drafts[0].line == 3


def test_duplicate_keys_and_fields_are_still_read() -> None:
    result = IMPORTER.parse(
        "@misc{k, title = {One}}\n@misc{k, title = {Two}}\n@misc{d, title = {A}, title = {B}}\n"
    )
    assert [d.title for d in result.drafts] == ["One", "Two", "A"]
    assert result.skipped == []


def test_empty_input() -> None:
    result = IMPORTER.parse("")
    assert result.drafts == []
    assert result.skipped == []


# --- shared fixtures -----------------------------------------------------------------------


def test_iridia_references_resolve_macros_and_crossrefs() -> None:
    paths = [shared_file(f"fixtures/bibtex/iridia-references/{name}") for name in IRIDIA_ORDER]
    text = "\n".join(path.read_text("utf-8") for path in paths)
    result = IMPORTER.parse(text)
    assert len(result.drafts) >= 3200
    assert len(result.drafts) + len(result.skipped) == 3305
    for draft in result.drafts:
        for author in draft.authors:
            assert not set(author) & set("#{}\\"), draft
    drafts = by_key(result.drafts)
    assert drafts["AarKorMic2005"].authors == [
        "Emile H. L. Aarts",
        "Jan H. M. Korst",
        "Wil Michiels",
    ]
    assert drafts["AarKorMic2005"].venue == "Search Methodologies"
    assert drafts["AarKorMic2005"].doi == "10.1007/0-387-28356-0_7"
    assert drafts["AarKorMic2005"].year == 2005
    assert "Thomas Stützle" in drafts["StuHoo2000:fgcs"].authors
    assert drafts["StuHoo2000:fgcs"].title == "MaxMinAntSystem"
    assert drafts["Abb2002selfpde"].authors == ["Hussein A. Abbass"]
    assert drafts["Abb2002selfpde"].year == 2002
    all_authors = {author for draft in result.drafts for author in draft.authors}
    assert "Stuetzle" not in all_authors
    assert "Thomas Stützle" in all_authors


def test_biblatex_examples_use_date_years() -> None:
    text = shared_file("fixtures/bibtex/biblatex/biblatex-examples.bib").read_text("utf-8")
    result = IMPORTER.parse(text)
    assert len(result.drafts) >= 80
    # `date = {1988-09-12}` fills year, month and day; a range stays in the kept fields.
    assert sum(d.month is not None for d in result.drafts) >= 8
    ranges = [d.extra["fields"]["date"] for d in result.drafts if "date" in d.extra["fields"]]
    assert ranges == ["1984/1986", "1984/1986", "1885/1888"]
    assert all(d.year is not None for d in result.drafts if d.month is not None)
    baez = by_key(result.drafts)["baez/article"]
    assert baez.authors == ["John C. Baez", "Aaron D. Lauda"]
    assert baez.title == "Higher-Dimensional Algebra V: 2-Groups"
    assert (baez.arxiv_id, baez.arxiv_version) == ("math/0307200", 3)
    assert baez.year == 2004
    assert baez.venue == "Theory and Applications of Categories"


def test_a_name_that_opens_with_a_command_after_and_keeps_it() -> None:
    """`and \\"{U}nal` was `Unal` and `and \\O{}rsted` was `rsted`: the splitter dropped it."""
    (draft,) = IMPORTER.parse(
        r"""@article{k, title = {T},
        author = {Necmi Serin and \"{U}nal, Basri and \O{}rsted, H. C. and {Simon and Schuster}},
        editor = {A. Smith AND \v{S}koda, K.}}"""
    ).drafts
    assert draft.authors == ["Necmi Serin", "Basri Ünal", "H. C. Ørsted", "Simon and Schuster"]
    assert draft.editors == ["A. Smith", "K. Škoda"]
