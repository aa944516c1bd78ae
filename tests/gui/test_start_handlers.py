"""What the start's widgets do with keys, fonts and themes without a Python event filter.

The search bar, the detail pane's lines and Info section, the toolbar and the welcome view
once answered through `eventFilter`/`changeEvent` written in Python, which made PySide build
every QEvent subclass before the first paint (issue 21; test_startup_imports guards that).
These tests hold what the user sees of each to what it was.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.theme import apply_theme
from papershelf.gui.widgets.search_bar import SearchBar
from papershelf.gui.widgets.welcome import WelcomeView
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


@pytest.fixture
def app_look(qapp: QApplication) -> Iterator[QApplication]:
    """The test may change the app's theme and font: both are put back after it."""
    font, palette = qapp.font(), qapp.palette()
    yield qapp
    qapp.setFont(font)
    qapp.setPalette(palette)


def test_a_pasted_listing_in_the_search_box_is_offered_for_import(qtbot: QtBot) -> None:
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.show()
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("2401.00001\n2401.00002")
    with qtbot.waitSignal(bar.sig_paste_lines, timeout=2000) as pasted:
        qtbot.keyClick(bar.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert pasted.args == ["2401.00001\n2401.00002"]
    assert bar.edit.text() == ""  # taken as a listing, not typed as a search
    clipboard.setText("attention")  # one line is pasted as a search
    qtbot.keyClick(bar.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert bar.edit.text() == "attention"
    with qtbot.waitSignal(bar.sig_escape, timeout=2000):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert bar.edit.text() == "attention"  # Esc leaves the box, keeping the search


def _logo_colours(view: WelcomeView) -> set[str]:
    image = view.grab().toImage()
    (logo,) = [w for w in view.findChildren(QWidget) if type(w).__name__ == "_Logo"]
    area = logo.geometry()
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(area.left(), area.right(), 2)
        for y in range(area.top(), area.bottom(), 2)
    }


def _lightness(colour: str) -> int:
    return QColor(colour).lightness()


def test_the_welcome_logo_is_drawn_in_the_theme_in_use(
    qtbot: QtBot, app_look: QApplication
) -> None:
    apply_theme(app_look, "light")
    view = WelcomeView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    light_muted = app_look.palette().color(QPalette.ColorRole.PlaceholderText).name()
    # The glyph, in the muted text colour, is the darkest of the logo on a light window...
    assert min(_logo_colours(view), key=_lightness) == light_muted
    apply_theme(app_look, "dark")  # the user switches themes with the window open
    qtbot.wait(10)  # (the palette reaches the widgets through posted events)
    dark_muted = app_look.palette().color(QPalette.ColorRole.PlaceholderText).name()
    # ... and drawn again in the dark theme's muted colour, the lightest on a dark window.
    assert max(_logo_colours(view), key=_lightness) == dark_muted


def _selected_window(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.lists.select([1])
    qtbot.waitUntil(lambda: window.details.paper_id() == 1, timeout=5000)


def test_the_info_rows_grow_with_a_bigger_text_size(
    window: MainWindow, qtbot: QtBot, app_look: QApplication
) -> None:
    _selected_window(window, qtbot)
    info = window.details.info
    title = info.value_label("title")
    before = info.sizeHint().height(), title.fontInfo().pixelSize()
    font = app_look.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    app_look.setFont(font)  # Preferences → text size
    qtbot.waitUntil(lambda: title.fontInfo().pixelSize() > before[1], timeout=3000)
    qtbot.waitUntil(lambda: info.sizeHint().height() > before[0] * 1.2, timeout=3000)


def test_a_value_shows_when_it_has_the_mouse_or_the_focus(window: MainWindow, qtbot: QtBot) -> None:
    _selected_window(window, qtbot)
    value = window.details.info.value_label("year")
    middle = value.height() // 2

    def look() -> tuple[str, str]:
        image = value.grab().toImage()
        # (the left edge: the border; inside it, before the text: the background)
        return QColor(image.pixel(0, middle)).name(), QColor(image.pixel(3, middle)).name()

    plain = look()
    assert plain[0] == plain[1]  # no border, no background of its own
    value.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, True)  # the mouse over it
    hovered = look()
    assert hovered[1] != plain[1]  # a grey background
    value.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
    value.setFocus()
    qtbot.waitUntil(value.hasFocus, timeout=3000)
    border = QColor(look()[0])
    highlight = value.palette().color(QPalette.ColorRole.Highlight)
    assert abs(border.lightness() - highlight.lightness()) < 40
    assert abs(border.hue() - highlight.hue()) < 20  # the selection's colour around it


def test_widgets_with_a_style_sheet_follow_a_new_text_size(
    window: MainWindow, qtbot: QtBot, app_look: QApplication
) -> None:
    """Preferences → text size reaches the note's "not saved" line and the search bar's
    error frame too (a style sheet of their own kept the old font until a restart)."""
    from papershelf.gui.theme import apply_font_size

    _selected_window(window, qtbot)
    unsaved = window.details.note.unsaved_label
    search = window.search_bar.edit
    search.setStyleSheet("QLineEdit { border: 1px solid #c62828; }")  # as for a bad query
    before = unsaved.fontInfo().pixelSize(), search.fontInfo().pixelSize()
    apply_font_size(app_look, app_look.font().pointSize() + 6)
    qtbot.waitUntil(lambda: unsaved.fontInfo().pixelSize() > before[0], timeout=3000)
    qtbot.waitUntil(lambda: search.fontInfo().pixelSize() > before[1], timeout=3000)
    assert unsaved.font().bold()  # its own look kept


def test_the_system_text_size_comes_back_when_chosen_again(app_look: QApplication) -> None:
    """Preferences → text size "System default" after a size of one's own: the system's
    size at once, not after a restart."""
    from papershelf.gui.theme import apply_font_size

    system = app_look.font().pointSize()
    apply_font_size(app_look, 0)  # the start, with the default setting
    apply_font_size(app_look, system + 5)
    assert app_look.font().pointSize() == system + 5
    apply_font_size(app_look, 0)
    assert app_look.font().pointSize() == system
