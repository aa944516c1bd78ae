"""A highlight over a compound broken at its own hyphen keeps it: dragging over "use a proof-"
/ "of-work system" on page 3 of the Bitcoin paper made the quote "use a proofof-work system"."""

from __future__ import annotations

from papershelf.gui.reader.selection import quote_text


def test_a_compounds_line_end_hyphen_is_kept() -> None:
    assert quote_text("use a proof\ufffeof-work system") == "use a proof-of-work system"
    assert quote_text("a peer-to\ufffe\r\npeer network") == "a peer-to-peer network"
    assert quote_text("a peer-to-\r\npeer network") == "a peer-to-peer network"
    assert quote_text("x-\r\ny-z") == "x-y-z"


def test_a_word_split_at_a_line_end_is_still_joined() -> None:
    assert quote_text("arti\ufffefacts at\r\ndiffer-\r\nent  levels ") == (
        "artifacts at different levels"
    )
    assert quote_text("soft\u00adhyphen") == "softhyphen"
