r"""TeX to plain text without losing a word: logos, formatting macros and unknown macros.

pylatexenc's converter drops a macro it has no text for (`{\LaTeX}` → "", `\texttt{R}`
→ "") and stops there. Here logos become their names (`\TeX` → TeX), formatting macros keep
their argument (`\texttt{R}` → R), switches and spacing vanish (`{\em x}` → x), and any
other macro keeps its name as a word (`\FooBar` → FooBar), recorded so the import can report
how many entries used one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pylatexenc import latexwalker
from pylatexenc.latex2text import (
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)

LOGOS: dict[str, str] = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "BibLaTeX": "BibLaTeX",
    "biblatex": "biblatex",
    "AMS": "AMS",
    "AmS": "AMS",
    "AMSTeX": "AMS-TeX",
    "AmSTeX": "AMS-TeX",
    "AMSLaTeX": "AMS-LaTeX",
    "AmSLaTeX": "AMS-LaTeX",
    "LAMSTeX": "LAMS-TeX",
    "METAFONT": "METAFONT",
    "MF": "METAFONT",
    "METAPOST": "MetaPost",
    "MetaPost": "MetaPost",
    "MP": "MetaPost",
    "ConTeXt": "ConTeXt",
    "XeTeX": "XeTeX",
    "XeLaTeX": "XeLaTeX",
    "LuaTeX": "LuaTeX",
    "LuaLaTeX": "LuaLaTeX",
    "eTeX": "e-TeX",
    "pdfTeX": "pdfTeX",
    "pdfLaTeX": "pdfLaTeX",
    "SliTeX": "SliTeX",
    "PiCTeX": "PiCTeX",
    "POSTSCRIPT": "PostScript",
    "PostScript": "PostScript",
    "TUB": "TUGboat",
    "TUGboat": "TUGboat",
    "Omega": "Omega",  # the TeX extension; `$\\Omega$` in math stays Ω (pylatexenc's symbol)
    "ie": "i.e.",
    "eg": "e.g.",
    "etal": "et al.",
}
r"""Logos and abbreviations as the words they print (`\LaTeXe` → LaTeX2e)."""

SYMBOLS: dict[str, str] = {
    "textasciicircum": "^",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textunderscore": "_",
    "textquotedbl": '"',
}
r"""The LaTeX kernel's commands for ASCII characters: BibTeX exports (ours for `^` and an
unbalanced brace, Better BibTeX's for `<`) write them. pylatexenc lacks most and reads
`\textasciicircum` as the modifier letter ˆ, not the `^` it prints."""

JOINERS: dict[str, str] = {"slash": "/", "hyphen": "-"}
r"""Punctuation macros: the space TeX eats after them stays eaten (`AND\slash OR`)."""

KEEP_ARGUMENT = (
    "mbox",
    "hbox",
    "texttt",
    "textsf",
    "textmd",
    "textup",
    "textnormal",
    "textsubscript",
    "textsuperscript",
    "enquote",
    "mkbibquote",
    "mkbibemph",
    "mkbibitalic",
    "mkbibbold",
    "path",
    "rpackage",
    "proglang",
    "softwarepackage",
    "pkg",
    "code",
    "NoCaseChange",
    "bibcyr",
)
r"""Formatting macros whose argument is the text (`\texttt{R}` → R)."""

SILENT = frozenset(
    {
        # font and size switches
        "em",
        "it",
        "sl",
        "sc",
        "bf",
        "rm",
        "sf",
        "tt",
        "up",
        "md",
        "normalfont",
        "itshape",
        "scshape",
        "bfseries",
        "upshape",
        "slshape",
        "ttfamily",
        "rmfamily",
        "sffamily",
        "tiny",
        "small",
        "footnotesize",
        "large",
        "Large",
        "huge",
        "Huge",
        "normalsize",
        "big",
        "Big",
        "bigg",
        "Bigg",
        # no visible text
        "relax",
        "protect",
        "vphantom",
        "hphantom",
        "phantom",
        "noopsort",
        "hss",
        "hfil",
        "hfill",
        "allowbreak",
        "nobreak",
        "hyphenation",
        "discretionary",
        "unskip",
        "ignorespaces",
        "null",
        "left",
        "right",
    }
)
r"""Switches and spacing: no word of their own (`{\em x}` → x)."""

_NO_ARGUMENT_TEXT = frozenset({"vphantom", "hphantom", "phantom", "noopsort", "hyphenation"})


class _Collector(threading.local):
    names: set[str] | None = None


_UNKNOWN = _Collector()


@contextmanager
def unknown_macros() -> Iterator[set[str]]:
    """The names of unknown macros `to_text` meets on this thread during the block."""
    names: set[str] = set()
    previous, _UNKNOWN.names = _UNKNOWN.names, names
    try:
        yield names
    finally:
        _UNKNOWN.names = previous


def note_unknown_macros(names: Iterable[str]) -> None:
    """Count `names` as met in the current `unknown_macros` block (a result reused)."""
    if _UNKNOWN.names is not None:
        _UNKNOWN.names.update(names)


def _logo(text: str, *, joins: bool = False) -> Any:
    def repl(node: Any) -> str:
        # TeX eats the space after `\TeX`; a reader of the title did not mean it to.
        return text if joins else text + (node.macro_post_space or "")

    return repl


def _keep_argument(node: Any, l2tobj: Any) -> str:
    # Where pylatexenc's parser does not know the macro, its `{…}` argument follows as a
    # group of its own and is converted as such.
    args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
    return "".join(l2tobj._groupnodecontents_to_text(n) for n in args if n is not None)


def _silent(node: Any) -> str:
    return node.macro_post_space or ""


def _context() -> Any:
    db = get_default_latex_context_db()
    specs = [MacroTextSpec(name, simplify_repl=_logo(text)) for name, text in LOGOS.items()]
    specs += [
        MacroTextSpec(name, simplify_repl=_logo(text, joins=True)) for name, text in JOINERS.items()
    ]
    specs += [MacroTextSpec(name, simplify_repl=text) for name, text in SYMBOLS.items()]
    specs += [MacroTextSpec(name, simplify_repl=_keep_argument) for name in KEEP_ARGUMENT]
    specs += [
        MacroTextSpec(name, discard=True)
        if name in _NO_ARGUMENT_TEXT
        else MacroTextSpec(name, simplify_repl=_silent)
        for name in SILENT
    ]
    db.add_context_category("papershelf-tex", prepend=True, macros=specs)
    return db


class _Converter(LatexNodes2Text):  # type: ignore[misc]  # pylatexenc ships no type hints
    """pylatexenc's converter, except that an unknown macro keeps its name as a word."""

    def macro_node_to_text(self, node: Any) -> str:
        name = str(node.macroname)
        if self.latex_context.get_macro_spec(name) is not None:
            return str(super().macro_node_to_text(node))
        if not name.isalpha():
            return ""  # an unknown control symbol (`\/`) is punctuation, not a word
        if _UNKNOWN.names is not None:
            _UNKNOWN.names.add(name)
        args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
        text = " ".join(self._groupnodecontents_to_text(n) for n in args if n is not None)
        return name + (" " + text if text else "") + (node.macro_post_space or "")


_CONVERTER = _Converter(latex_context=_context())
# The parser's macro table, built once: `latex_to_text` builds a new one for every value,
# a quarter of the time of a 7,000-entry import.
_PARSER_CONTEXT = latexwalker.get_default_latex_context_db()


def to_text(latex: str) -> str:
    """`latex` as plain text; unknown macros are kept by name (see `unknown_macros`).

    Raises:
        Exception: whatever pylatexenc raises on input it cannot parse (rare: it is tolerant).
    """
    walker = latexwalker.LatexWalker(latex, latex_context=_PARSER_CONTEXT)
    nodes = walker.get_latex_nodes()[0]
    return str(_CONVERTER.nodelist_to_text(nodes)).replace("\xad", "")
