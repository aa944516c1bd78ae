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


# The code points of the glyphs named above, from CHARMAP_FILE (tests/gui/test_look.py
# checks them against it): the charmap's 4,470 names are parsed only for another glyph.
CODEPOINTS: dict[str, int] = {
    "arrow-clockwise": 0xF020,
    "arrow-counter-clockwise": 0xF021,
    "arrow-square-out": 0xF058,
    "article": 0xF068,
    "book-open": 0xF097,
    "bookmark-simple": 0xF095,
    "books": 0xF098,
    "caret-down": 0xF0C2,
    "caret-right": 0xF0C4,
    "chart-bar": 0xF0D2,
    "check-circle": 0xF0E8,
    "check-circle-fill": 0xF851,
    "circle-bold": 0xF46A,
    "circle-half": 0xF0EE,
    "circle-half-fill": 0xF858,
    "clipboard-text": 0xF0F8,
    "command": 0xF10F,
    "copy": 0xF114,
    "download-simple": 0xF14C,
    "export": 0xF15A,
    "eye": 0xF15B,
    "file-pdf": 0xF16C,
    "file-text": 0xF170,
    "flask": 0xF180,
    "funnel-simple": 0xF197,
    "globe": 0xF1AF,
    "hash": 0xF1C5,
    "link-simple": 0xF1F6,
    "magnifying-glass": 0xF20A,
    "note-pencil": 0xF22E,
    "pencil-simple": 0xF266,
    "plus-circle": 0xF280,
    "prohibit": 0xF289,
    "rss-simple": 0xF2A8,
    "star": 0xF2F3,
    "star-fill": 0xFA5D,
    "tag-simple": 0xF307,
    "trash": 0xF334,
    "tray": 0xF336,
    "x-circle-fill": 0xFAD7,
}


@cache
def _font() -> str | None:
    """The font's family, loaded once; None if the font is missing."""
    folder = font_dir()
    if folder is None:
        log.warning("no icons: qtawesome is not installed")
        return None
    # From its path: Qt reads the 1.4 MB file itself (reading it in Python first cost ~2 ms).
    font_id = QFontDatabase.addApplicationFont(str(folder / FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("no icons: Qt could not load %s", folder / FONT_FILE)
        return None
    return str(families[0])


@cache
def _charmap() -> dict[str, str]:
    """Every glyph name → its code point as hex text ("0xf020"), from the font's charmap."""
    folder = font_dir()
    try:
        if folder is None:
            raise FileNotFoundError("qtawesome is not installed")
        codes: dict[str, str] = json.loads((folder / CHARMAP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("no glyph names: %s", exc)
        return {}
    return codes


def _char(name: str) -> str | None:
    code = CODEPOINTS.get(name)
    if code is not None:
        return chr(code)
    hex_code = _charmap().get(name)
    return chr(int(hex_code, 16)) if hex_code else None


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
    family = _font()
    char = _char(name) if family is not None else None
    if family is None or char is None:
        return QIcon()
    return QIcon(GlyphEngine(char, family, tone))


def icon(key: str, tone: Tone = Tone.TEXT) -> QIcon:
    """The icon for a Papershelf meaning (a command id or a `GLYPHS` key)."""
    return glyph(GLYPHS.get(key, key), tone)


def status_icon(status: ReadingStatus) -> QIcon:
    return glyph(STATUS_GLYPHS[status], status_tone(status))
