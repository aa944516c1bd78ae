"""Read BibTeX and BibLaTeX files (Zotero, JabRef, Mendeley, hand-kept .bib collections).

bibtexparser 2 splits the file into blocks and reports the blocks it cannot read with their
lines, but it leaves `#` concatenation, `@string` macros used inside it, month macros and
`crossref` inheritance to us, and its LaTeX decoding drops the braces that keep a corporate
author ("{World Health Organization}") whole. So the parser only splits; this module resolves
values in BibTeX's own order (strings as defined so far, later definitions win), splits names
on the raw text (braces intact) and decodes LaTeX last, part by part.

Fields that have no place in `PaperDraft` are kept, macros resolved but LaTeX untouched, in
`extra["fields"]` so an exporter can write them back.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
)
from bibtexparser.model import Entry, ParsingFailedBlock, String

from papershelf.core.biblio import (
    INSTITUTION_TYPES,
    bibtex_entry_type,
    normalize_pages,
    parse_month,
)
from papershelf.core.identifiers import normalize_doi, parse_arxiv_id
from papershelf.core.models import PaperDraft
from papershelf.importers.base import ParseResult, Skipped, iso_date, keep_untitled
from papershelf.importers.names import spaced_initials
from papershelf.importers.tex import note_unknown_macros, to_text, unknown_macros

SOURCE = "bibtex"

MAX_VALUE_CHARS = 1_000_000
"""Longest value a field or `@string` may reach once its macros are expanded.

Real values stay under a few thousand characters; a chain of `@string{b = a # a}` doubling
itself reaches terabytes from a 1 KB file, so expansion stops here with a clear message.
"""
EXPANSION_BUDGET = 16_000_000
"""Characters all macro expansions of one file may add up to, beyond twice its own length."""

# An entry start on its own line: `@article{`, `@InProceedings (`.
_BLOCK_START_RE = re.compile(r"^[ \t]*@[ \t]*(\w+)\s*[{(]", re.MULTILINE)
# The key of a block the parser gave up on, so the report names the entry (`@article{b,`).
_FAILED_KEY_RE = re.compile(r"\s*@[ \t]*\w+\s*[{(]\s*([^\s,{}()\"#%'=\\]+)\s*,")
_NON_ENTRY_TYPES = frozenset({"string", "comment", "preamble"})

# BibTeX's predefined month macros, as plain.bst expands them.
_MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

# Fields a crossref child never takes from its parent (biblatex's defaults): the parent's
# title is the child's booktitle, not its title.
_NOT_INHERITED = frozenset(
    {
        "crossref",
        "xref",
        "ids",
        "entryset",
        "label",
        "shorthand",
        "sortkey",
        "title",
        "subtitle",
        "titleaddon",
        "shorttitle",
    }
)
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle")
# A paper in a book or proceedings: the book is its venue, even when a journal is named too.
_BOOK_VENUE_FIELDS = ("booktitle", "journal", "journaltitle")
_IN_BOOK = frozenset({"inproceedings", "incollection", "inbook"})
# Text fields stored as they are (LaTeX decoded), by BibTeX/BibLaTeX field name.
_TEXT_FIELDS = (
    ("volume", "volume"),
    ("number", "issue"),
    ("issue", "issue"),
    ("publisher", "publisher"),
    ("address", "place"),
    ("location", "place"),
    ("edition", "edition"),
    ("series", "series"),
    ("language", "language"),
    ("langid", "language"),
)
_DATE_RE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*")
_ARXIV_TYPES = frozenset({"arxiv", "arxiv.org"})

_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# Text that needs a real LaTeX decoder; anything else only loses its braces.
_LATEX_RE = re.compile(r"[\\$~`]|--|''")
_UNESCAPED_PERCENT_RE = re.compile(r"(?<!\\)%")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+)")
_ESCAPED_CHAR_RE = re.compile(r"\\([_%&#$~])")
# "arXiv preprint arXiv:2401.12345" in a journal or note field (Google Scholar's export).
_ARXIV_MENTION_RE = re.compile(r"arxiv\s*[:]?\s*([\w./-]+)", re.IGNORECASE)

# Sub- and superscripts (`DNA$_2$`, `$\Sigma^{0}$`, `\textsuperscript{th}`) become Unicode
# script characters where every character has one; otherwise an ordinal after a digit
# (`$4^{\textrm{ème}}$`) becomes plain text and anything else keeps its `^`/`_`.
_SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
_GROUP = r"(?:[^{}]|\{[^{}]*\})*"
# Inline math: `$…$`, or `\(…\)` as DBLP writes it (`5\({}^{\mbox{th}}\)`, `e\({}^{\mbox{2}}\)`).
_MATH_RE = re.compile(r"(?<!\\)\$(?P<body>[^$]+?)(?<!\\)\$|\\\((?P<paren>.+?)\\\)")
_MATH_SCRIPT_RE = re.compile(
    rf"(?<!\\)(?P<op>[\^_])\s*(?:\{{(?P<group>{_GROUP})\}}|(?P<one>\\[A-Za-z]+|[^\s{{}}\\]))"
)
_TEXT_SCRIPT_RE = re.compile(rf"\\text(?P<kind>super|sub)script\s*\{{(?P<group>{_GROUP})\}}")
_TEXT_WRAPPER_RE = re.compile(
    r"\\(?:textrm|mathrm|text|mathit|textit|mathbf|textbf|mbox)\s*\{([^{}]*)\}"
)
# `\~{}` is a plain tilde (URLs); a bare `\~` closing a group is the tilde operator (Zotero).
_EMPTY_TILDE_RE = re.compile(r"\\~\{\}")
_BARE_TILDE_RE = re.compile(r"\\~(?=\}|$)")


class _ParserLog(logging.Handler):
    """Keeps bibtexparser's warnings off stderr and hands them to the parse that caused them.

    Without a handler of its own, Python prints a library's warnings on stderr, where they
    would repeat, in the parser's words, the entries our report already lists as skipped.
    Records still reach the app's log through the root logger.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        records: list[logging.LogRecord] | None = getattr(self._local, "records", None)
        if records is not None:
            records.append(record)

    @contextmanager
    def capture(self) -> Iterator[list[logging.LogRecord]]:
        """The warnings logged on this thread during the block."""
        records: list[logging.LogRecord] = []
        self._local.records = records
        try:
            yield records
        finally:
            self._local.records = None


