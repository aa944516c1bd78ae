"""Citation keys (`vaswani2017attention`) that stay the same across every export format."""

from __future__ import annotations

import re
from collections.abc import Sequence

from papershelf.core.models import Paper
from papershelf.exporters.common import fold_ascii, parse_name

STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "via", "towards", "toward"}
    | {"is", "are", "at", "by", "from"}
)

_NON_LETTERS_RE = re.compile(r"[^a-z]+")
_TOKEN_RE = re.compile(r"[a-z0-9]+")
# A key from an imported .bib is kept when BibTeX and biber would accept it.
_KEPT_KEY_RE = re.compile(r"[^\s,{}()\"'#%~\\=]+")


def _letters(text: str) -> str:
    return _NON_LETTERS_RE.sub("", fold_ascii(text).lower())


def _author_part(paper: Paper) -> str:
    if not paper.authors:
        return "anon"
    name = parse_name(paper.authors[0])
    word = name.literal or name.family
    # The last word of the family name: "van der Berg" -> "berg".
    words = word.split()
    return _letters(words[-1]) if words else ""


def _title_part(title: str) -> str:
    folded = fold_ascii(title).lower().replace("'", "").replace("\u2019", "")
    tokens: list[str] = _TOKEN_RE.findall(folded)
    for token in tokens:
        # Tokens with digits ("3d", "4" in "gpt-4") make poor key words; take the next one.
        if token in STOP_WORDS or not token.isalpha():
            continue
        return token
    return ""


def citation_key(paper: Paper) -> str:
    """The paper's citation key: the one it was imported with, if it had one.

    Otherwise `<family><year><first title word>` folded to lower-case ASCII letters
    (`vaswani2017attention`).
    """
    kept = paper.citation_key
    if kept and _KEPT_KEY_RE.fullmatch(kept):
        return kept
    author = _author_part(paper) or "anon"
    year = str(paper.year) if paper.year is not None else ""
    return f"{author}{year}{_title_part(paper.title)}"


def _suffix(n: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "aa": bijective base 26."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def assign_keys(papers: Sequence[Paper]) -> dict[int, str]:
    """Citation keys for `papers`, by paper id, unique among them.

    When several papers share a key, the one with the lowest id keeps the bare key and the
    others, in increasing id order, get "a", "b", … appended (skipping any suffixed key that
    another paper already has as its bare key). Keys differing only in case count as the
    same. So the oldest paper's key never changes when a look-alike is added later.
    """
    ordered = sorted({p.id: p for p in papers}.values(), key=lambda p: p.id)
    base = {p.id: citation_key(p) for p in ordered}
    # Keys are compared without case: BibTeX and biber take `Zhou_2006` and `zhou_2006` for
    # one key spelled two ways ("case mismatch"), so two papers may not have them.
    used: set[str] = set()
    keys: dict[int, str] = {}
    taken_bare = {k.casefold() for k in base.values()}
    next_suffix: dict[str, int] = {}
    for paper in ordered:
        key = base[paper.id]
        if key.casefold() not in used:
            keys[paper.id] = key
            used.add(key.casefold())
            continue
        n = next_suffix.get(key.casefold(), 0)
        while (candidate := f"{key}{_suffix(n)}".casefold()) in used or candidate in taken_bare:
            n += 1
        keys[paper.id] = f"{key}{_suffix(n)}"
        used.add(keys[paper.id].casefold())
        next_suffix[key.casefold()] = n + 1
    return keys
