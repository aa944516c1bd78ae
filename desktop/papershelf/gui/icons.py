"""One icon set for the window: Phosphor glyphs (shipped by qtawesome), in the palette's colours.

The glyphs come from the Phosphor font that the `qtawesome` distribution bundles, but its
Python API is not imported: `import qtawesome` imports `qtpy`, whose star imports of
QtCore, QtGui and QtWidgets cost 150-300 ms here, and its first icon loads all twelve of its
fonts. Loading the one font we use and drawing its glyphs with a small `QIconEngine` costs
a few milliseconds (benchmarks/gui.py, issue 19).

An icon asks the application palette for its colour each time it is painted, so a theme
switch recolours every icon at once without re-creating any.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from enum import Enum
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

from papershelf.core.models import ReadingStatus

log = logging.getLogger(__name__)

FONT_FILE = "phosphor-1.3.0.ttf"
CHARMAP_FILE = "phosphor-charmap-1.3.0.json"

# What each icon shows, by what it means in Papershelf (one place to restyle the set).
GLYPHS: dict[str, str] = {
    "file.import": "download-simple",
    "file.export_selected": "export",
    "edit.undo": "arrow-counter-clockwise",
    "edit.redo": "arrow-clockwise",
    "edit.palette": "command",
    "paper.reading": "book-open",
    "paper.read": "check-circle",
    "reader.open": "file-text",
    "file.paste": "clipboard-text",
    "file.sample": "flask",
    "file.add_ids": "plus-circle",
    "inbox.feeds": "rss-simple",
    "inbox": "tray",
    "library": "books",
    "to-read": "bookmark-simple",
    "reading": "book-open",
    "read": "check-circle",
    "dropped": "prohibit",
    "trash": "trash",
    "duplicates": "copy",
    "stats": "chart-bar",
    "tag": "tag-simple",
    "search": "magnifying-glass",
    "saved-search": "funnel-simple",
    "feed": "rss-simple",
    "status": "circle-half",
    "priority": "star",
    "star": "star-fill",
    "star-empty": "star",
    "pdf": "file-pdf",
    "link": "link-simple",
    "arxiv": "article",
    "doi": "hash",
    "hf": "globe",
    "open": "arrow-square-out",
    "edit": "pencil-simple",
    "preview": "eye",
    "expanded": "caret-down",
    "collapsed": "caret-right",
    "note": "note-pencil",
}

STATUS_GLYPHS: dict[ReadingStatus, str] = {
    ReadingStatus.TO_READ: "circle-bold",
    ReadingStatus.READING: "circle-half-fill",
    ReadingStatus.READ: "check-circle-fill",
    ReadingStatus.DROPPED: "x-circle-fill",
}


class Tone(Enum):
    """Where an icon takes its colour from."""

    TEXT = "text"  # the palette's text colour (toolbar, sidebar)
    MUTED = "muted"  # placeholder text: hints, empty stars
    ACCENT = "accent"  # the palette's link colour
    STAR = "star"  # priority stars
    TO_READ = ReadingStatus.TO_READ.value
    READING = ReadingStatus.READING.value
    READ = ReadingStatus.READ.value
    DROPPED = ReadingStatus.DROPPED.value


# (light, dark): legible on white and on the dark palette's near-black alike.
_FIXED: dict[Tone, tuple[str, str]] = {
    Tone.STAR: ("#d08a00", "#f2b52e"),
    Tone.TO_READ: ("#5b6b85", "#9fb0cc"),
    Tone.READING: ("#c2610c", "#f0a050"),
    Tone.READ: ("#1d8a4c", "#4cc784"),
    Tone.DROPPED: ("#a33a3a", "#e07a7a"),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (default: the application's) draws light text on a dark window."""
    p = palette or QGuiApplication.palette()
    return p.color(QPalette.ColorRole.Window).lightness() < 128


