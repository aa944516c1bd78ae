"""Hostile input and hostile machines (issue 15 §3–§5): no traceback, no hang, no overwrite.

Each test drives the real command line (in-process through `main`, or as a subprocess when
the point is what reaches the terminal) against a real library in the test's folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from papershelf.cli import main
from papershelf.library import Library

from tests.conftest import REPO, make_draft

GUARD = 60
"""Seconds before a subprocess that should end at once counts as hung (a guard, not a check)."""


def _cli(capsys: pytest.CaptureFixture[str], lib: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(lib), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _run(lib: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "papershelf", "--library", str(lib), *args],
        text=True,
        cwd=REPO,
        check=False,
        timeout=GUARD,
        **kwargs,
    )


def _one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("papershelf: error: "), err
    return lines[0]


@pytest.fixture
def small_lib(lib_path: Path) -> Path:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(3)])
    return lib_path


# --- §3 no traceback: exports that cannot be written --------------------------------------


@pytest.mark.parametrize("fmt", ["bibtex", "csl-json", "ris"])
def test_export_to_a_missing_folder_names_it(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "no-such-folder" / "out.bib"
    code, _, err = _cli(capsys, small_lib, "export", "--format", fmt, "-o", str(target))
    assert code == 1
    line = _one_line_error(err)
    assert str(target) in line
    assert "does not exist" in line
    assert not target.parent.exists()


def test_export_to_a_directory_names_it(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = _cli(capsys, small_lib, "export", "-o", str(folder))
    assert code == 1
    line = _one_line_error(err)
    assert str(folder) in line
    assert "folder" in line
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_export_to_a_full_device_is_one_line(
    capsys: pytest.CaptureFixture[str], small_lib: Path
) -> None:
    code, _, err = _cli(capsys, small_lib, "export", "-o", "/dev/full")
    assert code == 1
    line = _one_line_error(err)
    assert "/dev/full" in line
    assert "No space left on device" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "the device itself is left alone"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("export",), ("list",), ("export", "--format", "csl-json")])
def test_standard_output_on_a_full_device_is_one_line(small_lib: Path, args: tuple[str]) -> None:
    with open("/dev/full", "w") as full:
        proc = _run(small_lib, *args, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 1
    line = _one_line_error(proc.stderr)
    assert "standard output" in line
    assert "No space left on device" in line


# --- §3 no traceback: numbers too big for SQLite -------------------------------------------


@pytest.mark.parametrize(
    "ref", ["99999999999999999999999", "9223372036854775808", "²", "٣٣"], ids=str
)
@pytest.mark.parametrize("command", ["show", "related", "files", "key", "note"])
def test_a_huge_or_odd_paper_id_is_no_such_paper(
    capsys: pytest.CaptureFixture[str], small_lib: Path, command: str, ref: str
) -> None:
    code, _, err = _cli(capsys, small_lib, command, ref)
    assert code == 1
    line = _one_line_error(err)
    assert "no paper" in line


def test_a_huge_id_among_several_is_no_such_paper(
    capsys: pytest.CaptureFixture[str], small_lib: Path
) -> None:
    for command in (["rm", "1", "99999999999999999999999"], ["status", "99999999999999999999"]):
        code, _, err = _cli(
            capsys, small_lib, *command, *(["read"] if command[0] == "status" else [])
        )
        assert code == 1
        assert "no paper" in _one_line_error(err)
    with Library.open(small_lib) as lib:
        assert lib._store.count(trashed=True) == 0, "all or nothing"


@pytest.mark.parametrize("page", ["99999999999999999999999", "0", "-3"])
def test_annotate_a_page_out_of_range(
    capsys: pytest.CaptureFixture[str], small_lib: Path, page: str
) -> None:
    code, _, err = _cli(capsys, small_lib, "annotate", "1", "--quote", "q", "--page", page)
    assert code == 1
    assert "page" in _one_line_error(err)
    assert "out of range" in err


@pytest.mark.parametrize("ref", ["99999999999999999999999", "²"])
def test_huge_feed_and_inbox_ids_are_clear(
    capsys: pytest.CaptureFixture[str], small_lib: Path, ref: str
) -> None:
    for args in (["feeds", "remove", ref], ["feeds", "fetch", ref], ["triage", ref, "add"]):
        code, _, err = _cli(capsys, small_lib, *args)
        assert code == 1, args
        _one_line_error(err)


# --- §3 the command line's last line of defence --------------------------------------------


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(28, "No space left on device", "/x/index/_MAIN_1.toc"), "/x/index/_MAIN_1.toc"),
        (MemoryError(), "memory"),
        (RecursionError("maximum recursion depth exceeded"), "too deeply"),
    ],
    ids=["enospc", "memory", "recursion"],
)
def test_os_memory_and_recursion_errors_become_one_line(
    capsys: pytest.CaptureFixture[str],
    small_lib: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    words: str,
) -> None:
    def fail(self: Library) -> None:
        raise error

    monkeypatch.setattr(Library, "stats", fail)
    code, _, err = _cli(capsys, small_lib, "stats")
    assert code == 1
    assert words in _one_line_error(err)


# --- §2 one bad byte: export and list skip the paper, `check` names it ---------------------


def _damage_title(lib_path: Path, paper_id: int) -> None:
    """Invalid UTF-8 in one title, written as another tool (or a bit flip) would."""
    import sqlite3

    conn = sqlite3.connect(lib_path / "library.sqlite")
    with conn:
        conn.execute("UPDATE papers SET title = CAST(X'ff' AS TEXT) WHERE id = ?", [paper_id])
    conn.close()


def test_unreadable_papers_names_each_damaged_paper(small_lib: Path) -> None:
    import sqlite3

    from papershelf.storage.readcheck import unreadable_papers

    with Library.open(small_lib) as lib:
        assert unreadable_papers(lib._db) == []
        lib.set_note(3, "fine")
    _damage_title(small_lib, 2)
    conn = sqlite3.connect(small_lib / "library.sqlite")
    with conn:
        conn.execute("UPDATE notes SET body = CAST(X'c3' AS TEXT) WHERE paper_id = 3")
        conn.execute("UPDATE papers SET authors = '[broken' WHERE id = 1")
    conn.close()
    with Library.open(small_lib, indexing="none") as lib:
        found = unreadable_papers(lib._db)
    assert [pid for pid, _ in found] == [1, 2, 3]
    reasons = dict(found)
    assert "title" in reasons[2]
    assert "UTF-8" in reasons[2]
    assert "body" in reasons[3]
    assert reasons[1]


def test_unreadable_papers_looks_past_the_paper_row(small_lib: Path) -> None:
    import sqlite3

    from papershelf.storage.readcheck import unreadable_papers

    conn = sqlite3.connect(small_lib / "library.sqlite")
    with conn:
        conn.execute(
            "UPDATE status_history SET changed_at = CAST(X'80' AS TEXT) WHERE paper_id = 2"
        )
    conn.close()
    with Library.open(small_lib, indexing="none") as lib:
        assert unreadable_papers(lib._db) == [
            (2, "status_history.changed_at is not valid UTF-8 text")
        ]


def _export_args(fmt: str, tmp_path: Path) -> list[str]:
    if fmt == "markdown":
        return ["export", "--format", "markdown", "-o", str(tmp_path / "vault")]
    return ["export", "--format", fmt]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "ris", "markdown"])
def test_export_skips_an_unreadable_paper_and_names_it(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path, fmt: str
) -> None:
    _damage_title(small_lib, 2)
    code, out, err = _cli(capsys, small_lib, *_export_args(fmt, tmp_path))
    assert code == 2, err
    assert "Traceback" not in err
    assert "paper 2" in err
    assert "UTF-8" in err
    if fmt == "markdown":
        notes = sorted(p.name for p in (tmp_path / "vault").glob("*.md"))
        assert len(notes) == 2
        out = "".join(p.read_text("utf-8") for p in (tmp_path / "vault").glob("*.md"))
    assert "Paper number 0" in out
    assert "Paper number 2" in out
    assert "Paper number 1" not in out


def test_list_skips_an_unreadable_paper_and_names_it(
    capsys: pytest.CaptureFixture[str], small_lib: Path
) -> None:
    import json

    _damage_title(small_lib, 2)
    code, out, err = _cli(capsys, small_lib, "list", "--json")
    assert code == 2
    assert [p["id"] for p in json.loads(out)] == [3, 1]
    assert "paper 2" in err
    code, out, err = _cli(capsys, small_lib, "list")
    assert code == 2
    assert len(out.splitlines()) == 2
    assert "paper 2" in err


# --- §5 nothing escapes: terminal control characters ---------------------------------------

HOSTILE_TITLE = "Evil \x1b]0;pwned\x07 title \x1b[2J\x9b2J\u202egnp.exe\r done"
HOSTILE_TAG = "\x1b[31mred\x7f"


def _hostile_lib(lib_path: Path) -> Path:
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(1, title=HOSTILE_TITLE, abstract="evil words here")])
        lib.change_tags([1], [HOSTILE_TAG], [])
        lib.set_note(1, "note \x1b[2J here")
    return lib_path


def _assert_no_controls(text: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\r"):
        assert char not in text, (char, text)


@pytest.mark.parametrize(
    "args",
    [("list",), ("search", "evil"), ("show", "1"), ("tags",), ("note", "1"), ("tag", "1")],
    ids=lambda a: a[0],
)
def test_control_characters_are_shown_not_obeyed(
    capsys: pytest.CaptureFixture[str], lib_path: Path, args: tuple[str, ...]
) -> None:
    _hostile_lib(lib_path)
    code, out, err = _cli(capsys, lib_path, *args)
    assert code == 0, err
    _assert_no_controls(out)
    _assert_no_controls(err)
    if args[0] in ("list", "show", "search"):
        assert "\\x1b]0;pwned\\x07" in out, "shown escaped, so the user sees them"


def test_json_output_keeps_the_exact_text(
    capsys: pytest.CaptureFixture[str], lib_path: Path
) -> None:
    import json

    _hostile_lib(lib_path)
    code, out, _ = _cli(capsys, lib_path, "list", "--json")
    assert code == 0
    _assert_no_controls(out)  # JSON escapes them…
    (paper,) = json.loads(out)
    assert paper["title"] == " ".join(HOSTILE_TITLE.split())  # …and gives them back exactly
    assert paper["tags"] == [HOSTILE_TAG]


def test_an_export_to_a_pipe_is_exact(lib_path: Path) -> None:
    _hostile_lib(lib_path)
    proc = _run(lib_path, "export", "--format", "csl-json")
    assert proc.returncode == 0, proc.stderr
    import json

    (item,) = json.loads(proc.stdout)
    assert item["title"] == " ".join(HOSTILE_TITLE.split())


# --- §3 BibTeX that explodes: macro doubling, run-on fields, the parser's own log ----------


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    # Today's code tries to build an 8 TB string: fail fast with MemoryError, never swap.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def _string_bomb(path: Path) -> Path:
    lines = ["@article{good, title = {A good paper}, author = {Ann Smith}, year = 2020}"]
    lines.append('@string{s0 = "xxxxxxxxxxxxxxxx"}')
    lines.extend(f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40))
    lines.append("@article{bomb, title = s39, author = {Bo Om}}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert path.stat().st_size < 1200
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_AS")
def test_a_string_doubling_chain_is_refused_by_entry(lib_path: Path, tmp_path: Path) -> None:
    bomb = _string_bomb(tmp_path / "bomb.bib")
    proc = _run(lib_path, "import", str(bomb), preexec_fn=_limit_memory)
    assert "Traceback" not in proc.stderr
    assert "MemoryError" not in proc.stderr
    assert proc.returncode == 2, proc.stderr
    skipped = [line for line in proc.stderr.splitlines() if "skipped" in line]
    assert skipped, proc.stderr
    assert f"{bomb}:42:" in skipped[-1], "names the file and the entry's line"
    assert "'bomb'" in skipped[-1]
    assert "@string" in proc.stderr
    with Library.open(lib_path) as lib:
        assert [p.title for p in lib.get_many(lib.list_ids())] == ["A good paper"]


def test_a_thousand_fields_without_commas_import(tmp_path: Path) -> None:
    from papershelf.importers.bibtex import BibtexImporter

    fields = "\n".join(f"  f{i} = {{value {i}}}" for i in range(1500))
    text = f"@article{{runon,\n  title = {{Run on}}\n{fields}\n}}\n"
    result = BibtexImporter().parse(text, source="runon.bib")
    (draft,) = result.drafts
    assert draft.title == "Run on"
    kept = draft.extra["fields"]
    assert kept["f0"] == "value 0"
    assert kept["f1499"] == "value 1499"


def test_the_bibtex_parsers_log_stays_out_of_stderr(lib_path: Path, tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(
        "@article{ok, title = {Fine}}\n@article{broken, title = {Never closed\n", "utf-8"
    )
    proc = _run(lib_path, "import", str(bib))
    assert proc.returncode == 2, proc.stderr
    assert f"{bib}:2: skipped: could not read this entry" in proc.stderr
    for words in ("Parsing of", "aborted on line", "try to continue", "failed_blocks"):
        assert words not in proc.stderr


# --- §4 no hang: inputs that are not files ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_importing_a_fifo_is_refused_at_once(lib_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "papers.bib"
    os.mkfifo(fifo)  # nobody ever writes to it: reading would block forever
    proc = _run(lib_path, "import", str(fifo))
    assert proc.returncode == 1
    line = _one_line_error(proc.stderr)
    assert str(fifo) in line
    assert "not a regular file" in line


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_importing_a_device_is_refused_before_reading(lib_path: Path) -> None:
    proc = _run(lib_path, "import", "/dev/zero")
    assert proc.returncode == 1
    line = _one_line_error(proc.stderr)
    assert "/dev/zero" in line
    assert "not a regular file" in line


def test_an_oversized_file_is_refused_by_its_size(tmp_path: Path) -> None:
    from papershelf.core.errors import ImportFormatError
    from papershelf.importers.textio import read_input

    big = tmp_path / "big.bib"
    with big.open("wb") as handle:  # sparse: 3 GB that take no disk and no time
        handle.truncate(3 * 1024**3)
    with pytest.raises(ImportFormatError, match="too large"):
        read_input(str(big), max_bytes=1024)


def test_standard_input_still_imports(lib_path: Path) -> None:
    proc = _run(lib_path, "import", "-", input="@article{k, title = {From a pipe}}\n")
    assert proc.returncode == 0, proc.stderr
    assert "1 imported" in proc.stdout


# --- §4 no hang: queries that would walk the whole vocabulary -------------------------------


@pytest.mark.parametrize(
    "query", ["*", "**", "?*", "*a", "?", "a?c", "title:*", "tag:*", "author:?x", "x*y"]
)
def test_a_wildcard_needs_two_letters_before_it(query: str) -> None:
    from papershelf.core.errors import QueryError
    from papershelf.search.query import QueryParser

    with pytest.raises(QueryError) as info:
        QueryParser().parse(query)
    message = str(info.value)
    assert "2 letters" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "query", ["ab*", "d*", "diffusi*", "abc?", "ab*c", "author:sm?th", "foo -ba*"]
)
def test_wildcards_with_a_prefix_still_parse(query: str) -> None:
    from papershelf.search.query import QueryParser

    QueryParser().parse(query)


def test_a_very_long_word_is_refused_cheaply() -> None:
    from papershelf.core.errors import QueryError
    from papershelf.search.query import MAX_WORD_CHARS, QueryParser

    parser = QueryParser()
    with pytest.raises(QueryError, match=r"too long.*at most 100") as info:
        parser.parse("find " + "a" * 10_000)
    assert "column 6" in str(info.value)
    with pytest.raises(QueryError, match="too long"):
        parser.parse('"' + "b" * 5_000 + '"')
    parser.parse("w" * MAX_WORD_CHARS)


def test_too_many_expanding_words_are_refused() -> None:
    from papershelf.core.errors import QueryError
    from papershelf.search.query import QueryParser

    with pytest.raises(QueryError, match="wildcard or fuzzy"):
        QueryParser().parse(" ".join(f"w{i:02d}ab*" for i in range(40)))


def test_wildcard_expansion_is_capped(lib_path: Path) -> None:
    from papershelf.search.query import MAX_PREFIX_TERMS

    n = MAX_PREFIX_TERMS + 8
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i, title=f"On zq{i:03d}x things") for i in range(n)])
        found = lib.search("zq*x", limit=1000).hits
    assert 0 < len(found) <= MAX_PREFIX_TERMS


@pytest.mark.parametrize("query", ["**", "?*", "*", "*a", "a" * 10_000])
def test_search_refuses_costly_queries_in_one_line(
    capsys: pytest.CaptureFixture[str], small_lib: Path, query: str
) -> None:
    code, _, err = _cli(capsys, small_lib, "search", query)
    assert code == 1
    _one_line_error(err)


# --- §5 nothing overwritten: exports over existing files ----------------------------------

FSIZE_LIMIT = 1024 * 1024


def _limit_file_size() -> None:  # pragma: no cover - runs in the child
    import resource
    import signal

    # Writing past the limit fails with EFBIG, as a full disk fails with ENOSPC.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_failed_export_leaves_the_old_file_whole(lib_path: Path, tmp_path: Path) -> None:
    # Backslashes grow 16-fold in BibTeX (\textbackslash{}): the export passes the file size
    # limit while the library's own files stay well under it.
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i, abstract="\\" * 40_000) for i in range(3)])
    assert all(p.stat().st_size < FSIZE_LIMIT for p in lib_path.rglob("*") if p.is_file())
    old = tmp_path / "out" / "papers.bib"
    old.parent.mkdir()
    old.write_text("@misc{mine, title = {My precious old export}}\n", "utf-8")
    proc = _run(lib_path, "export", "-o", str(old), preexec_fn=_limit_file_size)
    assert proc.returncode == 1
    line = _one_line_error(proc.stderr)
    assert str(old) in line
    assert old.read_text("utf-8") == "@misc{mine, title = {My precious old export}}\n"
    assert [p.name for p in old.parent.iterdir()] == ["papers.bib"], "no temporary file left"


def test_an_export_keeps_the_files_permissions(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    kept = tmp_path / "kept.bib"
    kept.write_text("old", "utf-8")
    kept.chmod(0o640)
    assert _cli(capsys, small_lib, "export", "-o", str(kept))[0] == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert "Paper number 1" in kept.read_text("utf-8")
    old_umask = os.umask(0o027)
    try:
        assert _cli(capsys, small_lib, "export", "-o", str(tmp_path / "new.bib"))[0] == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.bib").stat().st_mode) == 0o666 & ~0o027


def test_an_export_through_a_symlink_replaces_the_file_it_names(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.bib"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert _cli(capsys, small_lib, "export", "-o", str(link))[0] == 0
    assert link.is_symlink()
    assert "Paper number 1" in real.read_text("utf-8")


def _vault(capsys: pytest.CaptureFixture[str], lib: Path, vault: Path) -> tuple[int, str]:
    code, _, err = _cli(capsys, lib, "export", "--format", "markdown", "-o", str(vault))
    return code, err


def _key_files(vault: Path) -> list[str]:
    return sorted(p.name for p in vault.glob("*.md"))


def test_markdown_export_never_replaces_the_users_own_note(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    assert _vault(capsys, small_lib, vault)[0] == 0
    names = _key_files(vault)
    assert len(names) == 3
    mine = vault / names[0]
    (vault / ".papershelf-export.json").unlink()  # as if the user had written these notes
    for path in vault.glob("*.md"):
        path.write_text(f"my own {path.name}\n", "utf-8")
    code, err = _vault(capsys, small_lib, vault)
    assert code == 0
    assert mine.read_text("utf-8") == f"my own {mine.name}\n"
    beside = vault / mine.name.replace(".md", "-1.md")
    assert beside.read_text("utf-8").startswith("---\n")
    assert f"{mine}" in err
    assert f"{beside.name}" in err
    # Exporting again updates the notes it wrote, in place, and still leaves the user's alone.
    assert _vault(capsys, small_lib, vault)[0] == 0
    assert len(_key_files(vault)) == 6
    assert mine.read_text("utf-8") == f"my own {mine.name}\n"


def test_markdown_export_keeps_a_note_the_user_edited(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    _vault(capsys, small_lib, vault)
    first = vault / _key_files(vault)[0]
    first.write_text(first.read_text("utf-8") + "\nMy thoughts.\n", "utf-8")
    code, err = _vault(capsys, small_lib, vault)
    assert code == 0
    assert first.read_text("utf-8").endswith("My thoughts.\n")
    assert len(_key_files(vault)) == 4
    assert first.name in err


def test_markdown_export_does_not_follow_a_symlink_out_of_the_vault(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    _vault(capsys, small_lib, vault)
    name = _key_files(vault)[0]
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours", "utf-8")
    (vault / name).unlink()
    (vault / name).symlink_to(outside)
    assert _vault(capsys, small_lib, vault)[0] == 0
    assert outside.read_text("utf-8") == "not yours"
    assert (vault / name).is_symlink()


def test_markdown_export_survives_a_damaged_manifest(
    capsys: pytest.CaptureFixture[str], small_lib: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / ".papershelf-export.json").write_bytes(b"\xff{not json")
    code, err = _vault(capsys, small_lib, vault)
    assert code == 0, err
    assert len(_key_files(vault)) == 3
    code, _ = _vault(capsys, small_lib, vault)
    assert len(_key_files(vault)) == 3, "the rewritten manifest claims the notes again"


# --- §3 the index folder replaced by a plain file (the fix is in search/index.py) ----------


def test_an_index_folder_replaced_by_a_file_rebuilds_again_and_again(
    capsys: pytest.CaptureFixture[str], small_lib: Path
) -> None:
    import shutil

    shutil.rmtree(small_lib / "index")
    (small_lib / "index").write_text("junk", "utf-8")
    for args in (["list"], ["reindex"], ["reindex"], ["search", "topic"], ["check"]):
        code, _, err = _cli(capsys, small_lib, *args)
        assert "Traceback" not in err
        assert code == 0, (args, err)
    assert (small_lib / "index").is_dir()
