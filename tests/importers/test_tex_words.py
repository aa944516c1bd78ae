"""TeX never loses a word: logos, formatting and unknown macros in titles and author names.

The large fixture libraries are compared word by word: every title and author list stored has
as many words as its source once TeX markup is stripped by the simple rules below, which know
nothing of our decoder (a macro becomes its name, braces and accents go).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from papershelf.core.models import PaperDraft
from papershelf.importers.bibtex import BibtexImporter, source_entries
from papershelf.importers.tex import to_text, unknown_macros

from tests.conftest import shared_file

IMPORTER = BibtexImporter()

LIBRARIES = {
    "IRIDIA": [
        f"fixtures/bibtex/iridia-references/{name}"
        for name in (
            "abbrev.bib",
            "journals.bib",
            "authors.bib",
            "articles.bib",
            "biblio.bib",
            "crossref.bib",
        )
    ],
    **{
        name: [f"fixtures/better-bibtex/large/{name}.bib"]
        for name in (
            "Unabbreviate_on_import_1436-3",
            "Unabbreviate_on_import_1436-2",
            "Unabbreviate_on_import_1436-1",
            "Some_bibtex_entries_quietly_discarded_on_import_from_bib_file_873",
            "Maintain_the_JabRef_group_and_subgroup_structure_when_importing_a_BibTeX_db_97",
            "web_page_and_other_mendeley_idiocy",
        )
    },
    "biblatex-examples": ["fixtures/bibtex/biblatex/biblatex-examples.bib"],
    "jabref-authors": ["fixtures/jabref/bibtex/jabref-authors.bib"],
}

# --- the reference: TeX markup stripped, independently of the decoder ---------------------

# Macros that print no word of their own: font switches, spacing, and formatting commands
# whose argument is the text. Accents (`\"o`, `\c{c}`, `\v s`) go with them.
_NO_WORD_NAMES = (
    "em it sl sc bf rm sf tt up md normalfont itshape scshape bfseries upshape slshape ttfamily "
    "rmfamily sffamily tiny small footnotesize large Large huge Huge normalsize big Big bigg Bigg "
    "relax protect vphantom hphantom phantom noopsort hss hfil hfill allowbreak nobreak "
    "hyphenation discretionary unskip ignorespaces null left right "
    "textbf textit textsl textsc textrm textsf texttt textmd textup textnormal emph mbox hbox "
    "textsubscript textsuperscript enquote mkbibquote mkbibemph mkbibitalic mkbibbold path url "
    "rpackage proglang softwarepackage pkg code NoCaseChange bibcyr mathrm mathit mathbf mathcal "
    "mathsf mathtt boldsymbol ensuremath text operatorname href "
    # symbols and punctuation: a dash or a quote is no word
    "textemdash textendash textquoteleft textquoteright textquotedbl textquotesingle "
    "textbullet textdegree ldots dots textellipsis slash hyphen textregistered textcopyright "
    "texttrademark textasciimacron textasciiacute textasciitilde textasciicircum"
)
_NO_WORD = frozenset(_NO_WORD_NAMES.split())
_ACCENTS = frozenset(["c", "v", "u", "H", "k", "r", "d", "b", "t"])
_MATH_RE = re.compile(r"(?<!\\)\$([^$]*)(?<!\\)\$")
_CONTROL_WORD_RE = re.compile(r"\\([A-Za-z]+)\s*")
_CONTROL_SYMBOL_RE = re.compile(r"\\([^A-Za-z])")
_SPACING = frozenset(" ,;:!\\\n\t")
_TEXT_CHARS = frozenset("&%$#_{}")


def stripped_words(latex: str) -> int:
    r"""Words in `latex` with its markup stripped: `\macro` → macro, `{}`, `$` and accents gone."""

    def symbol(match: re.Match[str]) -> str:
        char = match[1]
        if char in _SPACING:
            return " "
        return char if char in _TEXT_CHARS else ""

    def word(match: re.Match[str]) -> str:
        # TeX ends a control word at the first non-letter and eats the spaces after it.
        name = match[1]
        return "" if name in _NO_WORD or name in _ACCENTS else name

    # In math a macro is a symbol (`\langle`, `\circ`), not a word.
    text = _MATH_RE.sub(lambda m: _CONTROL_WORD_RE.sub("", m[1]), latex)
    text = _CONTROL_WORD_RE.sub(word, text)
    text = _CONTROL_SYMBOL_RE.sub(symbol, text)
    text = re.sub(r"[{}$]", "", text).replace("~", " ")
    return count_words(text)


def count_words(text: str) -> int:
    """Tokens with at least one letter or digit (a lone `:` or `–` is no word)."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def source_authors(value: str) -> int:
    names = re.split(r"\s+and\s+", value.strip(), flags=re.IGNORECASE)
    return sum(stripped_words(name) for name in names if name.strip().lower() != "others")


def test_the_reference_strips_markup_as_a_reader_would() -> None:
    assert stripped_words(r"Modifying {\LaTeX}") == 2
    assert stripped_words(r"Problems on the {\TeX}/{\POSTSCRIPT}/Graphics Interface") == 5
    assert stripped_words(r"{\LaTeX\,3} Project Team") == 4
    assert stripped_words(r"\emph{Les Mis\'erables} in {\sc Paris}") == 4


