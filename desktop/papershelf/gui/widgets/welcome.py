"""The first-run view of an empty library: the five ways to get papers in, as cards."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QVBoxLayout,
    QWidget,
)

from papershelf.gui import icons
from papershelf.gui.widgets.title_delegate import mix

CARD = QSize(236, 128)

# (label, command whose keys the card shows, what it does)
CARDS: tuple[tuple[str, str, str], ...] = (
    ("Import a file…", "file.import", "BibTeX, RIS, CSL JSON, Zotero or PDFs"),
    ("Paste papers", "file.paste", "A copied Daily Papers page, arXiv ids, DOIs or a list"),
    ("Try the sample library", "file.sample", "Thirty well-known papers to explore"),
    ("Add by arXiv id, link or DOI…", "file.add_ids", "One paper or many, looked up online"),
    ("Subscribe to Hugging Face Daily Papers", "inbox.feeds", "Today's papers in the Inbox"),
)


class Card(QAbstractButton):
    """A large flat button: an icon, a title, a line of help and the command's keys."""

    def __init__(self, label: str, command_id: str, help_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(label)
        self.command_id = command_id
        self.help_text = help_text
        self.keys_of: Callable[[str], str] = lambda _command_id: ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedSize(CARD)
        self.setAccessibleName(label)
        self.setAccessibleDescription(help_text)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def keys(self) -> str:
        """The command's keys as bound now ("Ctrl+O"), or "" when it has none."""
        return self.keys_of(self.command_id)

    def sizeHint(self) -> QSize:
        return CARD

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        hot = self.underMouse() or self.hasFocus()
        border = pal.color(QPalette.ColorRole.Highlight) if hot else mix(text, base, 0.18)
        fill = mix(pal.color(QPalette.ColorRole.Highlight), base, 0.08) if hot else base
        box = self.rect().adjusted(1, 1, -1, -1)
        p.setPen(border)
        p.setBrush(fill)
        p.drawRoundedRect(box, 8, 8)
        inner = box.adjusted(16, 14, -14, -12)
        icon = icons.icon(self.command_id, icons.Tone.ACCENT)
        icon.paint(p, QRect(inner.left(), inner.top(), 26, 26), Qt.AlignmentFlag.AlignLeft)
        keys = self.keys()
        if keys:
            small = QFont(self.font())
            small.setPointSizeF(self.font().pointSizeF() * 0.85)
            p.setFont(small)
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                QRect(inner.left(), inner.top(), inner.width(), 26),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                keys,
            )
        title = QFont(self.font())
        title.setBold(True)
        p.setFont(title)
        p.setPen(text)
        flags = int(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        )
        title_box = QRect(inner.left(), inner.top() + 34, inner.width(), 40)
        used = p.boundingRect(title_box, flags, self.text())
        p.drawText(title_box, flags, self.text())
        p.setFont(self.font())
        p.setPen(mix(text, base, 0.62))
        help_top = used.bottom() + 4
        p.drawText(
            QRect(inner.left(), help_top, inner.width(), inner.bottom() - help_top),
            flags,
            self.help_text,
        )
        if self.hasFocus():
            opt = QStyleOptionFocusRect()
            opt.initFrom(self)
            opt.rect = box.adjusted(3, 3, -3, -3)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, opt, p, self)
        p.end()


class _Logo(QWidget):
    """The library glyph, drawn in the palette it is painted with (a theme switch repaints).

    Painted rather than a QLabel's pixmap redrawn from `changeEvent`: PySide builds every
    QEvent subclass (~3 ms) before the first bare QEvent it hands to Python (issue 21).
    """

    SIZE = QSize(56, 56)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._pixmap: tuple[int, QPixmap] | None = None  # (palette's cache key, its glyph)

    def sizeHint(self) -> QSize:
        return self.SIZE

    def paintEvent(self, event: QPaintEvent) -> None:
        key = QApplication.palette().cacheKey()
        if self._pixmap is None or self._pixmap[0] != key:
            pixmap = icons.icon("library", icons.Tone.MUTED).pixmap(self.SIZE)
            self._pixmap = (key, pixmap)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap[1])
        painter.end()


class WelcomeView(QWidget):
    sig_import = Signal()
    sig_paste = Signal()
    sig_sample = Signal()
    sig_add = Signal()
    sig_feeds = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        logo = _Logo(self)
        title = QLabel("Welcome to Papershelf", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "Your library is empty. Bring in today's papers, a file from your reference "
            "manager, or a few identifiers — or look around in a small sample library first.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(3 * CARD.width() + 2 * 14)
        bigger = text.font()
        bigger.setPointSizeF(bigger.pointSizeF() * 1.12)
        text.setFont(bigger)
        text.setMinimumHeight(text.heightForWidth(text.width()))
        text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        signals = {
            "file.paste": self.sig_paste,
            "file.import": self.sig_import,
            "file.add_ids": self.sig_add,
            "inbox.feeds": self.sig_feeds,
            "file.sample": self.sig_sample,
        }
        self.buttons: list[Card] = []
        rows = [QHBoxLayout(), QHBoxLayout()]  # three cards, then two, centred
        for n, (label, command_id, help_text) in enumerate(CARDS):
            card = Card(label, command_id, help_text, self)
            card.clicked.connect(signals[command_id].emit)
            rows[n // 3].addWidget(card)
            self.buttons.append(card)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addStretch(2)
        for w in (logo, title, text):
            w.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        for row in rows:
            row.setSpacing(14)
            row.insertStretch(0, 1)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(3)

    def minimumSizeHint(self) -> QSize:
        # The cards' row must not set the window's minimum width (a narrow window clips it).
        return QSize(240, 200)

    def show_keys(self, keys_of: Callable[[str], str]) -> None:
        """Show each card's keys as bound when it is painted (`keys_of(command_id)`)."""
        for card in self.buttons:
            card.keys_of = keys_of
            card.update()