def tone_color(
    tone: Tone, palette: QPalette | None = None, mode: QIcon.Mode = QIcon.Mode.Normal
) -> QColor:
    """The colour `tone` has in `palette` (default: the application's) for an icon `mode`."""
    p = palette or QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return p.color(QPalette.ColorRole.HighlightedText)
    if tone == Tone.TEXT:
        return p.color(QPalette.ColorRole.WindowText)
    if tone == Tone.MUTED:
        return p.color(QPalette.ColorRole.PlaceholderText)
    if tone == Tone.ACCENT:
        return p.color(QPalette.ColorRole.Link)
    light, dark = _FIXED[tone]
    return QColor(dark if is_dark(p) else light)


def status_tone(status: ReadingStatus) -> Tone:
    return Tone(status.value)


# ------------------------------------------------------------------------ the font
def font_dir() -> Path | None:
    """The folder of the fonts qtawesome ships, found without importing it (or the bundle's)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        frozen = Path(bundle) / "qtawesome" / "fonts"
        if frozen.is_dir():
            return frozen
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@cache
def _font() -> tuple[str, dict[str, str]] | None:
    """(font family, glyph name → character), loaded once; None if the font is missing."""
    folder = font_dir()
    try:
        if folder is None:
            raise FileNotFoundError("qtawesome is not installed")
        data = (folder / FONT_FILE).read_bytes()
        codes = json.loads((folder / CHARMAP_FILE).read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("no icons: %s", exc)
        return None
    font_id = QFontDatabase.addApplicationFontFromData(data)
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        log.warning("no icons: Qt could not load %s", FONT_FILE)
        return None
    return families[0], {name: chr(int(code, 16)) for name, code in codes.items()}


def available() -> bool:
    """Whether icons can be drawn (the font was found and loaded)."""
    return _font() is not None


_PIXMAPS: dict[tuple[str, str, int, int, int, float], QPixmap] = {}
"""Drawn glyphs by (char, font, width, height, colour, pixel ratio)."""


class GlyphEngine(QIconEngine):
    """Draws one glyph, coloured from the palette at paint time."""

    def __init__(self, char: str, family: str, tone: Tone) -> None:
        super().__init__()
        self.char = char
        self.family = family
        self.tone = tone

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # A list repaints hundreds of status icons and stars per scroll step: the glyph is
        # drawn once per size and colour, then copied.
        color = tone_color(self.tone, mode=mode)
        ratio = painter.device().devicePixelRatioF()
        key = (self.char, self.family, rect.width(), rect.height(), color.rgba(), ratio)
        pm = _PIXMAPS.get(key)
        if pm is None:
            if len(_PIXMAPS) > 512:
                _PIXMAPS.clear()
            pm = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
            pm.setDevicePixelRatio(ratio)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            font = QFont(self.family)
            font.setPixelSize(max(1, round(min(rect.width(), rect.height()) * 0.92)))
            p.setFont(font)
            p.setPen(color)
            p.drawText(
                QRect(0, 0, rect.width(), rect.height()),
                int(Qt.AlignmentFlag.AlignCenter),
                self.char,
            )
            p.end()
            _PIXMAPS[key] = pm
        painter.drawPixmap(rect.topLeft(), pm)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pm

    def clone(self) -> QIconEngine:
        return GlyphEngine(self.char, self.family, self.tone)

    def key(self) -> str:
        return "papershelf-glyph"


@cache
def glyph(name: str, tone: Tone = Tone.TEXT) -> QIcon:
    """A Phosphor glyph by its own name (e.g. "star-fill"); an empty icon if there is none."""
    font = _font()
    if font is None or name not in font[1]:
        return QIcon()
    family, chars = font
    return QIcon(GlyphEngine(chars[name], family, tone))


def icon(key: str, tone: Tone = Tone.TEXT) -> QIcon:
    """The icon for a Papershelf meaning (a command id or a `GLYPHS` key)."""
    return glyph(GLYPHS.get(key, key), tone)


def status_icon(status: ReadingStatus) -> QIcon:
    return glyph(STATUS_GLYPHS[status], status_tone(status))
