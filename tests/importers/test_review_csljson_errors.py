"""A CSL-JSON file broken by a hand edit: the import names the JSON error and where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from papershelf.core.errors import ImportFormatError
from papershelf.library import Library

BROKEN = [
    # a trailing comma after the last key
    ('[\n  {"id": "a", "type": "article-journal", "title": "A",}\n]\n', 2, 55),
    # a value left out
    ('[{"id": "a", "type": "book", "title": "A"},\n {"id": "b", "title": }]\n', 2, 23),
]


@pytest.mark.parametrize(("text", "line", "column"), BROKEN)
def test_broken_csl_json_reports_the_json_error_with_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    # Before, `--format auto` (the CLI's and the import dialog's default) found no importer
    # for text that is not JSON and said "unrecognised format (starts with '[')… pass
    # --format to choose one", though the file is plainly CSL-JSON.
    with (
        Library.open(tmp_path / "lib", indexing="none") as lib,
        pytest.raises(ImportFormatError) as info,
    ):
        lib.import_text(text, fmt="auto", source="refs.json")
    assert str(info.value).startswith(f"refs.json:{line}: not valid JSON: ")
    assert f"(column {column})" in str(info.value)


def test_broken_json_that_is_not_csl_is_still_unrecognised(tmp_path: Path) -> None:
    with (
        Library.open(tmp_path / "lib", indexing="none") as lib,
        pytest.raises(ImportFormatError, match="unrecognised format"),
    ):
        lib.import_text('{"name": "x", "version": 1,}', fmt="auto", source="package.json")
