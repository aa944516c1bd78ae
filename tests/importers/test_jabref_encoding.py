"""JabRef's charset-detection cases, one by one: each file decodes to the text JabRef expects.

The files (../shared/fixtures/jabref/bibtex/encoding/) cover UTF-8 with and without JabRef's
`% Encoding:` header, Windows-1252 with and without it, Windows-1252 bytes declared as UTF-8,
and UTF-16 big- and little-endian with and without a byte order mark.
"""

from __future__ import annotations

import pytest
from papershelf.importers.registry import choose_importer
from papershelf.importers.textio import decode_bytes

from tests.conftest import shared_file

FOLDER = "fixtures/jabref/bibtex/encoding"
UMLAUT: dict[str, object] = {"title": "Ü ist ein Umlaut"}
TURKEY: dict[str, object] = {
    "title": "Investigation of the best suture pattern to close a stuffed Christmas turkey",
    "authors": ["D. Verwilghen", "V. Busoni", "G. van Galen", "M. Wilke"],
    "doi": "10.1136/vr.d6221",
    "year": 2011,
    "venue": "Veterinary Record",
}
CASES: dict[str, dict[str, object]] = {
    "encoding-us-ascii-with-header.bib": {"title": "testtitle"},
    "encoding-utf-16BE-with-header.bib": UMLAUT,
    "encoding-utf-16BE-without-header.bib": UMLAUT,
    "encoding-utf-8-with-header-with-databasetypecomment.bib": UMLAUT,
    "encoding-utf-8-with-header.bib": UMLAUT,
    "encoding-utf-8-without-header-with-databasetypecomment.bib": UMLAUT,
    "encoding-utf-8-without-header.bib": UMLAUT,
    # The header says UTF-8 but the bytes are Windows-1252 (0xA0, a no-break space).
    "encoding-windows-1252-but-utf-8-declared--decoding-fails.bib": {"authors": ["Test I. Last"]},
    "encoding-windows-1252-with-header.bib": {"abstract": "25° C"},
    "encoding-windows-1252-without-header.bib": {"abstract": "25° C"},
    "tiny-BE-noBOM.bib": TURKEY,
    "tiny-BE-withBOM.bib": TURKEY,
    "tiny-LE-noBOM.bib": TURKEY,
    "tiny-LE-withBOM.bib": TURKEY,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_jabref_encoding_case(name: str) -> None:
    path = shared_file(f"{FOLDER}/{name}")
    text = decode_bytes(path.read_bytes(), path=str(path))
    importer = choose_importer(text, "auto", path=str(path))
    assert importer.name == "bibtex"
    result = importer.parse(text)
    assert not result.skipped
    (draft,) = result.drafts
    for field, expected in CASES[name].items():
        assert getattr(draft, field) == expected, (name, field)


def test_every_encoding_case_is_listed() -> None:
    folder = shared_file(FOLDER)
    assert sorted(p.name for p in folder.iterdir()) == sorted(CASES)
