"""Possible duplicates end to end: real files imported, listed, merged and told apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from papershelf.library import Library

from tests.conftest import shared_file
from tests.test_cli import run, run_json_dict, run_json_list

# Two issues of one journal volume, each with its own "Calendar": one work per entry.
CALENDARS = """
@article{cal-9-1, title = {Calendar}, journal = {TUGboat}, year = {1988},
  volume = {9}, number = {1}, pages = {100--101}}
@article{cal-9-2, title = {Calendar}, journal = {TUGboat}, year = {1988},
  volume = {9}, number = {2}, pages = {200--201}}
@article{gpipe, title = {GPipe}, year = {2019}, doi = {10.1000/gpipe}}
"""


def test_an_issue_per_entry_is_kept_listed_and_can_be_merged(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "tugboat.bib"
    bib.write_text(CALENDARS, "utf-8")
    code, out, _ = run(capsys, lib_path, "import", str(bib))
    assert code == 0
    assert "3 imported, 0 merged" in out
    assert "1 possible duplicates to review" in out
    groups = run_json_list(capsys, lib_path, "duplicates")
    assert [g["paper_ids"] for g in groups] == [[1, 2]]
    assert "issue 1 vs 2" in groups[0]["reason"]
    # Importing the same file again recognises every entry by its key.
    code, out, _ = run(capsys, lib_path, "import", str(bib))
    assert "0 imported, 3 merged" in out
    merged = run_json_dict(capsys, lib_path, "merge", "1", "2")
    assert merged["id"] == 1
    assert run_json_list(capsys, lib_path, "duplicates") == []


def test_not_duplicates_empties_the_list(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "tugboat.bib"
    bib.write_text(CALENDARS, "utf-8")
    run(capsys, lib_path, "import", str(bib))
    code, out, _ = run(capsys, lib_path, "not-duplicates", "1", "2")
    assert code == 0
    assert "not duplicates" in out
    code, out, _ = run(capsys, lib_path, "duplicates")
    assert "no possible duplicates" in out
    code, _, err = run(capsys, lib_path, "not-duplicates", "1", "1")
    assert code == 1
    assert "two different papers" in err


def test_zoteros_ris_cases_import_one_paper_per_record(tmp_path: Path) -> None:
    cases = json.loads(shared_file("fixtures/zotero-translators/ris-cases.json").read_text("utf-8"))
    for n, case in enumerate(cases):
        with Library.open(tmp_path / f"lib{n}", indexing="none") as lib:
            report = lib.import_text(case["input"], source=f"case{n}.ris")
            assert lib.count() == len(case["expected"]), case.get("id", n)
            assert report.merged == 0


def test_two_keys_of_one_file_are_never_merged_but_a_reused_key_is_no_match(
    library: Library, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a1, title = {Hidden states}, doi = {10.1063/1.4823723}, year = {2013}}\n"
        "@article{a2, title = {Hidden states at GaN}, doi = {10.1063/1.4823723}, year = {2013}}\n"
        "@article{dup, title = {Interface dynamics}, year = {2016}}\n"
        "@article{dup, title = {Phase transformation}, year = {2016}}\n",
        "utf-8",
    )
    report = library.import_file(str(bib))
    assert library.count() == 4
    assert report.possible == 1
    assert [g.reason for g in library.duplicate_groups()] == ["same DOI; keys a1 vs a2 in one file"]
