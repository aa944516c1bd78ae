"""The reading-statistics page: weekly charts and headline numbers, computed off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from papershelf.gui.tasks import TaskRunner
from papershelf.gui.views.charts import BarChart, Series, TagBars
from papershelf.library import Library
from papershelf.library.reading_stats import ReadingStats


def stats_job(path: Path) -> ReadingStats:
    with Library.open(path, indexing="none") as lib:
        return lib.reading_stats()


class StatsView(QWidget):
    """A go-to sequence typed on the page ("G, L"), run as the command registry says."""

    """Esc: back to the paper list."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._tasks = TaskRunner(self)
        self._closed = False
        self.stats: ReadingStats | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Reading statistics")

        title = QLabel("Reading statistics", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        self.note = QLabel("", self)
        self.backlog = QLabel(self)
        self.median = QLabel(self)
        self.finished = QLabel(self)
        self.totals = QLabel(self)
        for label, name in (
            (self.backlog, "Backlog now"),
            (self.median, "Median days from added to read"),
            (self.finished, "Papers read"),
            (self.totals, "Last 12 weeks"),
        ):
            label.setAccessibleName(name)
            label.setTextFormat(Qt.TextFormat.RichText)
        numbers = QHBoxLayout()
        for label in (self.backlog, self.median, self.finished, self.totals):
            numbers.addWidget(label)
            numbers.addSpacing(24)
        numbers.addStretch(1)

        self.weekly = BarChart("Added, started and finished per week", self)
        self.backlog_chart = BarChart("Backlog (To read) at the end of each week", self)
        self.tags = TagBars("Top tags of what you read", self)
        grid = QGridLayout()
        grid.addWidget(self.weekly, 0, 0, 1, 2)
        grid.addWidget(self.backlog_chart, 1, 0)
        grid.addWidget(self.tags, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setSpacing(18)

        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addLayout(header)
        layout.addLayout(numbers)
        layout.addLayout(grid, 1)

    def refresh(self) -> None:
        """Recompute in a worker; the page shows the last numbers until the new ones come."""
        self.note.setText("computing…")
        path = self._path
        self._tasks.run(lambda: stats_job(path), self.show_stats, self._on_error)

    def close_view(self) -> None:
        self._closed = True

    def _on_error(self, exc: BaseException) -> None:
        if not self._closed:
            self.note.setText(f"statistics failed: {exc}")

    def show_stats(self, stats: ReadingStats) -> None:
        if self._closed:
            return
        self.stats = stats
        self.note.setText("")
        median = stats.median_days_to_read
        self.backlog.setText(f"Backlog now: <b>{stats.backlog_now}</b>")
        self.median.setText(
            f"Median days from added to read: <b>{'—' if median is None else f'{median:g}'}</b>"
        )
        self.finished.setText(f"Papers read: <b>{stats.finished_total}</b>")
        added = sum(w.added for w in stats.weeks)
        started = sum(w.started for w in stats.weeks)
        finished = sum(w.finished for w in stats.weeks)
        self.totals.setText(
            f"Last {len(stats.weeks)} weeks: added <b>{added}</b>, started <b>{started}</b>, "
            f"finished <b>{finished}</b>"
        )
        labels = [w.week.split("-")[1] for w in stats.weeks]
        self.weekly.set_data(
            labels,
            [
                Series("added", tuple(w.added for w in stats.weeks)),
                Series("started", tuple(w.started for w in stats.weeks)),
                Series("finished", tuple(w.finished for w in stats.weeks)),
            ],
        )
        self.backlog_chart.set_data(
            labels, [Series("backlog", tuple(w.backlog for w in stats.weeks))]
        )
        self.tags.set_data(stats.top_read_tags)
