"""Light and dark palettes: follow the system, or what the user chose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from papershelf.config.user_settings import ENV_THEME, load_user_settings

__all__ = ["ENV_THEME", "apply_font_size", "apply_theme", "dark_palette", "light_palette"]


def light_palette(app: QApplication) -> QPalette:
    """Fusion's light palette: a calmer link colour, a selection that white text reads on."""
    p = app.style().standardPalette()
    p.setColor(QPalette.ColorRole.Link, QColor(26, 95, 180))
    p.setColor(QPalette.ColorRole.LinkVisited, QColor(105, 63, 176))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(118, 118, 118))
    # Fusion's selection blue under white text is 3.7:1; this one is 5.1:1 (WCAG AA).
    p.setColor(QPalette.ColorRole.Highlight, QColor(36, 112, 186))
    return p


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(37, 37, 38), QColor(30, 30, 30), QColor(220, 220, 220)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(45, 45, 48),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 140, 140),
        QPalette.ColorRole.Button: QColor(51, 51, 55),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 99, 71),
        QPalette.ColorRole.Link: QColor(110, 176, 255),
        QPalette.ColorRole.LinkVisited: QColor(190, 150, 255),
        QPalette.ColorRole.Highlight: QColor(38, 79, 120),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return p


def apply_theme(app: QApplication, choice: str | None = None) -> str:
    """Apply "light", "dark" or "system" (the desktop's colour scheme); returns the one used.

    Args:
        app: the application.
        choice: the theme; by default the user's setting, where `$PAPERSHELF_THEME` (applied
            last, in `load_user_settings`) wins over the stored choice.
    """
    choice = (choice or load_user_settings().ui.theme).lower()
    if choice == "system":
        dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
        choice = "dark" if dark else "light"
    # Fusion draws every widget from the palette, so both palettes are legible everywhere,
    # and the two themes are designed against one style.
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if choice == "dark" else light_palette(app))
    return choice


def apply_font_size(app: QApplication, points: int) -> None:
    """Set the text size in points; 0 is the system's size (also when set back to it).

    A widget with a style sheet of its own keeps the font it was polished with when the
    application's font changes (Qt's style-sheet style resolves it once): the search bar in
    its error state, the note's "not saved" line and a few hints would keep the old size
    until a restart. Their style sheets are applied again, which polishes them anew.
    """
    system = app.property(_SYSTEM_POINTS)
    if system is None:  # the first call, before any change: the system's own size
        system = app.font().pointSize()
        app.setProperty(_SYSTEM_POINTS, system)
    wanted = points if points > 0 else int(system)
    font = app.font()
    if wanted <= 0 or font.pointSize() == wanted:
        return
    font.setPointSize(wanted)
    app.setFont(font)
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


_SYSTEM_POINTS = "papershelf_system_point_size"
"""The application property that remembers the system's text size before any change."""