# --- the decoder ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"Modifying {\LaTeX}", "Modifying LaTeX"),
        (
            r"Problems on the {\TeX}/{\POSTSCRIPT}/Graphics Interface",
            "Problems on the TeX/PostScript/Graphics Interface",
        ),
        (r"{\LaTeX\,3} Project Team", "LaTeX 3 Project Team"),
        (r"\LaTeXe{} and \BibTeX\ and \AMS", "LaTeX2e and BibTeX and AMS"),
        (r"\METAFONT, \MF{} and \MP", "METAFONT, METAFONT and MetaPost"),
        (
            r"{\ConTeXt} {\XeTeX} {\XeLaTeX} {\LuaTeX} {\LuaLaTeX}",
            "ConTeXt XeTeX XeLaTeX LuaTeX LuaLaTeX",
        ),
        (r"\eTeX, \pdfTeX, \pdfLaTeX, \SliTeX, \PiCTeX", "e-TeX, pdfTeX, pdfLaTeX, SliTeX, PiCTeX"),
        (r"\AmS{} fonts in \PostScript{} for \TUB", "AMS fonts in PostScript for TUGboat"),
        (r"The \texttt{R} package \textsf{knitr}", "The R package knitr"),
        (r"{\em Emphasis} and {\sc Small Caps}\relax", "Emphasis and Small Caps"),
    ],
)
def test_logos_and_formatting_become_text(latex: str, text: str) -> None:
    with unknown_macros() as names:
        assert " ".join(to_text(latex).split()) == text
    assert names == set()


def test_an_unknown_macro_keeps_its_name_and_is_reported() -> None:
    with unknown_macros() as names:
        assert " ".join(to_text(r"The \FooBar\ method and \Baz{} too").split()) == (
            "The FooBar method and Baz too"
        )
    assert names == {"FooBar", "Baz"}


def test_the_import_counts_entries_with_unknown_macros() -> None:
    result = IMPORTER.parse(
        r"""@article{a, title = {Using \FooBar{} twice: \FooBar}, author = {A. Author}}
        @article{b, title = {\FooBar\ and \Qux}, author = {B. Author}}
        @article{c, title = {Plain {\LaTeX}}, author = {{\LaTeX\,3} Project Team}}"""
    )
    assert [d.title for d in result.drafts] == [
        "Using FooBar twice: FooBar",
        "FooBar and Qux",
        "Plain LaTeX",
    ]
    assert result.drafts[2].authors == ["LaTeX 3 Project Team"]
    assert result.unknown_macros == {"FooBar": 2, "Qux": 1}


def test_a_name_met_again_is_read_alike_and_its_macros_counted_again() -> None:
    """Names are decoded once per file; every entry that names one still counts its macros."""
    result = IMPORTER.parse(
        r"""@article{a, title = {One}, author = {J. M{\"u}ller and \Grp{} Team}}
        @article{b, title = {Two}, author = {\Grp{} Team}, editor = {J. M{\"u}ller}}
        @article{c, title = {Three}, author = {J. M{\"u}ller}}"""
    )
    one, two, three = result.drafts
    assert one.authors == ["J. Müller", "Grp Team"]
    assert (two.authors, two.editors) == (["Grp Team"], ["J. Müller"])
    assert three.authors == ["J. Müller"]
    assert result.unknown_macros == {"Grp": 2}


# --- every title and author in the large libraries -----------------------------------------


def _library(name: str) -> str:
    return "\n".join(shared_file(path).read_text("utf-8") for path in LIBRARIES[name])


def pairs(text: str) -> Iterator[tuple[str, int, int, int, int]]:
    """(key, source title words, stored title words, source author words, stored author words)."""
    result = IMPORTER.parse(text)
    stored: dict[str | None, list[PaperDraft]] = {}
    for draft in result.drafts:
        stored.setdefault(draft.citation_key, []).append(draft)
    for key, fields in source_entries(text):  # in file order, as the drafts are
        same_key = stored.get(key)
        if not same_key:
            continue
        draft = same_key.pop(0)
        if "title" not in fields:
            continue
        yield (
            key,
            stripped_words(fields["title"]),
            count_words(draft.title),
            source_authors(fields.get("author", "")),
            sum(count_words(author) for author in draft.authors),
        )


@pytest.mark.parametrize("name", list(LIBRARIES))
def test_no_word_of_a_title_or_author_is_lost(name: str) -> None:
    rows = list(pairs(_library(name)))
    assert len(rows) > 80
    lost_titles = [(key, src, ours) for key, src, ours, _, _ in rows if ours < src]
    lost_authors = [(key, src, ours) for key, _, _, src, ours in rows if ours < src]
    assert lost_titles == []
    assert lost_authors == []
    # More words than the reference only where a math symbol (α, Σ) or a logo glued to a
    # word by TeX (`{\TeX book}` → "TeX book") stands alone.
    equal = sum(1 for _, src, ours, _, _ in rows if ours == src)
    assert equal >= 0.98 * len(rows)
    print(f"{name}: {len(rows)} titles, {equal} with exactly the source's word count")
