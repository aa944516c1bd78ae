"""The detail pane's Info section: every metadata field as a label/value row, editable in place.

Like Zotero's Info pane: a value is plain text until the user clicks it or presses Enter or
F2 on it; then it is a line edit (the item type a combo box). Enter saves, Esc cancels, Tab
saves and moves on to the next field. A save goes through the saver the window gives
(`SetPaperFields` through `Session.run`); a refused value keeps the field open with what was
typed, so nothing is lost. Empty fields that the item type does not usually have wait behind
"More fields".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from papershelf.core.biblio import ENTRY_TYPES
from papershelf.core.fields import LIST_FIELDS
from papershelf.core.models import Paper

Saver = Callable[[int, Mapping[str, Any]], bool]
"""(paper id, {field: typed value}) → whether the library took it."""

ENTRY_TYPE_LABELS: dict[str, str] = {
    "article": "Journal article",
    "inproceedings": "Conference paper",
    "proceedings": "Proceedings",
    "book": "Book",
    "inbook": "Book section",
    "incollection": "Book chapter",
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "thesis": "Thesis",
    "techreport": "Technical report",
    "report": "Report",
    "manual": "Manual",
    "booklet": "Booklet",
    "online": "Web page",
    "unpublished": "Unpublished",
    "patent": "Patent",
    "dataset": "Dataset",
    "software": "Software",
    "periodical": "Periodical",
    "misc": "Other",
}


@dataclass(frozen=True)
class InfoField:
    name: str
    label: str


INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField("entry_type", "Item type"),
    InfoField("title", "Title"),
    InfoField("authors", "Authors"),
    InfoField("venue", "Venue"),
    InfoField("volume", "Volume"),
    InfoField("issue", "Issue"),
    InfoField("pages", "Pages"),
    InfoField("year", "Year"),
    InfoField("month", "Month"),
    InfoField("day", "Day"),
    InfoField("series", "Series"),
    InfoField("edition", "Edition"),
    InfoField("editors", "Editors"),
    InfoField("publisher", "Publisher"),
    InfoField("place", "Place"),
    InfoField("language", "Language"),
    InfoField("issn", "ISSN"),
    InfoField("isbn", "ISBN"),
    InfoField("doi", "DOI"),
    InfoField("url", "URL"),
    InfoField("access_date", "Accessed"),
    InfoField("citation_key", "Citation key"),
)

_ALWAYS = frozenset({"entry_type", "title", "authors", "year"})
_USUAL: dict[str | None, frozenset[str]] = {
    "article": frozenset({"venue", "volume", "issue", "pages", "doi"}),
    "periodical": frozenset({"venue", "volume", "issue", "issn"}),
    "inproceedings": frozenset({"venue", "pages", "publisher", "doi"}),
    "proceedings": frozenset({"editors", "publisher", "place", "isbn"}),
    "book": frozenset({"publisher", "place", "edition", "isbn"}),
    "inbook": frozenset({"venue", "editors", "pages", "publisher", "isbn"}),
    "incollection": frozenset({"venue", "editors", "pages", "publisher", "isbn"}),
    "phdthesis": frozenset({"publisher", "place"}),
    "mastersthesis": frozenset({"publisher", "place"}),
    "thesis": frozenset({"publisher", "place"}),
    "techreport": frozenset({"publisher", "issue", "url"}),
    "report": frozenset({"publisher", "issue", "url"}),
    "online": frozenset({"url", "access_date"}),
}
"""Empty fields shown without "More fields", by item type (Zotero shows a type's fields)."""
_USUAL_DEFAULT = frozenset({"venue", "doi", "url"})

_VENUE_LABELS = {
    "article": "Journal",
    "periodical": "Journal",
    "inproceedings": "Proceedings",
    "inbook": "Book title",
    "incollection": "Book title",
    "online": "Website",
}
_PUBLISHER_LABELS = {
    "phdthesis": "University",
    "mastersthesis": "University",
    "thesis": "University",
    "techreport": "Institution",
    "report": "Institution",
}

HOVER = QColor(127, 127, 127, 30)
"""A value's background under the mouse: a grey that reads on light and dark palettes."""


def field_label(name: str, entry_type: str | None) -> str:
    """The row label of a field, which for the container and publisher depends on the type."""
    if name == "venue":
        return _VENUE_LABELS.get(entry_type or "", "Venue")
    if name == "publisher":
        return _PUBLISHER_LABELS.get(entry_type or "", "Publisher")
    return next(f.label for f in INFO_FIELDS if f.name == name)


def edit_text(paper: Paper, name: str) -> str:
    """A field's value as typed into its editor (names `;`-separated)."""
    value = getattr(paper, name)
    if name in LIST_FIELDS:
        return "; ".join(value)
    return "" if value is None else str(value)


def display_text(paper: Paper, name: str) -> str:
    """A field's value as shown (names one per line, the item type by its label)."""
    value = getattr(paper, name)
    if name in LIST_FIELDS:
        return "\n".join(value)
    if name == "entry_type":
        return ENTRY_TYPE_LABELS.get(value or "", value or "")
    if name == "month" and value:
        import calendar  # its locale module too: only for a paper with a month

        return calendar.month_name[int(value)]
    return "" if value is None else str(value)


def framed_indent(label: QLabel) -> tuple[int, int]:
    """The text indent of a framed label, and the room its size adds beyond that.

    The rows' style sheet gave them a frame; QLabel sizes a framed label by an x's width
    and draws its text half that far from the edges it is aligned to (qlabel.cpp).
    """
    x = label.fontMetrics().horizontalAdvance("x")
    return x // 2, x - x // 2


class ValueLabel(QLabel):
    """A field's value: focusable; a click, Enter or F2 asks to edit it.

    Its hover background and focus border are drawn here, not by a style sheet: a style
    sheet on the rows cost the first paint 4-8 ms (issue 21), and its fonts did not follow
    a new text size (View → text size, Preferences).
    """

    sig_edit = Signal(bool)
    """Edit me (True: asked with the mouse, so a list opens at once)."""

    sig_escape = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)  # repainted as the mouse comes and goes
        # 2 px of padding (4 across) in a 1 px border, and the indent a framed label has.
        indent, extra = framed_indent(self)
        self.setIndent(indent)
        self.setContentsMargins(5, 3, 5 + extra, 3)
        self.setMinimumHeight(self.fontMetrics().height() + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        hover, focus = self.underMouse(), self.hasFocus()
        if hover or focus:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            if hover:
                painter.setBrush(HOVER)
                painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
            if focus:
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(
                    QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3.5, 3.5
                )
            painter.end()
        super().paintEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.sig_edit.emit(False)
        elif event.key() == Qt.Key.Key_Escape:
            self.sig_escape.emit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_edit.emit(True)
        else:
            super().mousePressEvent(event)


class _Row:
    """One field's widgets: its label, its shown value and its editor (made when first used).

    The editors are hidden until a field is edited: a start builds 22 value labels, not
    22 line edits as well (the first paint shows none of them; issue 21).
    """

    def __init__(self, spec: InfoField, parent: QWidget, place: Callable[[QWidget], None]) -> None:
        self.spec = spec
        self.label = QLabel(spec.label, parent)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        indent, extra = framed_indent(self.label)  # right and top aligned: room left, below
        self.label.setIndent(indent)
        self.label.setContentsMargins(extra, 3, 0, 3 + extra)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.value = ValueLabel(parent)
        # Every value wraps, not only the title, authors, venue and editors: a long
        # publisher or URL on one line made the detail pane wider than its window.
        self.value.setWordWrap(True)
        self.value.setAccessibleName(spec.label)
        self._parent = parent
        self._place = place
        self._editor: QLineEdit | QComboBox | None = None

    @property
    def editor(self) -> QLineEdit | QComboBox:
        if self._editor is None:
            self._editor = self._make_editor()
        return self._editor

    def made_editor(self) -> QLineEdit | QComboBox | None:
        """The editor if it was made (None: never edited), without making it."""
        return self._editor

    def _make_editor(self) -> QLineEdit | QComboBox:
        spec, parent = self.spec, self._parent
        editor: QLineEdit | QComboBox
        if spec.name == "entry_type":
            combo = QComboBox(parent)
            combo.addItem("—", "")
            for kind in ENTRY_TYPES:
                combo.addItem(ENTRY_TYPE_LABELS.get(kind, kind), kind)
            editor = combo
        else:
            line = QLineEdit(parent)
            if spec.name in LIST_FIELDS:
                line.setPlaceholderText("Last, First; Last, First")
            editor = line
        editor.setAccessibleName(f"{spec.label} (editing)")
        editor.hide()
        self._place(editor)
        return editor

    def set_visible(self, on: bool, editing: bool) -> None:
        self.label.setVisible(on)
        self.value.setVisible(on and not editing)
        if self._editor is not None or (on and editing):
            self.editor.setVisible(on and editing)

    def typed(self) -> str:
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData())
        return self.editor.text()

    def begin(self, text: str) -> None:
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(0, self.editor.findData(text)))
        else:
            self.editor.setText(text)
            self.editor.selectAll()


