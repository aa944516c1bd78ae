"""Paints the list's cells: titles with the "why it matched" line, status icons, stars.

Text is cut at a word boundary and ends with "…" (`elide.py`), never mid-word at the cell's
edge as Qt's own elision does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from papershelf.core.models import Paper
from papershelf.gui import icons
from papershelf.gui.markup import escape
from papershelf.gui.models.paper_table import PaperTableModel, Roles
from papershelf.gui.widgets.elide import elide_snippet, elide_words

if TYPE_CHECKING:
    pass

PAD = 6
"""Space between a cell's edge and its text."""
STAR = 13
"""A priority star's size in pixels."""


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of `a` over `b`: a muted text colour that suits the palette it came from."""
    return QColor(
        round(a.red() * share + b.red() * (1 - share)),
        round(a.green() * share + b.green() * (1 - share)),
        round(a.blue() * share + b.blue() * (1 - share)),
    )


def _style(opt: QStyleOptionViewItem) -> QStyle:
    widget: QWidget | None = opt.widget  # None when painted outside a view
    return widget.style() if widget is not None else QApplication.style()


def _background(painter: QPainter, opt: QStyleOptionViewItem) -> None:
    """The cell's background and selection, without its text or icon."""
    opt.text = ""
    opt.icon = QIcon()
    _style(opt).drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)


def _icon_mode(opt: QStyleOptionViewItem) -> QIcon.Mode:
    """Icons on a selected row take the selection's text colour, as its text does."""
    if opt.state & QStyle.StateFlag.State_Selected:
        return QIcon.Mode.Selected
    return QIcon.Mode.Normal


class WordElideDelegate(QStyledItemDelegate):
    """A plain text cell whose text is cut at a word boundary."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if option.text:
            room = option.rect.width() - 2 * PAD
            option.text = elide_words(option.text, option.fontMetrics, room)


class TitleDelegate(WordElideDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # Asked of the model directly: PySide6 6.12 on Python 3.11 loses a reference to None
        # on every `QModelIndex.data()` that returns None, and a paint per visible row would
        # exhaust None's reference count within minutes ("Fatal Python error: none_dealloc").
        model = index.model()
        snippet = model.snippet(index.row()) if isinstance(model, PaperTableModel) else None
        # A match in the title needs no second line: the title is right there.
        if snippet is None or snippet.field == "title":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text  # already cut to the cell
        _background(painter, opt)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role)
        muted = mix(
            color, opt.palette.color(QPalette.ColorRole.Base), 0.7 if not selected else 0.85
        )
        small = QFont(opt.font)
        small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.9))
        width = opt.rect.width() - 2 * PAD
        cut = elide_snippet(snippet, QFontMetrics(small), width)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(
            f'<div style="color:{color.name()}; white-space:pre">{escape(title)}</div>'
            f'<div style="color:{muted.name()}; white-space:pre; '
            f'font-size:{small.pointSizeF():.1f}pt">{cut.to_html()}</div>'
        )
        painter.save()
        top = opt.rect.top() + max(0, (opt.rect.height() - round(doc.size().height())) // 2)
        painter.translate(opt.rect.left() + PAD, top)
        painter.setClipRect(QRectF(0, 0, width + 2, opt.rect.height()))
        doc.documentLayout().draw(painter, QAbstractTextDocumentLayout.PaintContext())
        painter.restore()


class _PaperCellDelegate(QStyledItemDelegate):
    """A cell drawn from its paper with icons; Qt's own painting when icons are missing."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        if not isinstance(model, PaperTableModel) or not icons.available():
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        _background(painter, opt)
        try:
            paper = model.paper(index.row())
        except LookupError:
            return
        self.paint_cell(painter, opt, paper, index)

    def paint_cell(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        paper: Paper,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        raise NotImplementedError


class StatusDelegate(_PaperCellDelegate):
    """The reading status as a small coloured icon (its name is the tooltip).

    A thin bar under it shows how far the reader got in the paper (`Roles.PROGRESS`).
    """

    def paint_cell(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        paper: Paper,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        size = 16
        r = opt.rect
        target = QRect(r.center().x() - size // 2 + 1, r.center().y() - size // 2 + 1, size, size)
        mode = _icon_mode(opt)
        icons.status_icon(paper.status).paint(painter, target, Qt.AlignmentFlag.AlignCenter, mode)
        progress = index.data(Roles.PROGRESS)
        if progress and progress[1]:
            done, total = progress
            width = round((r.width() - 10) * min(done, total) / total)
            bar = QRect(r.left() + 5, r.bottom() - 3, max(1, width), 2)
            painter.fillRect(bar, opt.palette.color(QPalette.ColorRole.Highlight))


class PriorityDelegate(_PaperCellDelegate):
    """Priority as up to three small filled stars; none for no priority."""

    def paint_cell(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        paper: Paper,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        n = paper.priority
        if n <= 0:
            return
        star = icons.icon("star", icons.Tone.STAR)
        mode = _icon_mode(opt)
        r = opt.rect
        left = r.center().x() - (n * STAR) // 2 + 1
        top = r.center().y() - STAR // 2 + 1
        for i in range(n):
            box = QRect(left + i * STAR, top, STAR, STAR)
            star.paint(painter, box, Qt.AlignmentFlag.AlignCenter, mode)