_PARSER_LOG = _ParserLog()
logging.getLogger("bibtexparser").addHandler(_PARSER_LOG)
_LOGGED_LINE_RE = re.compile(r"\(line (\d+)\)")


def _parser_notes(records: list[logging.LogRecord]) -> list[Skipped]:
    """Parser warnings not already reported as a block that could not be read."""
    notes = []
    for record in records:
        message = " ".join(record.getMessage().split())
        if "aborted on line" in message or "will try to continue" in message:
            continue  # the failed block itself is reported, with its line, as skipped
        found = _LOGGED_LINE_RE.search(message)
        line = int(found[1]) + 1 if found else None
        notes.append(Skipped(line, f"BibTeX parser: {message}"))
    return notes


_SNIFF_CHARS = 1 << 20
"""Entries start within the first MB of any real .bib (after its @string/@preamble)."""


class BibtexImporter:
    """Importer for BibTeX / BibLaTeX text (`.bib` files)."""

    name = "bibtex"

    def sniff(self, text: str) -> float:
        """0.95 when the text has at least one entry start such as `@article{`, else 0.05."""
        # Lazily, over a bounded head: a 10 MB paste is sniffed by every importer, and one
        # regex over all of it holds the GIL the window needs.
        starts: list[str] = []
        for match in _BLOCK_START_RE.finditer(text, 0, _SNIFF_CHARS):
            kind = match.group(1).lower()
            if kind not in _NON_ENTRY_TYPES:
                return 0.95
            starts.append(kind)
        # Only @string/@comment/@preamble: a .bib without entries (it imports nothing).
        return 0.6 if starts else 0.05

    def parse(self, text: str, *, source: str | None = None) -> ParseResult:
        """Read every entry with a title, in file order.

        Args:
            text: the BibTeX text.
            source: the input's display name; unused, since skips carry only line numbers.

        Returns:
            One draft per entry. Skipped: entries without a title and blocks the parser could
            not read. `@string`, `@preamble` and `@comment` blocks are not entries.
        """
        del source
        entries, skipped = _read_entries(text)
        by_key: dict[str, _RawEntry] = {}
        for entry in entries:
            by_key.setdefault(entry.key.lower(), entry)

        drafts: list[PaperDraft] = []
        unknown: Counter[str] = Counter()
        people = _Names()
        for entry in entries:
            merged = _with_crossref(entry, by_key)
            with unknown_macros() as names:
                draft = _draft(entry, merged, people)
            unknown.update(names)
            if not draft.title and keep_untitled(draft) is None:
                skipped.append(
                    Skipped(entry.line, f"entry '{entry.key}' has no title and nothing else")
                )
                continue
            drafts.append(draft)
        skipped.sort(key=lambda skip: (skip.line is None, skip.line or 0))
        return ParseResult(drafts=drafts, skipped=skipped, unknown_macros=dict(unknown))