class _EditorKeys(QObject):
    """Watches the field editors for the section (Enter, Esc, Tab, leaving the field).

    Not the section's own `eventFilter`: QScrollArea filters its body's events through that
    method, and a Python override of it (or of `changeEvent`) receives a bare QEvent, for
    which PySide builds every QEvent subclass first (~50 classes and their enums, ~3 ms
    before the first paint; issue 21), then wraps each of the body's events in Python.
    """

    def __init__(self, section: InfoSection) -> None:
        super().__init__(section)
        self._section = section

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return self._section._editor_event(watched, event) or super().eventFilter(watched, event)


class InfoSection(QScrollArea):
    sig_done = Signal()
    """Esc on a field not being edited: focus goes back to the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paper: Paper | None = None
        self._saver: Saver | None = None
        self._editing: str | None = None
        self._saving = False
        self._show_all = False
        self._fitted: tuple[int, str, int] | None = None  # (width, font, height): last hint
        self._keys: _EditorKeys | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # In the detail pane's own scroll area it is as tall as its rows (no second scrollbar).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Info")
        body = QWidget(self)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(1)
        self._grid.setColumnStretch(1, 1)
        self._rows: dict[str, _Row] = {}
        for n, spec in enumerate(INFO_FIELDS):
            row = _Row(spec, body, partial(self._place_editor, n))
            self._rows[spec.name] = row
            self._grid.addWidget(row.label, n, 0)
            self._grid.addWidget(row.value, n, 1)
            row.value.sig_edit.connect(
                lambda mouse, name=spec.name: self.start_edit(name, popup=mouse)
            )
            row.value.sig_escape.connect(self.sig_done.emit)
        self.more = QPushButton("More fields", body)
        self.more.setFlat(True)
        self.more.setAccessibleName("Show or hide the empty fields")
        self.more.clicked.connect(self._toggle_more)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        # Any height the rows do not need goes below them, never between them.
        layout.addStretch(1)
        self.setWidget(body)
        self.show_paper(None)

    def _place_editor(self, n: int, editor: QWidget) -> None:
        """A row's editor, made on its first use: over the row's value, watched for keys."""
        self._grid.addWidget(editor, n, 1)
        if self._keys is None:
            self._keys = _EditorKeys(self)
        editor.installEventFilter(self._keys)

    # ------------------------------------------------------------------ public
    def set_saver(self, saver: Saver) -> None:
        self._saver = saver

    def editing(self) -> str | None:
        """The field being edited, if any."""
        return self._editing

    def editor(self, name: str) -> QLineEdit | QComboBox:
        return self._rows[name].editor

    def value_label(self, name: str) -> ValueLabel:
        return self._rows[name].value

    def shown_fields(self) -> list[str]:
        """The fields with a row on screen, in order."""
        return [f.name for f in INFO_FIELDS if self._shown(f.name)]

    def show_paper(self, paper: Paper | None) -> None:
        """Show `paper`'s fields; a field being edited on the same paper keeps its text."""
        if self._editing is not None and (
            paper is None or self._paper is None or (paper.id != self._paper.id)
        ):
            self._end_edit(focus=False)
        self._paper = paper
        self.setEnabled(paper is not None)
        entry_type = paper.entry_type if paper else None
        for name, row in self._rows.items():
            row.label.setText(field_label(name, entry_type))
            row.value.setText(display_text(paper, name) if paper else "")
            row.value.setToolTip("Click, Enter or F2 to edit" if paper else "")
        self._layout_rows()

    def start_edit(self, name: str | None = None, popup: bool = False) -> None:
        """Edit `name` (default: the title), as a click, Enter or F2 on it does.

        Args:
            name: the field.
            popup: open the item types' list at once (a click on the item type).
        """
        name = name or "title"
        if self._paper is None or self._editing == name:
            return
        if self._editing is not None and not self._save(self._editing, move_focus=False):
            return
        if not self._shown(name):
            self._show_all = True
        self._editing = name
        row = self._rows[name]
        row.begin(edit_text(self._paper, name))
        self._layout_rows()
        row.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(row.editor, 0, 40)  # the row above shows where it is
        if popup and isinstance(row.editor, QComboBox):
            row.editor.showPopup()

    # ------------------------------------------------------------------ editing
    def _editor_event(self, watched: QObject, event: QEvent) -> bool:
        """Keys and focus of the field being edited (through `_EditorKeys`)."""
        name = self._editing
        if name is None or watched is not self._rows[name].made_editor():
            return False
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._save(name)
                return True
            if key == Qt.Key.Key_Escape:
                self._end_edit(focus=True)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                back = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                if self._save(name, move_focus=False):
                    self._edit_next(name, -1 if back else 1)
                return True
        if isinstance(event, QFocusEvent) and event.type() == QEvent.Type.FocusOut:
            popup = event.reason() == Qt.FocusReason.PopupFocusReason
            if not popup and not self._saving:
                self._save(name, move_focus=False)  # leaving a field saves it, as in Zotero
        return False

    def _save(self, name: str, move_focus: bool = True) -> bool:
        """Save the field being edited; False (still editing) when the library refused it."""
        paper = self._paper
        if paper is None or self._editing != name or self._saving:
            return self._editing != name
        typed = self._rows[name].typed()
        if typed != edit_text(paper, name):
            self._saving = True
            try:
                saved = self._saver is not None and self._saver(paper.id, {name: typed})
            finally:
                self._saving = False
            if not saved:
                return False
        self._end_edit(focus=move_focus)
        return True

    def _end_edit(self, focus: bool) -> None:
        name, self._editing = self._editing, None
        if name is None:
            return
        row = self._rows[name]
        self._layout_rows()
        if focus:
            row.value.setFocus(Qt.FocusReason.OtherFocusReason)

    def _edit_next(self, name: str, step: int) -> None:
        shown = self.shown_fields()
        at = shown.index(name) if name in shown else 0
        self.start_edit(shown[(at + step) % len(shown)])

    # ------------------------------------------------------------------ layout
    def _shown(self, name: str) -> bool:
        paper = self._paper
        if paper is None:
            return False
        if self._show_all or name in _ALWAYS or name == self._editing:
            return True
        if getattr(paper, name) not in (None, "", []):
            return True
        return name in _USUAL.get(paper.entry_type, _USUAL_DEFAULT)

    def _layout_rows(self) -> None:
        self._fitted = None
        hidden = 0
        for name, row in self._rows.items():
            shown = self._shown(name)
            hidden += not shown
            row.set_visible(shown, name == self._editing)
        self.updateGeometry()
        self.more.setVisible(self._paper is not None and (hidden > 0 or self._show_all))
        self.more.setText("Fewer fields" if self._show_all else f"More fields ({hidden})")

    def sizeHint(self) -> QSize:
        body = self.widget()
        hint = body.sizeHint() if body is not None else QSize(0, 0)
        height = hint.height()
        width = self.width() - 2 * self.frameWidth()
        if body is not None and width > 0 and body.hasHeightForWidth():
            # Wrapped values (a long title) are as tall as the width they get, not as the
            # narrow width a size hint assumes (which left the rows far apart). Layouts ask
            # many times per pass: the text is laid out once per width and paper.
            # The text's height changes with the font too (View → text size).
            font = body.font().key()
            if self._fitted is None or self._fitted[:2] != (width, font):
                self._fitted = (width, font, body.heightForWidth(width))
            height = self._fitted[2]
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height follows the width (sizeHint)

    def minimumSizeHint(self) -> QSize:
        # As tall as its rows, but as narrow as its widest label and a few letters of
        # value: its preferred width (a value's whole line) pushed the detail pane's body
        # wider than the pane, which cut every line of the pane on the right.
        body = self.widget()
        width = body.minimumSizeHint().width() if body is not None else 0
        return QSize(width + 2 * self.frameWidth(), self.sizeHint().height())

    def _toggle_more(self) -> None:
        self._show_all = not self._show_all
        self._layout_rows()
