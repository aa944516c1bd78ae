"""Reading statistics over a library with a known status history."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from papershelf.cli.main import main
from papershelf.core.models import PaperDraft
from papershelf.library import Library
from papershelf.library.reading_stats import reading_stats

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday in ISO week 2026-W48

# title: (added_at, [(status, changed_at), ...] after the initial to-read, tags, trashed)
HISTORY: dict[str, tuple[str, list[tuple[str, str]], list[str], bool]] = {
    "P1": (
        "2026-11-03T09:00:00Z",
        [("reading", "2026-11-10T09:00:00Z"), ("read", "2026-11-13T09:00:00Z")],
        ["diffusion", "theory"],
        False,
    ),
    "P2": ("2026-11-04T09:00:00Z", [("read", "2026-11-18T09:00:00Z")], ["diffusion"], False),
    "P3": ("2026-11-17T09:00:00Z", [], ["diffusion"], False),
    "P4": ("2026-11-24T09:00:00Z", [("reading", "2026-11-25T09:00:00Z")], [], False),
    "P5": ("2026-10-01T09:00:00Z", [("read", "2026-11-24T09:00:00Z")], ["rl"], False),
    "P6": ("2026-11-03T09:00:00Z", [("read", "2026-11-05T09:00:00Z")], ["rl"], True),
}


@pytest.fixture
def history_lib(library: Library) -> Library:
    report = library.import_drafts([PaperDraft(title=f"Paper {name}") for name in HISTORY])
    db = library._db
    for pid, (name, (added, changes, tags, trashed)) in zip(
        report.paper_ids, HISTORY.items(), strict=True
    ):
        status = changes[-1][0] if changes else "to-read"
        db.execute(
            "UPDATE papers SET added_at = ?, status = ?, trashed_at = ? WHERE id = ?",
            [added, status, added if trashed else None, pid],
        )
        db.execute("DELETE FROM status_history WHERE paper_id = ?", [pid])
        for st, at in [("to-read", added), *changes]:
            db.execute(
                "INSERT INTO status_history (paper_id, status, changed_at) VALUES (?, ?, ?)",
                [pid, st, at],
            )
        if tags:
            library.change_tags([pid], add=tags)
        assert library.get(pid).title == f"Paper {name}"
    return library


def test_weekly_counts_backlog_median_and_top_tags(history_lib: Library) -> None:
    stats = reading_stats(history_lib._db, weeks=4, now=NOW)

    assert [(w.week, w.start.isoformat()) for w in stats.weeks] == [
        ("2026-W45", "2026-11-02"),
        ("2026-W46", "2026-11-09"),
        ("2026-W47", "2026-11-16"),
        ("2026-W48", "2026-11-23"),
    ]
    assert [w.added for w in stats.weeks] == [2, 0, 1, 1]
    assert [w.started for w in stats.weeks] == [0, 1, 0, 1]
    assert [w.finished for w in stats.weeks] == [0, 1, 1, 1]
    assert [w.backlog for w in stats.weeks] == [3, 2, 2, 1]
    assert stats.median_days_to_read == 14.0  # 10, 14 and 54 days
    assert stats.finished_total == 3
    assert stats.backlog_now == 1
    assert stats.top_read_tags == [("diffusion", 2), ("rl", 1), ("theory", 1)]


def test_stats_json_keeps_its_keys_and_adds_reading(
    history_lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    path = history_lib.path
    history_lib.close()
    assert main(["stats", "--json", "--library", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["papers"] == 5
    assert data["by_status"]["read"] == 3
    assert len(data["reading"]["weeks"]) == 12
    assert data["reading"]["median_days_to_read"] == 14.0
    assert data["reading"]["top_read_tags"][0] == {"tag": "diffusion", "count": 2}

    assert main(["stats", "--library", str(path)]) == 0
    out = capsys.readouterr().out
    assert "median time from added to read: 14 days" in out
    assert "most read tags: diffusion (2)" in out


def test_an_empty_library_has_no_median(library: Library) -> None:
    stats = reading_stats(library._db, weeks=2, now=NOW)
    assert stats.median_days_to_read is None
    assert [w.added for w in stats.weeks] == [0, 0]
