"""Editing a paper's metadata field by field (the Info section, `papershelf set`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.core.errors import InvalidInputError
from papershelf.exporters.registry import export_text
from papershelf.library import Library
from papershelf.library.ops import SetPaperFields

from tests.ops.helpers import add_papers, round_trip, shown


def test_editing_bibliographic_fields_is_saved_and_undone_exactly(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        (pid,) = add_papers(lib, 1)
        op = SetPaperFields.of(
            pid,
            {
                "entry_type": "Article",
                "volume": "9",
                "issue": "3",
                "pages": "263 -- 264",
                "month": "September",
                "editors": "Ada Lovelace; Alan Turing",
                "publisher": "TUG",
            },
        )
        _, _, after = round_trip(lib, op, lambda: shown(lib, pid))
        assert after["entry_type"] == "article"
        assert after["pages"] == "263-264"
        assert after["month"] == 9
        assert after["editors"] == ["Ada Lovelace", "Alan Turing"]
        # The fields survive a reopen: they are columns, not widget state.
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        paper = lib.get(pid)
        assert (paper.volume, paper.issue, paper.publisher) == ("9", "3", "TUG")


def test_a_value_a_field_cannot_hold_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        (pid,) = add_papers(lib, 1)
        before = shown(lib, pid)
        for values in ({"month": "Smarch"}, {"title": "  "}, {"entry_type": "poem"}):
            with pytest.raises(InvalidInputError):
                SetPaperFields.of(pid, {"volume": "12", **values}).apply(lib)
        assert shown(lib, pid) == before


def test_a_citation_key_is_unique_and_used_by_the_export(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", indexing="none") as lib:
        first, second = add_papers(lib, 2)
        SetPaperFields.of(first, {"citation_key": "knuth1984tex"}).apply(lib)
        assert lib.citation_key(first) == "knuth1984tex"
        with pytest.raises(InvalidInputError, match="already has the key"):
            SetPaperFields.of(second, {"citation_key": "knuth1984tex"}).apply(lib)
        text = export_text(lib.get_many([first]), "bibtex", lib.citation_keys([first]))
        assert text.startswith("@")
        assert "{knuth1984tex," in text


def test_the_command_line_sets_fields_and_names_a_bad_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from papershelf.cli import main

    with Library.open(tmp_path / "lib", indexing="none") as lib:
        (pid,) = add_papers(lib, 1)
    args = ["--library", str(tmp_path / "lib")]
    assert main([*args, "--json", "set", str(pid), "volume=9", "pages=263--264", "month=sep"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["volume"], shown["pages"], shown["month"]) == ("9", "263-264", 9)
    assert main([*args, "set", str(pid), "month=Smarch"]) != 0
    assert "month must be" in capsys.readouterr().err
    assert main([*args, "set", str(pid), "colour=blue"]) != 0
    assert "'colour' is not a field" in capsys.readouterr().err
