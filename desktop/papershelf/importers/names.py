"""Person names as importers store them ("Given Family"), shared by the text-name formats."""

from __future__ import annotations


def spaced_initials(given: str, family: str) -> str:
    """`KC` → `K. C.`: a given name of two or three capitals beside a family name that is not.

    Such a given name is initials written without dots (`KC Wright`, PubMed's `Smith, JA`).
    Kept as one word, a style that shortens given names prints it as one initial: pandoc
    renders `KC Wright` as "Wright, K." in APA, Vancouver or IEEE, and BibTeX's `{f.}` does
    the same, so the second initial never reaches the citation. A family name in capitals
    too (`WANG, LI`) says the whole record is in capitals, and the given name stays a name.
    """
    if 2 <= len(given) <= 3 and given.isalpha() and given.isupper() and family != family.upper():
        return " ".join(f"{letter}." for letter in given)
    return given
