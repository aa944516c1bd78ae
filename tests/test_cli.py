"""The command line as a user or a script drives it: output, JSON, exit codes, errors."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from papershelf.cli import main

from tests.conftest import REPO

SMALL_LISTING = REPO / "tests" / "data" / "listing-small.txt"


def run(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> object:
    code, out, err = run(capsys, lib, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def run_json_list(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> list[Any]:
    """`run_json` for a command whose JSON output is an array (list, related, export)."""
    value = run_json(capsys, lib, *args)
    assert isinstance(value, list), value
    return value


def run_json_dict(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> dict[str, Any]:
    """`run_json` for a command whose JSON output is an object (show, search, import)."""
    value = run_json(capsys, lib, *args)
    assert isinstance(value, dict), value
    return value


def test_no_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "import" in capsys.readouterr().out


def test_import_small_listing_then_merge_on_second_import(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    code, out, _ = run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert code == 0
    assert "4 imported, 0 merged (same DOI/arXiv id or entry)" in out
    assert "0 possible duplicates to review, 0 skipped" in out
    code, out, _ = run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert code == 0
    assert "0 imported, 4 merged (same DOI/arXiv id or entry)" in out
    assert "0 possible duplicates to review, 0 skipped" in out
    papers = run_json(capsys, lib_path, "list")
    assert isinstance(papers, list)
    assert len(papers) == 4


def test_sample_listing_imports_twenty_papers_exactly(
    capsys: pytest.CaptureFixture[str], lib_path: Path, sample_listing_text: str
) -> None:
    from tests.conftest import SAMPLE_LISTING

    report = run_json(capsys, lib_path, "import", str(SAMPLE_LISTING))
    assert isinstance(report, dict)
    assert (report["imported"], report["merged"], report["skipped"]) == (20, 0, [])
    report = run_json(capsys, lib_path, "import", str(SAMPLE_LISTING))
    assert isinstance(report, dict)
    assert (report["imported"], report["merged"]) == (0, 20)
    papers = run_json(capsys, lib_path, "list", "--sort", "title")
    assert isinstance(papers, list)
    titles = {p["title"] for p in papers}
    assert len(titles) == 20
    assert "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism" in titles
    for chrome in ("Subscribe", "Mar 11", "byAK and the research community", "new"):
        assert chrome not in titles
        assert all(p["abstract"] and not p["abstract"].startswith(chrome) for p in papers)
    results = run_json(capsys, lib_path, "search", "rectified flow")
    assert isinstance(results, dict)
    assert results["results"][0]["title"].startswith("Flow Straight and Fast")
    assert "**rectified**" in results["results"][0]["snippet"].lower()


def test_edits_persist_and_are_searchable_immediately(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    ids = {p["title"].split(":")[0]: p["id"] for p in run_json_list(capsys, lib_path, "list")}
    gpipe = str(ids["GPipe"])
    assert run(capsys, lib_path, "status", gpipe, "reading")[0] == 0
    assert run(capsys, lib_path, "priority", gpipe, "3")[0] == 0
    assert run(capsys, lib_path, "tag", gpipe, "+pipelines", "+systems", "-nothing")[0] == 0
    assert run(capsys, lib_path, "tag", gpipe, "-systems")[0] == 0
    assert run(capsys, lib_path, "note", gpipe, "--set", "Bubble overhead shrinks")[0] == 0
    assert run(capsys, lib_path, "note", gpipe, "--append", "with more micro-batches.")[0] == 0
    code, _, _ = run(
        capsys,
        lib_path,
        "annotate",
        gpipe,
        "--quote",
        "almost linear speedup",
        "--page",
        "4",
        "--comment",
        "check figure 3",
    )
    assert code == 0

    paper = run_json(capsys, lib_path, "show", gpipe)
    assert isinstance(paper, dict)
    assert paper["status"] == "reading"
    assert paper["priority"] == 3
    assert paper["tags"] == ["pipelines"]
    assert paper["note"] == "Bubble overhead shrinks\n\nwith more micro-batches."
    assert paper["annotations"][0]["page"] == 4
    assert set(paper) >= {
        "id",
        "title",
        "authors",
        "year",
        "venue",
        "abstract",
        "arxiv_id",
        "doi",
        "url",
        "tags",
        "status",
        "priority",
        "note",
        "annotations",
        "added_at",
        "updated_at",
    }

    for query in ("status:reading", "tag:pipelines", "note:bubble", "speedup", "micro-batches"):
        found = run_json(capsys, lib_path, "search", query)
        assert isinstance(found, dict)
        assert [r["id"] for r in found["results"]] == [int(gpipe)], query
        assert {"score", "snippet"} <= set(found["results"][0])

    listed = run_json_list(capsys, lib_path, "list", "--status", "reading")
    assert [p["id"] for p in listed] == [int(gpipe)]
    assert run(capsys, lib_path, "check")[0] == 0


def test_rm_and_restore(capsys: pytest.CaptureFixture[str], lib_path: Path) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert run(capsys, lib_path, "rm", "1")[0] == 0
    assert len(run_json_list(capsys, lib_path, "list")) == 3
    assert run_json_dict(capsys, lib_path, "search", "rectified")["results"] == []
    assert run(capsys, lib_path, "restore", "1")[0] == 0
    assert len(run_json_list(capsys, lib_path, "list")) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "binary"),
        (b"FN Clarivate Analytics Web of Science\nPT J\nAU Smith, J\nER\n", "unrecognised format"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    lib_path: Path,
    tmp_path: Path,
    content: bytes,
    message: str,
) -> None:
    bad = tmp_path / "input.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, lib_path, "import", str(bad))
    assert code == 1
    assert str(bad) in err
    assert message in err
    assert "Traceback" not in err
    assert run_json(capsys, lib_path, "list") == []


def test_missing_file_and_unknown_ids_are_errors(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, lib_path, "import", str(tmp_path / "nope.txt"))
    assert code == 1
    assert "nope.txt" in err
    code, _, err = run(capsys, lib_path, "status", "7", "read")
    assert (code, "no paper with id 7" in err) == (1, True)
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    code, _, err = run(capsys, lib_path, "status", "1", "finished-ish")
    assert code == 1
    assert "unknown status" in err
    code, _, err = run(capsys, lib_path, "priority", "1", "9")
    assert code == 1
    assert "0–3" in err


def test_listing_with_a_missing_abstract_reports_the_line_and_exits_2(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    lines = SMALL_LISTING.read_text("utf-8").split("\n")
    gpipe_abstract = next(i for i, ln in enumerate(lines) if "splits a large network" in ln)
    del lines[gpipe_abstract]
    damaged = tmp_path / "listing.txt"
    damaged.write_text("\n".join(lines), "utf-8")
    code, out, err = run(capsys, lib_path, "import", str(damaged))
    assert code == 2
    assert "3 imported, 0 merged (same DOI/arXiv id or entry)" in out
    assert "0 possible duplicates to review, 1 skipped" in out
    gpipe_line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("GPipe"))
    assert f"{damaged}:{gpipe_line}: skipped" in err
    assert "GPipe" in err


def test_malformed_query_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    code, out, err = run(capsys, lib_path, "search", '"unclosed')
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "unclosed quote" in err


def test_import_from_stdin_and_environment_library(tmp_path: Path) -> None:
    env = {**os.environ, "PAPERSHELF_LIBRARY": str(tmp_path / "env-lib")}
    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "import", "-"],
        input=SMALL_LISTING.read_bytes(),
        capture_output=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"4 imported" in proc.stdout
    assert (tmp_path / "env-lib" / "library.sqlite").exists()
    assert (tmp_path / "env-lib" / "index").is_dir()


def test_an_argument_that_is_not_utf8_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # A shell passes bytes: \xff reaches Python as a lone surrogate SQLite cannot store.
    lib = tmp_path / "lib"
    proc = subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(lib), "list", "--tag", b"\xff"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        check=False,
    )
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    assert b"is not valid text" in proc.stderr
    assert proc.stderr.count(b"\n") == 1


def test_check_reports_drift_and_reindex_repairs(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    from papershelf.library import Library

    run(capsys, lib_path, "import", str(SMALL_LISTING))
    with Library.open(lib_path) as lib:
        index = lib.index()
        index.apply([], deletes=[1, 2], seq=index.seq)
    code, out, _ = run(capsys, lib_path, "check")
    assert code == 1
    assert "2 missing from the index" in out
    assert run(capsys, lib_path, "reindex")[0] == 0
    code, out, _ = run(capsys, lib_path, "check")
    assert code == 0
    assert "OK" in out


def test_related_lists_the_most_similar_paper_first(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    related = run_json(capsys, lib_path, "related", "1", "--limit", "3")
    assert isinstance(related, list)
    assert 1 not in [p["id"] for p in related]
    code, out, _ = run(capsys, lib_path, "related", "1")
    assert code == 0
    assert len(out.strip().splitlines()) == len(related)


def test_note_edit_uses_the_editor_and_keeps_the_text(
    capsys: pytest.CaptureFixture[str],
    lib_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    run(capsys, lib_path, "note", "1", "--set", "first line")
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "\\nadded in the editor" >> "$1"\n', "utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    assert run(capsys, lib_path, "note", "1", "--edit")[0] == 0
    paper = run_json_dict(capsys, lib_path, "show", "1")
    assert paper["note"] == "first line\nadded in the editor"
    monkeypatch.setenv("EDITOR", "false")
    code, _, err = run(capsys, lib_path, "note", "1", "--edit")
    assert code == 1
    assert "note left unchanged" in err
    assert run_json_dict(capsys, lib_path, "show", "1")["note"] == paper["note"]


def test_invalid_utf8_bytes_do_not_stop_an_import(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    data = SMALL_LISTING.read_bytes().replace(b"straight", b"str\xffaight", 1)
    listing = tmp_path / "listing.txt"
    listing.write_bytes(data)
    code, out, err = run(capsys, lib_path, "import", str(listing))
    assert code == 0, err
    assert "4 imported" in out


def test_reimporting_a_trashed_paper_brings_it_back(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert run_json(capsys, lib_path, "rm", "2") == {"trashed": 1, "ids": [2]}
    code, out, _ = run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert code == 0
    assert "4 merged (same DOI/arXiv id or entry; 1 restored from the trash)" in out
    assert run_json(capsys, lib_path, "list", "--trash") == []
    found = run_json_dict(capsys, lib_path, "search", "gpipe")
    assert [r["id"] for r in found["results"]] == [2]


def test_bad_limits_and_odd_queries_never_give_a_traceback(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    with pytest.raises(SystemExit) as info:
        main(["--library", str(lib_path), "search", "flow", "--limit", "0"])
    assert info.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err
    for query in ("x~", "a~5", "note:x~", "transformer~9", "*", "-", "NOT", "(((", 'title:"'):
        code, _, err = run(capsys, lib_path, "search", query)
        assert "Traceback" not in err, query
        assert code in (0, 1), query


def test_export_bibtex_and_a_markdown_vault(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    code, out, _ = run(capsys, lib_path, "export", "gpipe")
    assert code == 0
    assert out.startswith("@misc{") or out.startswith("@article{")
    assert "GPipe" in out
    assert out.count("\n@") == 0, "one paper only"
    vault = tmp_path / "vault"
    assert run(capsys, lib_path, "export", "--format", "markdown", "-o", str(vault))[0] == 0
    assert len(list(vault.glob("*.md"))) == 4
    assert run(capsys, lib_path, "export", "--format", "markdown", "-o", str(vault))[0] == 0
    assert len(list(vault.glob("*.md"))) == 4, "re-exporting updates the files in place"
    code, _, err = run(capsys, lib_path, "export", "--format", "markdown")
    assert code == 1
    assert "-o DIR" in err


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_export_then_import_into_an_empty_library_keeps_every_field(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path, fmt: str
) -> None:
    from papershelf.core.models import PaperDraft
    from papershelf.library import Library

    drafts = [
        PaperDraft(
            title="Flow Straight and Fast: Rectified Flow",
            year=2022,
            authors=["Xingchao Liu", "Chengyue Gong", "Qiang Liu"],
            abstract="Straight paths, 50% fewer steps & more.",
            arxiv_id="2209.03003",
            venue="ICLR",
        ),
        PaperDraft(
            title="Ant Colony Optimization",
            year=2004,
            authors=["Thomas Stützle", "Marco Dorigo"],
            doi="10.7551/mitpress/1290.001.0001",
            venue="MIT Press",
        ),
    ]
    with Library.open(lib_path) as lib:
        lib.import_drafts(drafts)
    out = tmp_path / f"export.{fmt}"
    assert run(capsys, lib_path, "export", "--format", fmt, "-o", str(out))[0] == 0
    other = tmp_path / "other"
    report = run_json(capsys, other, "import", str(out))
    assert isinstance(report, dict)
    assert (report["imported"], report["skipped"]) == (2, [])
    before = {p["title"]: p for p in run_json_list(capsys, lib_path, "list")}
    after = {p["title"]: p for p in run_json_list(capsys, other, "list")}
    assert set(after) == set(before)
    for title, paper in before.items():
        for field in ("authors", "year", "arxiv_id", "doi", "abstract"):
            assert after[title][field] == paper[field], (fmt, title, field)


def test_bibtex_keeps_citation_keys_types_and_unknown_fields(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@book{Dorigo:ACO,\n  title = {Ant Colony Optimization},\n"
        '  author = {Dorigo, Marco and St{\\"u}tzle, Thomas},\n  year = 2004,\n'
        "  publisher = {MIT Press},\n  isbn = {978-0-262-04219-2},\n}\n"
        "@article{vaswani,\n  title = {Attention Is All You Need},\n  author = {Vaswani, Ashish},\n"
        "  journal = {NeurIPS},\n  year = {2017},\n  eprint = {1706.03762},\n"
        "  archivePrefix = {arXiv},\n}\n",
        "utf-8",
    )
    assert run(capsys, lib_path, "import", str(bib))[0] == 0
    paper = run_json_dict(capsys, lib_path, "show", "1")
    assert paper["authors"] == ["Marco Dorigo", "Thomas Stützle"]
    code, out, _ = run(capsys, lib_path, "export", "--format", "bibtex")
    assert code == 0
    assert "@book{Dorigo:ACO," in out
    assert "isbn = {978-0-262-04219-2}" in out
    assert "publisher = {MIT Press}" in out
    assert 'St{\\"u}tzle' in out
    code, out, _ = run(capsys, lib_path, "export", "--format", "biblatex", "attention")
    assert code == 0
    assert "@article{vaswani," in out
    assert "journaltitle = {NeurIPS}" in out
    assert "date = {2017}" in out
    assert "eprinttype = {arxiv}" in out


def test_citation_keys_are_user_editable_and_kept(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    code, out, _ = run(capsys, lib_path, "key", "2")
    assert (code, out.strip()) == (0, "anongpipe")  # no authors or year in a listing
    assert run(capsys, lib_path, "key", "2", "huang2019gpipe")[0] == 0
    _, out, _ = run(capsys, lib_path, "export", "gpipe")
    assert "{huang2019gpipe," in out
    code, _, err = run(capsys, lib_path, "key", "1", "huang2019gpipe")
    assert code == 1
    assert "already has the key" in err
    code, _, err = run(capsys, lib_path, "key", "1", "has space")
    assert code == 1
    assert "invalid citation key" in err
    assert run(capsys, lib_path, "key", "2", "--reset")[0] == 0
    assert run(capsys, lib_path, "key", "2")[1].strip() == "anongpipe"


def test_keys_do_not_depend_on_what_is_exported_and_odd_keys_still_export(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    ris = tmp_path / "two.ris"
    ris.write_text(
        "TY  - JOUR\nTI  - Attention models\nAU  - Vaswani, Ashish\nPY  - 2017\nER  - \n\n"
        "TY  - CONF\nTI  - Attention again\nAU  - Vaswani, Ashish\nPY  - 2017\n"
        "T2  - Some Workshop\nER  - \n",
        "utf-8",
    )
    run(capsys, lib_path, "import", str(ris))
    assert run(capsys, lib_path, "key", "2")[1].strip() == "vaswani2017attentiona"
    _, out, _ = run(capsys, lib_path, "export", "again")
    assert "{vaswani2017attentiona," in out, "same key as in a whole-library export"
    _, out, _ = run(capsys, lib_path, "export", "--format", "ris", "again")
    assert "TY  - CONF" in out
    assert run(capsys, lib_path, "key", "1", "DBLP:journals/corr/X17")[0] == 0
    vault = tmp_path / "vault"
    assert run(capsys, lib_path, "export", "--format", "markdown", "-o", str(vault))[0] == 0
    # Paper 1 has its own key now, so paper 2 no longer needs the suffix.
    assert sorted(p.name for p in vault.glob("*.md")) == [
        "DBLP_journals_corr_X17.md",
        "vaswani2017attention.md",
    ]
    code, _, err = run(capsys, lib_path, "key", "1", "")
    assert code == 1
    assert "invalid citation key" in err
    empty = tmp_path / "empty.json"
    empty.write_text("[]", "utf-8")
    code, _, err = run(capsys, lib_path, "import", str(empty))
    assert code == 1
    assert "no papers found" in err


def test_corporate_bibtex_authors_stay_whole_in_every_export(
    capsys: pytest.CaptureFixture[str], lib_path: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "corp.bib"
    bib.write_text(
        "@techreport{who2020,\n  title = {Global Report},\n"
        "  author = {{World Health Organization} and Jane Doe},\n  year = {2020},\n}\n",
        "utf-8",
    )
    run(capsys, lib_path, "import", str(bib))
    _, out, _ = run(capsys, lib_path, "export", "--format", "bibtex")
    assert "author = {{World Health Organization} and Doe, Jane}," in out
    _, out, _ = run(capsys, lib_path, "export", "--format", "ris")
    assert "AU  - World Health Organization" in out
    csl = run_json(capsys, lib_path, "export", "--format", "csl-json")
    assert isinstance(csl, list)
    assert csl[0]["author"][0] == {"literal": "World Health Organization"}


# --- a call builds the parser of its own command only (cold start, issue 21) -------------


def _exit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `argv` where argparse ends the call: its exit status and what it printed."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_command_names_are_the_commands_of_the_whole_parser() -> None:
    from papershelf.cli import build_parser, command_names

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert command_names() == list(sub.choices)
    assert {"import", "list", "export", "feeds", "resolve", "restore-backup"} <= set(sub.choices)


def test_global_options_before_the_command_still_apply(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    assert main(["--lib", str(lib_path), "--json", "list", "--limit", "1"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    assert main([f"--library={lib_path}", "--js", "show", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 1


def test_a_mistyped_command_is_told_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _exit(["--library", "x", "lst"], capsys)
    assert code == 2
    assert "invalid choice: 'lst'" in err
    for name in ("list", "export", "feeds"):
        assert f"'{name}'" in err


def test_help_and_errors_of_one_command_are_those_of_the_whole_parser(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    from papershelf.cli import build_parser

    code, out, _ = _exit(["--library", str(lib_path), "export", "--help"], capsys)
    assert code == 0
    assert "--format FORMAT" in out
    assert "biblatex, bibtex, csl-json, markdown, ris" in out
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "--help"])
    assert capsys.readouterr().out == out
    code, _, err = _exit(["--library", str(lib_path), "import", "-", "--format", "docx"], capsys)
    assert code == 2
    assert "argument --format: invalid choice: 'docx' (choose from 'auto', " in err
    code, out, _ = _exit(["--help"], capsys)
    assert code == 0
    assert "restore-backup" in out


def test_list_limit_gives_the_first_rows_of_the_whole_listing(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    run(capsys, lib_path, "import", str(SMALL_LISTING))
    for order in (["--sort", "title"], ["--sort", "title", "--reverse"], []):
        every = [p["id"] for p in run_json_list(capsys, lib_path, "list", *order)]
        first = [p["id"] for p in run_json_list(capsys, lib_path, "list", *order, "--limit", "2")]
        assert len(every) == 4
        assert first == every[:2]
