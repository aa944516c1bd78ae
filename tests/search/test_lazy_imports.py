"""A cold start imports what its command needs (issue 21): the first page reads SQLite only.

Each check runs a fresh interpreter and looks at `sys.modules` afterwards: opening the library
and showing its first sorted page must not load Whoosh, the query parser, sqlite-utils (the
reads go through the plain `sqlite3` connection), the HTTP client, the importers, the
exporters or Qt; an edit from the command line must not load the HTTP client, the importers or
the exporters either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft
from papershelf.library import Library

NOT_FOR_A_PAGE = (
    "whoosh",
    "sqlite_utils",
    "httpx",
    "httpcore",
    "PySide6",
    "papershelf.search",
    "papershelf.importers",
    "papershelf.exporters",
    "papershelf.online",
)
"""Packages the first sorted page needs none of."""

NOT_FOR_AN_EDIT = (
    "httpx",
    "httpcore",
    "PySide6",
    "papershelf.importers",
    "papershelf.exporters",
    "papershelf.online",
)
"""Packages a status or tag change from the command line needs none of."""

API_PAGE = """
import json, sys
from papershelf.core.query import SortKey
from papershelf.library import Library
lib = Library.open(sys.argv[1], indexing=sys.argv[2])
ids = lib.list_ids(sort=SortKey.ADDED)
page = lib.get_many(ids[:50])
lib.close()
print(json.dumps({"titles": [p.title for p in page], "modules": sorted(sys.modules)}))
"""

WINDOW_OPEN = """
import json, sys
from papershelf.library import Library
lib = Library.open(sys.argv[1], indexing="background", index_later=True)
ids = lib.list_ids(limit=50)
before = sorted(sys.modules)
lib.start_indexing()
hits = [h.paper_id for h in lib.search("flows").hits]
lib.close()
print(json.dumps({"ids": ids, "hits": hits, "before": before, "after": sorted(sys.modules)}))
"""

CLI_RUN = """
import json, sys
from papershelf.app import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


def loaded(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    """The modules of `modules` that belong to one of `packages`."""
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


@pytest.fixture
def lib_dir(tmp_path: Path) -> Path:
    """A library of two papers with a search index, as a user's would be."""
    path = tmp_path / "lib"
    with Library.open(path) as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models"), PaperDraft(title="Flows")])
    return path


def run_cli(tmp_path: Path, lib_dir: Path, *args: str) -> tuple[int, str, list[str]]:
    """`papershelf --library LIB ARGS` in a fresh process: exit code, stdout, modules loaded."""
    report = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", CLI_RUN, str(report), "--library", str(lib_dir), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return int(data["code"]), proc.stdout, list(data["modules"])


@pytest.mark.parametrize("indexing", ["sync", "on_close"])
def test_first_page_through_the_api_reads_sqlite_only(lib_dir: Path, indexing: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", API_PAGE, str(lib_dir), indexing],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(proc.stdout)
    assert data["titles"] == ["Flows", "Diffusion models"]  # newest first
    assert loaded(data["modules"], NOT_FOR_A_PAGE) == []


def test_the_windows_open_leaves_indexing_to_its_thread(lib_dir: Path) -> None:
    """The window opens with a held indexer: the catch-up machinery loads when it starts."""
    proc = subprocess.run(
        [sys.executable, "-c", WINDOW_OPEN, str(lib_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(proc.stdout)
    waiting = (
        "whoosh",
        "papershelf.library.indexing",
        "papershelf.library.index_worker",
        "papershelf.search.documents",
    )
    assert loaded(data["before"], waiting) == []
    assert data["hits"] == [data["ids"][0]]  # "Flows", the newest
    assert "papershelf.library.indexing" in data["after"]


def test_papershelf_list_reads_sqlite_only(tmp_path: Path, lib_dir: Path) -> None:
    code, out, modules = run_cli(tmp_path, lib_dir, "list", "--limit", "50")
    assert code == 0
    assert ["Flows" in line for line in out.splitlines()] == [True, False]
    assert loaded(modules, NOT_FOR_A_PAGE) == []


def test_papershelf_show_reads_sqlite_only(tmp_path: Path, lib_dir: Path) -> None:
    code, out, modules = run_cli(tmp_path, lib_dir, "show", "1")
    assert code == 0
    assert "Diffusion models" in out
    assert loaded(modules, NOT_FOR_A_PAGE) == []


def test_an_edit_from_the_command_line_loads_no_network_or_formats(
    tmp_path: Path, lib_dir: Path
) -> None:
    code, _, modules = run_cli(tmp_path, lib_dir, "status", "1", "read")
    assert code == 0
    code, _, more = run_cli(tmp_path, lib_dir, "tag", "1", "+generative")
    assert code == 0
    assert loaded(modules + more, NOT_FOR_AN_EDIT) == []
    with Library.open(lib_dir) as lib:
        paper = lib.get(1)
        assert (paper.status.value, paper.tags) == ("read", ["generative"])
        assert [h.paper_id for h in lib.search("tag:generative").hits] == [1]


def test_the_ops_and_lookups_load_no_network_parsers_or_index() -> None:
    """The window imports the lookups and every op at start: httpx, the answers' parsers and
    Whoosh wait for a request, an import or a search."""
    code = (
        "import json, sys\n"
        "from papershelf.library import ops\n"
        "import papershelf.library.lookup, papershelf.library.adding, papershelf.library.inbox\n"
        "import papershelf.library.resolve, papershelf.online.title_search\n"
        "assert all(getattr(ops, name) for name in ops.__all__)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    modules = json.loads(out)
    waiting = ("httpx", "httpcore", "defusedxml", "whoosh", "papershelf.importers")
    assert loaded(modules, waiting) == []


def test_search_imports_whoosh_when_needed(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models")])
    with Library.open(tmp_path / "lib") as lib:
        hits = lib.search("diffusion").hits
        assert [h.paper_id for h in hits] == lib.list_ids()
        assert hits[0].snippet is not None
        assert "whoosh" in sys.modules


def test_every_op_name_is_there_when_first_used() -> None:
    """`library.ops` imports an op's module on first use; every exported name resolves."""
    code = (
        "from papershelf.library import ops\n"
        "missing = [n for n in ops.__all__ if not hasattr(ops, n)]\n"
        "from papershelf.library.ops import *\n"
        "print(missing, ops.SetStatus.__module__, ops.run.__module__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["[]", "papershelf.library.ops.papers", "papershelf.library.undo"]
