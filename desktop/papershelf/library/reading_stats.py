"""Reading statistics from the status history: what came in, what was read, how fast.

Definitions (docs/discover.md): weeks are ISO weeks (Monday to Sunday, UTC). A paper is
*added* in the week of its `added_at`, *started* in the week it first became `reading`, and
*finished* in the week it first became `read`. The *backlog* of a week is how many papers
were `to-read` at its end (the status each paper had then, from the history). *Days to read*
run from adding to first becoming `read`. Trashed papers are left out of everything.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from papershelf.core.models import ReadingStatus
from papershelf.storage.db import Database

DEFAULT_WEEKS = 12
TOP_TAGS = 10


@dataclass(frozen=True)
class WeekStats:
    week: str
    """ISO week label, e.g. 2026-W48."""
    start: date
    added: int
    started: int
    finished: int
    backlog: int

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "added": self.added,
            "started": self.started,
            "finished": self.finished,
            "backlog": self.backlog,
        }


@dataclass
class ReadingStats:
    weeks: list[WeekStats] = field(default_factory=list)
    median_days_to_read: float | None = None
    finished_total: int = 0
    backlog_now: int = 0
    top_read_tags: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "weeks": [w.to_json() for w in self.weeks],
            "median_days_to_read": self.median_days_to_read,
            "finished_total": self.finished_total,
            "backlog_now": self.backlog_now,
            "top_read_tags": [{"tag": t, "count": n} for t, n in self.top_read_tags],
        }


def _when(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reading_stats(
    db: Database, *, weeks: int = DEFAULT_WEEKS, now: datetime | None = None
) -> ReadingStats:
    """Statistics over the last `weeks` ISO weeks, the current one included.

    Args:
        db: the library database.
        weeks: how many weeks the per-week series cover (1 or more).
        now: the moment the statistics describe (default: now); tests fix it.
    """
    weeks = max(1, weeks)
    now = now or datetime.now(UTC)
    today = now.date()
    first = _week_start(today) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    ends = [datetime.combine(s + timedelta(days=7), time(), UTC) for s in starts]

    added: dict[int, datetime] = {}
    current: dict[int, ReadingStatus] = {}
    for pid, added_at, status in db.execute(
        "SELECT id, added_at, status FROM papers WHERE trashed_at IS NULL"
    ):
        added[int(pid)] = _when(added_at)
        current[int(pid)] = ReadingStatus(status)
    history: dict[int, list[tuple[datetime, ReadingStatus]]] = {}
    for pid, status, at in db.execute(
        "SELECT h.paper_id, h.status, h.changed_at FROM status_history h "
        "JOIN papers p ON p.id = h.paper_id WHERE p.trashed_at IS NULL ORDER BY h.id"
    ):
        history.setdefault(int(pid), []).append((_when(at), ReadingStatus(status)))

    first_reading: dict[int, datetime] = {}
    first_read: dict[int, datetime] = {}
    for pid, entries in history.items():
        entries.sort(key=lambda e: e[0])
        for at, status in entries:
            if status is ReadingStatus.READING:
                first_reading.setdefault(pid, at)
            elif status is ReadingStatus.READ:
                first_read.setdefault(pid, at)

    def week_of(at: datetime) -> int | None:
        index = (at.date() - first).days // 7
        return index if 0 <= index < weeks else None

    counts = {name: [0] * weeks for name in ("added", "started", "finished")}
    for name, moments in (
        ("added", added.values()),
        ("started", first_reading.values()),
        ("finished", first_read.values()),
    ):
        for at in moments:
            index = week_of(at)
            if index is not None:
                counts[name][index] += 1

    backlog = [0] * weeks
    for pid, added_at in added.items():
        entries = history.get(pid) or [(added_at, current[pid])]
        times = [at for at, _ in entries]
        for i, end in enumerate(ends):
            position = bisect.bisect_right(times, min(end, now))
            if position and entries[position - 1][1] is ReadingStatus.TO_READ:
                backlog[i] += 1

    days = [(first_read[p] - added[p]).total_seconds() / 86400 for p in first_read]
    tags: Counter[str] = Counter()
    for (name,) in db.execute(
        "SELECT t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id "
        "JOIN papers p ON p.id = pt.paper_id WHERE p.trashed_at IS NULL AND p.status = 'read'"
    ):
        tags[name] += 1
    return ReadingStats(
        weeks=[
            WeekStats(
                f"{s.isocalendar().year}-W{s.isocalendar().week:02d}",
                s,
                counts["added"][i],
                counts["started"][i],
                counts["finished"][i],
                backlog[i],
            )
            for i, s in enumerate(starts)
        ],
        median_days_to_read=round(_median(days), 1) if days else None,
        finished_total=len(first_read),
        backlog_now=sum(1 for s in current.values() if s is ReadingStatus.TO_READ),
        top_read_tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:TOP_TAGS],
    )


def reading_summary(stats: ReadingStats) -> str:
    """A few lines for `papershelf stats`: the weeks as columns, then the headline numbers."""
    n = len(stats.weeks)
    total = {
        name: sum(getattr(w, name) for w in stats.weeks)
        for name in ("added", "started", "finished")
    }
    lines = [
        f"reading, last {n} weeks: added {total['added']}, started {total['started']}, "
        f"finished {total['finished']}",
        "  week      added started finished backlog",
    ]
    lines += [
        f"  {w.week:<9} {w.added:>5} {w.started:>7} {w.finished:>8} {w.backlog:>7}"
        for w in stats.weeks[-4:]
    ]
    median = f"{stats.median_days_to_read:g} days" if stats.median_days_to_read is not None else "—"
    lines.append(f"backlog now: {stats.backlog_now}; median time from added to read: {median}")
    if stats.top_read_tags:
        top = ", ".join(f"{t} ({c})" for t, c in stats.top_read_tags[:5])
        lines.append(f"most read tags: {top}")
    return "\n".join(lines)


def _median(values: list[float]) -> float:
    """`statistics.median`, imported here: the library opens without it (fractions, random)."""
    import statistics

    return float(statistics.median(values))
