"""Recognise arXiv ids and DOIs in the many ways people write them, and key titles for dedup."""

from __future__ import annotations

import functools
import re
import unicodedata

# New-style ids (April 2007 on): YYMM.NNNN until 2014, YYMM.NNNNN from 2015 (either accepted).
_NEW_ID = r"(?P<new>(?P<yy>\d{2})(?P<mm>\d{2})\.\d{4,5})"
# Old-style ids: archive[.SUBJECT-CLASS]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
# The archives that had old-style ids (a regex alternation).
_OLD_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|"
    "cmp-lg|comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|"
    "math|math-ph|mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|"
    "q-fin|quant-ph|solv-int|stat|supr-con"
)
_OLD_ID = (
    rf"(?P<old>(?P<archive>{_OLD_ARCHIVES})"
    r"(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?/(?P<oldnum>\d{7}))"
)
_VERSION = r"(?:[vV](?P<version>\d+))?"
_ID = rf"(?:{_NEW_ID}|{_OLD_ID}){_VERSION}"

_DOI_BODY = r"(?P<doi>10\.\d{4,9}(?:\.\d+)*/\S+)"


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The expressions, compiled on first use: ~2 ms that opening a library never needs."""
    return {
        "bare": re.compile(rf"(?:arxiv\s*:\s*)?{_ID}", re.IGNORECASE),
        "arxiv_url": re.compile(
            rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ID}(?:\.pdf)?/?"
            r"(?:[?#]\S*)?",
            re.IGNORECASE,
        ),
        "hf_url": re.compile(
            rf"(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/{_NEW_ID}{_VERSION}/?"
            r"(?:[?#]\S*)?",
            re.IGNORECASE,
        ),
        "doi": re.compile(
            rf"(?:doi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)?{_DOI_BODY}", re.IGNORECASE
        ),
        # Formatting commands whose argument is the text itself: \emph{X}, \textbf{X}.
        "latex_command": re.compile(r"\\[A-Za-z]+\s*(?=\{)"),
        # Accent commands such as R\"uckert or \'{e}; the accent is dropped like combining
        # marks are.
        "latex_accent": re.compile(r"\\[\"'`^~=.](?=\{?[A-Za-z])"),
    }


# Deleted rather than turned into spaces: "don't" = "dont", "{G}aussian" = "Gaussian".
_DELETED = "'\u2019\u2018\u02bc`{}"


def parse_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """Read an arXiv identifier from an id, an `arXiv:` reference or an arXiv/HF paper URL.

    Args:
        text: e.g. `2401.12345v2`, `arXiv:hep-th/9901001`, `https://arxiv.org/pdf/2401.12345v2.pdf`
            or `https://huggingface.co/papers/2401.12345`.

    Returns:
        `(id, version)` with the version split off (None when not given). Old-style ids are
        returned in their canonical form without the subject class (`math.GT/0309136` gives
        `math/0309136`). None when `text` is not exactly one arXiv identifier.
    """
    candidate = text.strip()
    if not candidate:
        return None
    found = _patterns()
    for pattern in (found["bare"], found["arxiv_url"], found["hf_url"]):
        match = pattern.fullmatch(candidate)
        if match is not None:
            return _from_match(match)
    return None


def _from_match(match: re.Match[str]) -> tuple[str, int | None] | None:
    groups = match.groupdict()
    version_text = groups.get("version")
    version = int(version_text) if version_text is not None else None
    if version == 0:
        return None
    if groups.get("new") is not None:
        month = int(groups["mm"])
        # New-style ids began in April 2007 (0704.0001); YYMM must be a real month.
        if not 1 <= month <= 12 or int(groups["yy"]) * 100 + month < 704:
            return None
        return groups["new"], version
    month = int(groups["oldnum"][2:4])
    if not 1 <= month <= 12:
        return None
    return f"{groups['archive'].lower()}/{groups['oldnum']}", version


def normalize_doi(text: str) -> str | None:
    """Read a DOI written bare, as `doi:…`, or as a doi.org / dx.doi.org URL.

    Args:
        text: the DOI as found in a file or typed by the user.

    Returns:
        The DOI itself (`10.…/…`), lower-cased because DOIs are case-insensitive, or None when
        `text` is not a DOI.
    """
    candidate = text.strip()
    match = _patterns()["doi"].fullmatch(candidate)
    if match is None:
        return None
    doi = match.group("doi")
    if "doi.org/" in candidate[: match.start("doi")].lower():
        from urllib.parse import unquote  # only a DOI written as a URL needs it

        doi = unquote(doi)
        doi = re.split(r"[?#]", doi, maxsplit=1)[0]
        if not re.fullmatch(r"10\.\d{4,9}(?:\.\d+)*/\S+", doi):
            return None
    return doi.lower()


@functools.lru_cache(maxsize=4096)  # an import asks twice per paper (its match, its row)
def title_key(title: str) -> str:
    """A key under which two spellings of the same title compare equal.

    Accents, case, punctuation, LaTeX markup and spacing are ignored, so
    "Flow Straight and Fast: Learning…" and "flow straight and fast learning" share a key.

    Args:
        title: a paper title as written anywhere.

    Returns:
        Lower-case words separated by single spaces (empty when `title` has no letters or digits).
    """
    found = _patterns()
    text = found["latex_accent"].sub("", title)
    text = found["latex_command"].sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    out: list[str] = []
    for ch in text:
        if ch.isalnum():
            out.append(ch)
        elif ch in _DELETED:
            continue
        else:
            out.append(" ")
    return " ".join("".join(out).split())
