"""Paints the title cell, with the "why it matched" snippet under it during a search."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from papershelf.core.results import Snippet
from papershelf.gui.models.paper_table import PaperTableModel


class TitleDelegate(QStyledItemDelegate):
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
        if not isinstance(snippet, Snippet) or snippet.field == "title":
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget: QWidget | None = opt.widget  # None when painted outside a view
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(role).name()
        # One line each, cut at the cell's edge: the title elided, the snippet clipped.
        title = opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, opt.rect.width() - 8)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(2)
        doc.setHtml(
            f'<div style="color:{color}; white-space:pre">{html.escape(title)}<br>'
            f'<span style="font-size:small">{snippet.to_html()}</span></div>'
        )
        painter.save()
        painter.translate(opt.rect.left() + 2, opt.rect.top())
        painter.setClipRect(QRectF(0, 0, opt.rect.width() - 4, opt.rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
