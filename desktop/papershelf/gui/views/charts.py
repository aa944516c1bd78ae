"""Small charts drawn with QPainter: grouped weekly bars, and horizontal bars for tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

# Mid-tone hues that read on light and dark backgrounds alike.
SERIES_COLOURS = (QColor(66, 133, 244), QColor(244, 160, 0), QColor(52, 168, 83))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


class BarChart(QWidget):
    """Weekly bars, one group per label; texts and axes take the palette's colours."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, labels: Sequence[str], series: Sequence[Series]) -> None:
        self.labels = list(labels)
        self.series = list(series)
        self.setAccessibleDescription(
            "; ".join(f"{s.name}: {', '.join(map(str, s.values))}" for s in self.series)
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(50)
        fm = QFontMetrics(self.font())
        line = fm.height()
        p.setPen(text)
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(0, line, self.title)
        p.setFont(self.font())
        # Legend, right-aligned on the title line.
        x = float(self.width())
        for i, s in reversed(list(enumerate(self.series))):
            if len(self.series) < 2:
                break
            w = fm.horizontalAdvance(s.name)
            x -= w + 6
            p.setPen(text)
            p.drawText(int(x), line, s.name)
            x -= 12
            p.fillRect(QRectF(x, line - 9, 10, 10), SERIES_COLOURS[i % len(SERIES_COLOURS)])
            x -= 14
        top, bottom, left = line + 16, self.height() - line - 6, fm.horizontalAdvance("0000") + 6
        right = self.width() - 4
        peak = max([v for s in self.series for v in s.values] + [1])
        step = _nice_step(peak)
        peak = -(-peak // step) * step
        height = max(1, bottom - top)
        for v in range(0, peak + 1, step):
            y = bottom - height * v / peak
            p.setPen(grid)
            p.drawLine(left, int(y), right, int(y))
            p.setPen(text)
            p.drawText(
                QRectF(0, y - line / 2, left - 4, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(v),
            )
        n = max(1, len(self.labels))
        group = (right - left) / n
        bar = max(2.0, (group - 6) / max(1, len(self.series)))
        every = max(1, int(fm.horizontalAdvance("W00 ") / max(group, 1)) + 1)
        for g, label in enumerate(self.labels):
            gx = left + g * group + 3
            for i, s in enumerate(self.series):
                v = s.values[g] if g < len(s.values) else 0
                h = height * v / peak
                p.fillRect(
                    QRectF(gx + i * bar, bottom - h, bar - 1, h),
                    SERIES_COLOURS[i % len(SERIES_COLOURS)],
                )
            if g % every == 0:
                p.setPen(text)
                p.drawText(
                    QRectF(left + g * group, bottom + 2, group * every, line),
                    int(Qt.AlignmentFlag.AlignLeft),
                    label,
                )
        p.end()


class TagBars(QWidget):
    """Horizontal bars: a tag and how many read papers carry it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[tuple[str, int]] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, rows: Sequence[tuple[str, int]]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription(", ".join(f"{t}: {n}" for t, n in self.rows))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        line = fm.height()
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(0, line, self.title)
        p.setFont(self.font())
        if not self.rows:
            p.drawText(0, line * 2 + 6, "nothing read with tags yet")
            p.end()
            return
        names = max(fm.horizontalAdvance(t) for t, _ in self.rows) + 8
        names = min(names, self.width() // 2)
        peak = max(n for _, n in self.rows)
        room = self.width() - names - fm.horizontalAdvance("0000")
        row_h = min(line + 6, (self.height() - line - 8) / len(self.rows))
        for i, (tag, n) in enumerate(self.rows):
            y = line + 8 + i * row_h
            p.setPen(text)
            p.drawText(
                QRectF(0, y, names - 6, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                fm.elidedText(tag, Qt.TextElideMode.ElideRight, names - 6),
            )
            w = room * n / peak
            p.fillRect(QRectF(names, y + 3, w, row_h - 6), SERIES_COLOURS[2])
            p.drawText(
                QRectF(names + w + 4, y, 60, row_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(n),
            )
        p.end()


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return step
    return 10_000
