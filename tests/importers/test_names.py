"""Initials written as capitals (`KC Wright`, `Smith, JA`) are stored spaced, so none is lost.

Kept as one word, `KC` renders as "Wright, K." in every style that shortens given names.
"""

from __future__ import annotations

import pytest
from papershelf.importers.bibtex import BibtexImporter
from papershelf.importers.names import spaced_initials
from papershelf.importers.ris import RisImporter


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("KC", "Wright", "K. C."),
        ("JEM", "Haverkort", "J. E. M."),
        ("ÉA", "Noël", "É. A."),
        ("LI", "WANG", "LI"),  # the whole name in capitals: a name, not initials
        ("ABCD", "Smith", "ABCD"),  # four capitals: an acronym or a name
        ("K", "Wright", "K"),
        ("Kc", "Wright", "Kc"),
        ("K.C.", "Wright", "K.C."),
    ],
)
def test_spaced_initials(given: str, family: str, expected: str) -> None:
    assert spaced_initials(given, family) == expected


def test_bibtex_capital_initials_are_spaced_in_either_name_order() -> None:
    text = """@article{lumen2021,
  author = {Hoang, TN and KC Ostrowski and Ruiz, Maria and {IBM} Research
            and {KC} Dorsey and PARK, JIN and Olsen, Jr., AB},
  editor = {Mbeki, SZ},
  title = {Light transport in layered media},
  year = {2021}
}
"""
    (draft,) = BibtexImporter().parse(text).drafts
    assert draft.authors == [
        "T. N. Hoang",
        "K. C. Ostrowski",
        "Maria Ruiz",
        "IBM Research",  # braced: left as written
        "KC Dorsey",
        "JIN PARK",
        "A. B. Olsen Jr.",
    ]
    assert draft.editors == ["S. Z. Mbeki"]


def test_ris_capital_initials_are_spaced() -> None:
    text = (
        "TY  - JOUR\nTI  - Light transport in layered media\nAU  - Hoang, TN\n"
        "AU  - PARK, JIN\nAU  - Olsen, AB, Jr\nAU  - Ruiz, Maria\nA2  - Mbeki, SZ\nER  -\n"
    )
    (draft,) = RisImporter().parse(text).drafts
    assert draft.authors == ["T. N. Hoang", "JIN PARK", "A. B. Olsen Jr", "Maria Ruiz"]
    assert draft.editors == ["S. Z. Mbeki"]