def _read_entries(text: str) -> tuple[list[_RawEntry], list[Skipped]]:
    """Every entry with its macros resolved (LaTeX intact), and the blocks left out."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    with _PARSER_LOG.capture() as logged:
        library = parse_string(text, parse_stack=[])

    macros = _Macros(dict(_MONTHS), budget=EXPANSION_BUDGET + 2 * len(text))
    entries: list[_RawEntry] = []
    skipped = _parser_notes(logged)
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            # A repeated key or field is still a readable block, as it is to BibTeX.
            readable = block.ignore_error_block
            if not isinstance(readable, String | Entry):
                reason = f"could not read this entry: {_failure_reason(block.error)}"
                found = _FAILED_KEY_RE.match(str(block.raw))
                if found is not None:
                    reason += f" (entry '{found[1]}')"
                skipped.append(Skipped(_line(block.start_line), reason))
                continue
            block = readable
        if isinstance(block, String):
            note = macros.define(block.key, str(block.value), _line(block.start_line))
            if note is not None:
                skipped.append(note)
        elif isinstance(block, Entry):
            line = _line(block.start_line)
            values: dict[str, str] = {}
            try:
                for fld in block.fields:
                    for name, raw in _run_on_fields(fld.key, str(fld.value)):
                        values.setdefault(name.lower(), macros.evaluate(raw))
            except _TooLongError as exc:
                skipped.append(Skipped(line, f"entry '{block.key}': {exc}"))
                continue
            entries.append(_RawEntry(block.key, block.entry_type.lower(), line, values))
    return entries, skipped


def source_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """(key, fields) of every entry as the file says it, crossrefs followed, LaTeX intact.

    For checks that compare what was stored with the source (no word lost to a macro).
    """
    entries, _ = _read_entries(text)
    by_key: dict[str, _RawEntry] = {}
    for entry in entries:
        by_key.setdefault(entry.key.lower(), entry)
    return [(entry.key, _with_crossref(entry, by_key)) for entry in entries]


@dataclass
class _RawEntry:
    """An entry with its values resolved (macros, `#`) but LaTeX still in them."""

    key: str
    entry_type: str
    line: int | None
    fields: dict[str, str] = field(default_factory=dict)


def _failure_reason(error: Exception | None) -> str:
    if error is None:
        return "unknown error"
    reason = getattr(error, "abort_reason", None)
    text = reason if isinstance(reason, str) and reason.strip() else str(error)
    return " ".join(text.split()) or type(error).__name__


def _line(start_line: int | None) -> int | None:
    """A 1-based line number (bibtexparser counts from 0)."""
    return None if start_line is None else start_line + 1


# --- values -------------------------------------------------------------------------------


_NAME_CHAR_RE = re.compile(r"[\w:.+-]")


def _run_on_fields(name: str, raw: str) -> list[tuple[str, str]]:
    """Split a value that swallowed the next field because a comma was missing.

    `title = {A}` NEWLINE `file = {B}` without a comma reads as one value `{A} file = {B}`;
    BibTeX and Zotero take it as two fields, and so do we. A top-level `=` can appear in no
    real value (outside braces and quotes it is not part of BibTeX's value syntax). One pass
    over the value however many fields ran on (a loop, not recursion: 1,000 would overflow).
    """
    fields: list[tuple[str, str]] = []
    start, i, n = 0, 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "{":
            i = _closing_brace(raw, i) + 1
        elif ch == '"':
            i = _closing_quote(raw, i) + 1
        elif ch == "=":
            name_start = _field_name_start(raw, start, i)
            if name_start is None:
                break
            fields.append((name, raw[start:name_start]))
            name = raw[name_start:i].strip()
            start = i = i + 1
        else:
            i += 1
    fields.append((name, raw[start:]))
    return fields


def _field_name_start(raw: str, start: int, equals: int) -> int | None:
    r"""Where the field name before `raw[equals]` begins, or None when there is none.

    The name is the leftmost ASCII letter of the run of `[\w:.+-]` characters just before
    the `=` (spaces between allowed); a name that starts the value is not a run-on field.
    """
    end = equals
    while end > start and raw[end - 1].isspace():
        end -= 1
    run = end
    while run > start and _NAME_CHAR_RE.match(raw[run - 1]):
        run -= 1
    first = next((k for k in range(run, end) if raw[k].isascii() and raw[k].isalpha()), None)
    if first is None or first == start:
        return None
    return first


class _TooLongError(Exception):
    """A value grew past `MAX_VALUE_CHARS` (or the file's budget) while macros were expanded.

    `uses` names the macro already known to be too long, when that was the cause.
    """

    def __init__(self, message: str, *, uses: str | None = None) -> None:
        super().__init__(message)
        self.uses = uses


@dataclass
class _Macros:
    """The `@string` macros defined so far, expanded with a cap on how large values grow."""

    values: dict[str, str]
    budget: int
    too_long: dict[str, str] = field(default_factory=dict)
    """Macros that could not be expanded, with the reason (named when an entry uses one)."""
    expanded: int = 0

    def define(self, key: str, raw: str, line: int | None) -> Skipped | None:
        """Define `key` (later definitions win); a Skipped note if it expands too far."""
        name = key.lower()
        try:
            self.values[name] = self.evaluate(raw)
        except _TooLongError as exc:
            self.values.pop(name, None)
            # A macro built on one already reported inherits its name: one note per chain.
            self.too_long[name] = exc.uses or f"@string '{key}'" + (
                f" (line {line})" if line else ""
            )
            return None if exc.uses else Skipped(line, f"@string '{key}' not defined: {exc}")
        self.too_long.pop(name, None)
        return None

    def evaluate(self, raw: str) -> str:
        """A field value as BibTeX reads it: `{…}`, `"…"`, numbers and macros joined by `#`.

        Raises:
            _TooLongError: the value, with its macros expanded, would pass `MAX_VALUE_CHARS`.
        """
        parts: list[str] = []
        size = 0
        i, n = 0, len(raw)
        while i < n:
            ch = raw[i]
            if ch.isspace() or ch == "#":
                i += 1
                continue
            if ch == "{":
                end = _closing_brace(raw, i)
                part = raw[i + 1 : end]
                i = end + 1
            elif ch == '"':
                end = _closing_quote(raw, i)
                part = raw[i + 1 : end]
                i = end + 1
            else:
                start = i
                while i < n and not raw[i].isspace() and raw[i] not in '#{"':
                    i += 1
                word = raw[start:i]
                part = self._macro(word)
            size += len(part)
            if size > MAX_VALUE_CHARS:
                raise _TooLongError(
                    f"its value would be longer than {MAX_VALUE_CHARS:,} characters once "
                    "@string macros are expanded"
                )
            parts.append(part)
        return "".join(parts)

    def _macro(self, word: str) -> str:
        if word.isdigit():
            return word
        name = word.lower()
        if name in self.too_long:
            root = self.too_long[name]
            raise _TooLongError(
                f"uses {root}, whose value is longer than {MAX_VALUE_CHARS:,} characters "
                "once expanded",
                uses=root,
            )
        value = self.values.get(name)
        if value is None:
            return word  # an undefined macro stays as written rather than vanishing
        self.expanded += len(value)
        if self.expanded > self.budget:
            raise _TooLongError(
                f"@string macros in this file expand to more than {self.budget:,} characters in all"
            )
        return value


# Only braces (and quotes) move the scans below: a regex skips the text between them in C,
# where a loop over every character was a tenth of a large file's parse.
_BRACE_RE = re.compile(r"[{}]")
_BRACE_OR_QUOTE_RE = re.compile(r'[{}"]')


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for match in _BRACE_RE.finditer(text, start):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return len(text)


def _closing_quote(text: str, start: int) -> int:
    depth = 0
    for match in _BRACE_OR_QUOTE_RE.finditer(text, start + 1):
        ch = match.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth <= 0:
            return match.start()
    return len(text)


def _with_crossref(
    entry: _RawEntry, by_key: dict[str, _RawEntry], seen: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The entry's fields plus those it inherits through `crossref` (nested, cycle-safe)."""
    target_key = entry.fields.get("crossref", "").strip().lower()
    parent = by_key.get(target_key) if target_key else None
    if parent is None or target_key in seen or parent is entry:
        return entry.fields
    inherited = _with_crossref(parent, by_key, seen | {entry.key.lower()})
    merged = dict(entry.fields)
    for name, value in inherited.items():
        if name not in _NOT_INHERITED:
            merged.setdefault(name, value)
    if "booktitle" not in merged and inherited.get("title"):
        merged["booktitle"] = inherited["title"]
    return merged


def _script(op: str, inner: str, before: str) -> str | None:
    """`inner` as Unicode sub/superscript text, or None to leave the markup alone."""
    inner = _TEXT_WRAPPER_RE.sub(r"\1", inner).strip()
    if inner == "\\circ" and op == "^":
        return "°"
    table = _SUPERSCRIPTS if op == "^" else _SUBSCRIPTS
    if inner and all(ch in table for ch in inner):
        return "".join(table[ch] for ch in inner)
    if op == "^" and before.removesuffix("{}")[-1:].isdigit() and inner.isalpha():
        return inner  # an ordinal: 4ème, 1st
    return None


def _scripts(value: str) -> str:
    r"""Sub- and superscripts in math and `\textsuperscript` written as Unicode where possible."""
    if "\\text" in value:
        value = _TEXT_SCRIPT_RE.sub(
            lambda m: (
                _script("^" if m["kind"] == "super" else "_", m["group"], value[: m.start()])
                or m[0]
            ),
            value,
        )
    if "$" not in value and "\\(" not in value:
        return value

    def math(match: re.Match[str]) -> str:
        body = match["body"] if match["body"] is not None else match["paren"]
        out: list[str] = []
        last = 0
        for m in _MATH_SCRIPT_RE.finditer(body):
            out.append(body[last : m.start()])
            inner = m["group"] if m["group"] is not None else m["one"]
            script = _script(m["op"], inner, value[: match.start()] + "".join(out))
            out.append(script if script is not None else m[0])
            last = m.end()
        out.append(body[last:])
        if match["body"] is None:
            return "\\(" + "".join(out) + "\\)"
        return "$" + "".join(out) + "$"

    return _MATH_RE.sub(math, value)


def math_to_text(value: str) -> str:
    r"""Inline math (`$…$`, `\(…\)`) in otherwise plain text as Unicode text.

    arXiv's titles are plain text with TeX math in them (`$k$-means`, `$\ell_1$`); the text
    around the math is left as it is.
    """
    if "$" not in value and "\\(" not in value:
        return value
    return _MATH_RE.sub(lambda match: _clean(match[0]), value)


def _clean(value: str) -> str:
    r"""LaTeX to text: accents, `\ss`, `--`, ties; braces dropped and whitespace collapsed."""
    if "\\~" in value:
        value = _BARE_TILDE_RE.sub("∼", _EMPTY_TILDE_RE.sub(r"\\textasciitilde{}", value))
    if "^" in value or "_" in value or "\\text" in value:
        value = _scripts(value)
    if _LATEX_RE.search(value):
        try:
            value = to_text(_UNESCAPED_PERCENT_RE.sub(r"\\%", value))
        except Exception:  # noqa: BLE001 - pylatexenc is tolerant; never lose the entry over it
            value = value.replace("{", "").replace("}", "")
    else:
        value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def _title(value: str) -> str:
    r"""The title as text.

    A title that is only a private macro (`{\MaxMinAntSystem}`, defined in the file's
    @preamble) keeps the macro's name rather than vanishing.
    """
    return _clean(value) or " ".join(
        _COMMAND_RE.sub(r"\1", value).replace("{", "").replace("}", "").split()
    )


def _verbatim(value: str) -> str:
    r"""A DOI, URL or eprint: braces and `\_`-style escapes removed, nothing else decoded."""
    value = _ESCAPED_CHAR_RE.sub(r"\1", value).replace("{", "").replace("}", "")
    return "".join(value.split())


# What moves a name list's split: braces (an `and` inside them is part of a name), escaped
# braces (which are not), and a whitespace-delimited `and` at brace level 0.
_NAME_LIST_TOKEN_RE = re.compile(r"\\[{}\\]|[{}]|[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE)


def split_names(value: str) -> list[str]:
    r"""A BibTeX name list (`A and B and {C and D}`) as its names, as BibTeX splits it.

    bibtexparser's own splitter drops the command that opens a name after `and`
    (`A and \O{}rsted` gave `{}rsted`, `A and \v{S}koda` gave `{S}koda`): a letter or an
    accent lost.
    """
    value = value.strip(" \r\n\t")
    if not value:
        return []
    names: list[str] = []
    start = depth = 0
    for match in _NAME_LIST_TOKEN_RE.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif token[0] != "\\" and depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return names


class _Names:
    """Author and editor lists as display names, each distinct name decoded once.

    A library names the same people entry after entry (43,000 names, 24,000 distinct, in a
    7,166-entry one), and splitting a name and decoding its TeX was a third of the parse. One
    per parse: the cache lives no longer than the file.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, frozenset[str]]] = {}

    def __call__(self, value: str) -> list[str]:
        authors: list[str] = []
        for raw_name in split_names(value):
            if raw_name.strip().lower() == "others":
                continue
            known = self._seen.get(raw_name)
            if known is None:
                with unknown_macros() as met:
                    known = (_one_name(raw_name), frozenset(met))
                self._seen[raw_name] = known
            name, macros = known
            note_unknown_macros(macros)  # the entry met them, whether decoded now or before
            if name:
                authors.append(name)
        return authors


def _one_name(raw_name: str) -> str:
    try:
        parts = parse_single_name_into_parts(raw_name, strict=False)
        words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    except Exception:  # noqa: BLE001 - a name we cannot split is still a name
        return _clean(raw_name)
    if len(parts.first) == 1:  # plain capitals only: `{KC}` or TeX is left as written
        family = _clean(" ".join(words[1:]))
        given = spaced_initials(parts.first[0], family)
        if given != parts.first[0]:
            return f"{given} {family}"
    return _clean(" ".join(words))


def _year(fields: dict[str, str]) -> int | None:
    for name in ("year", "date"):
        match = _YEAR_RE.search(fields.get(name, ""))
        if match is not None:
            return int(match.group(1))
    return None


def _arxiv(fields: dict[str, str]) -> tuple[tuple[str, int | None] | None, bool]:
    """The arXiv id and whether it came from the `eprint` field."""
    eprint = _verbatim(fields.get("eprint", ""))
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    if eprint and (not kind or kind in _ARXIV_TYPES):
        found = parse_arxiv_id(eprint)
        if found is not None:
            return found, True
    url = _verbatim(fields.get("url", ""))
    if url:
        found = parse_arxiv_id(url)
        if found is not None:
            return found, False
    for name in ("journal", "note", "howpublished"):
        for match in _ARXIV_MENTION_RE.finditer(fields.get(name, "")):
            found = parse_arxiv_id(match.group(1).rstrip(".,;"))
            if found is not None:
                return found, False
    return None, False


def _draft(entry: _RawEntry, fields: dict[str, str], names: _Names) -> PaperDraft:
    mapped = {"title", "author", "abstract"}
    draft = PaperDraft(
        title=_title(fields.get("title", "")),
        authors=names(fields.get("author", "")),
        year=_year(fields),
        source=SOURCE,
        line=entry.line,
    )
    if _YEAR_RE.search(fields.get("year", "")):
        mapped.add("year")
    entry_type = bibtex_entry_type(entry.entry_type)
    venue_fields = _BOOK_VENUE_FIELDS if entry_type in _IN_BOOK else _VENUE_FIELDS
    for name in venue_fields:
        venue = _clean(fields.get(name, ""))
        if venue:
            draft.venue = venue
            mapped.add(name)
            break
    # MathSciNet writes `journal = {Adv. Math.}` with `fjournal = {Advances in Mathematics}`:
    # the full name is the venue (as in Zotero); `fjournal` stays among the kept fields and
    # the exporter writes the abbreviation back as `journal`.
    full = _clean(fields.get("fjournal", ""))
    if full and draft.venue and "journal" in mapped and full != draft.venue:
        short_venue, draft.venue = draft.venue, full
    else:
        short_venue = None
    draft.abstract = _clean(fields.get("abstract", "")) or None

    url = _verbatim(fields.get("url", ""))
    if url:
        draft.url = url
        mapped.add("url")
    doi = _verbatim(fields.get("doi", ""))
    draft.doi = normalize_doi(doi) if doi else None
    if draft.doi is not None:
        mapped.add("doi")
    elif url and "doi.org/" in url.lower():
        draft.doi = normalize_doi(url)

    arxiv, from_eprint = _arxiv(fields)
    if arxiv is not None:
        draft.arxiv_id, draft.arxiv_version = arxiv
        if from_eprint:
            mapped.add("eprint")

    draft.citation_key = entry.key or None
    draft.entry_type = entry_type
    mapped |= _biblio(draft, fields, names)
    draft.extra = {
        "fields": {name: value for name, value in entry.fields.items() if name not in mapped},
    }
    if entry_type != entry.entry_type:
        draft.extra["bibtex_type"] = entry.entry_type  # `@conference`, `@jurisdiction`
    literal = _literal_authors(fields.get("author", ""))
    if literal:
        draft.extra["literal_authors"] = literal
    if short_venue:
        draft.extra["venue_short"] = short_venue
    return draft


def _literal_authors(value: str) -> list[str]:
    """Names written as one braced group (`{World Health Organization}`).

    These are organisations: they are kept whole, so exports never split them into given and
    family names.
    """
    out: list[str] = []
    if "{" not in value:  # no braced name, so no need to split the list a second time
        return out
    for raw_name in split_names(value):
        raw = raw_name.strip()
        if raw.startswith("{") and raw.endswith("}") and _one_group(raw):
            name = _clean(raw)
            if name:
                out.append(name)
    return out


def _one_group(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def _biblio(draft: PaperDraft, fields: dict[str, str], names: _Names) -> set[str]:
    """Fill the draft's bibliographic fields (`core/biblio.py`); the field names it used."""
    used: set[str] = set()
    if draft.entry_type in INSTITUTION_TYPES:
        # A report's or thesis's publisher is its institution (BibTeX `school` for theses).
        for name in ("institution", "school"):
            value = _clean(fields.get(name, ""))
            if value and draft.publisher is None:
                draft.publisher = value
                used.add(name)
    for name, attr in _TEXT_FIELDS:
        value = _clean(fields.get(name, ""))
        if value and getattr(draft, attr) is None:
            setattr(draft, attr, value)
            used.add(name)
    raw_pages = fields.get("pages", "")
    # `263--264` needs no TeX decoder, only its dash made one: most pages are like that.
    plain = not any(ch in raw_pages for ch in "\\$~{")
    pages = normalize_pages(raw_pages if plain else _clean(raw_pages))
    if pages:
        draft.pages = pages
        used.add("pages")
    for name, attr in (("issn", "issn"), ("isbn", "isbn"), ("urldate", "access_date")):
        value = _verbatim(fields.get(name, ""))
        if value:
            setattr(draft, attr, iso_date(value) if name == "urldate" else value)
            used.add(name)
    editors = names(fields.get("editor", ""))
    if editors:
        draft.editors = editors
        used.add("editor")
    month = parse_month(_clean(fields.get("month", ""))) if fields.get("month") else None
    if month is not None:
        draft.month = month
        used.add("month")
    date = _DATE_RE.fullmatch(fields.get("date", ""))
    if date is not None:
        year, month_text, day_text = date.groups()
        month = int(month_text) if month_text and 1 <= int(month_text) <= 12 else None
        day = int(day_text) if day_text and 1 <= int(day_text) <= 31 else None
        if draft.year is None or draft.year == int(year):
            draft.year = int(year)
            draft.month = draft.month or month
            draft.day = day if draft.month == month else None
            if (month_text is None or month) and (day_text is None or day):
                used |= {"date", "year"}
    return used
