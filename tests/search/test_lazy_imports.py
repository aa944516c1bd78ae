"""Opening a library and reading its first page never imports Whoosh (cold start)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from papershelf.core.models import PaperDraft
from papershelf.library import Library

CODE = """
import sys
from papershelf.core.query import SortKey
from papershelf.library import Library
lib = Library.open(sys.argv[1], indexing="on_close")
page = lib.get_many(lib.list_ids(sort=SortKey.ADDED)[:50])
assert len(page) == 2, page
print(sorted(m for m in sys.modules if m.split(".")[0] in ("whoosh", "httpx")))
print(sorted(m for m in sys.modules if m.startswith("papershelf.importers.")))
lib.close()
"""


def test_first_page_needs_no_whoosh(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models"), PaperDraft(title="Flows")])
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0] == "[]"  # neither Whoosh nor the HTTP client
    assert "papershelf.importers.registry" not in out[1]


def test_search_imports_whoosh_when_needed(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_drafts([PaperDraft(title="Diffusion models")])
    with Library.open(tmp_path / "lib") as lib:
        hits = lib.search("diffusion").hits
        assert [h.paper_id for h in hits] == lib.list_ids()
        assert hits[0].snippet is not None
        assert "whoosh" in sys.modules
