"""The look (issue 19): icons, a toolbar that stays put, columns that fit, a sidebar of sections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from papershelf.core.models import PaperDraft, ReadingStatus
from papershelf.core.results import Snippet
from papershelf.gui import icons
from papershelf.gui.mainwindow import MainWindow
from papershelf.gui.theme import apply_theme
from papershelf.gui.widgets.elide import ELLIPSIS, elide_snippet, elide_words
from papershelf.gui.widgets.toolbar import tooltip
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolButton, QToolTip
from pytestqt.qtbot import QtBot

from tests.conftest import REPO, require, xcb_display_problem


def toolbar_buttons(window: MainWindow) -> dict[str, QToolButton]:
    toolbar = window.registry.toolbar
    out = {}
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            out[action.objectName()] = button
    return out


def test_icons_come_from_one_font_and_follow_the_palette(qapp: QApplication) -> None:
    assert icons.available(), "the Phosphor font that qtawesome ships was not found"
    image = icons.icon("edit.undo").pixmap(32, 32).toImage()
    drawn = [image.pixelColor(x, y) for x in range(32) for y in range(32)]
    assert any(c.alpha() > 200 for c in drawn), "the glyph drew nothing"
    assert icons.glyph("no-such-glyph").isNull()
    read = icons.tone_color(icons.status_tone(ReadingStatus.READ))
    reading = icons.tone_color(icons.status_tone(ReadingStatus.READING))
    assert read != reading, "statuses are told apart by colour too"


def test_the_glyphs_we_show_are_the_charmaps(qapp: QApplication) -> None:
    # The window's glyphs are looked up in a table made from the font's charmap (parsing
    # all of it took ~2 ms of every start): the table must say what the charmap says.
    folder = icons.font_dir()
    assert folder is not None
    charmap = json.loads((folder / icons.CHARMAP_FILE).read_text(encoding="utf-8"))
    shown = set(icons.GLYPHS.values()) | set(icons.STATUS_GLYPHS.values())
    assert set(icons.CODEPOINTS) == shown
    assert {n: int(charmap[n], 16) for n in shown} == icons.CODEPOINTS
    # A glyph beyond the table still comes from the charmap.
    assert "alarm" not in icons.CODEPOINTS
    assert not icons.glyph("alarm").isNull()


def test_toolbar_buttons_are_icons_that_keep_their_place(window: MainWindow, qtbot: QtBot) -> None:
    buttons = toolbar_buttons(window)
    assert buttons, "the toolbar has buttons"
    for command_id, button in buttons.items():
        assert not button.icon().isNull(), f"{command_id} has no icon"
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    undo = buttons["edit.undo"]
    before = {cid: b.geometry() for cid, b in buttons.items()}
    window.lists.select([1])
    window.registry.trigger("paper.read")
    qtbot.waitUntil(lambda: window.registry.enabled("edit.undo"), timeout=5000)
    undo_text = window.registry.qaction("edit.undo").text()  # "Undo Mark paper as Read"
    assert "Undo" in undo_text
    assert "Read" in undo_text
    assert {cid: b.geometry() for cid, b in buttons.items()} == before
    assert undo.width() == undo.height()


def test_toolbar_tooltips_name_the_keys_from_the_registry(window: MainWindow) -> None:
    assert tooltip(window.registry, "edit.palette") == "Command Palette… (Ctrl+K, Ctrl+Shift+P)"
    window.registry.apply({"window": {"edit.palette": ["Ctrl+J"]}})  # the user rebinds it
    assert tooltip(window.registry, "edit.palette") == "Command Palette… (Ctrl+J)"
    button = toolbar_buttons(window)["edit.palette"]
    event = QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(4, 4), button.mapToGlobal(QPoint(4, 4)))
    QApplication.sendEvent(button, event)
    assert QToolTip.text() == "Command Palette… (Ctrl+J)"
    QToolTip.hideText()


def test_default_columns_fit_a_1280_px_window(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 800)
    table = window.table
    header = table.horizontalHeader()

    def fits() -> bool:
        shown = sum(header.sectionSize(i) for i in range(header.count()))
        return shown <= table.viewport().width() and not table.horizontalScrollBar().isVisible()

    qtbot.waitUntil(fits, timeout=3000)
    assert not any(table.isColumnHidden(i) for i in range(header.count()))
    assert header.sectionSize(0) >= 220, "the title keeps room to be read"


def test_sidebar_has_sections_and_right_aligned_counts(window: MainWindow) -> None:
    window.lib.change_tags([1], ["a-very-long-tag-name-that-cannot-fit-in-the-sidebar"])
    window.lists.refresh_counts()
    sidebar = window.sidebar
    assert sidebar.section_titles()[:4] == ["Library", "Reading", "Feeds", "Tags"]
    assert sidebar.count_of("library") == 4
    assert sidebar.count_of("a-very-long-tag-name-that-cannot-fit-in-the-sidebar") == 1
    tag = sidebar.tags_root().child(0)
    assert tag is not None
    assert tag.text(0).startswith("a-very-long-tag")
    assert "1 paper" in tag.toolTip(0)
    sidebar.resize(200, 400)
    image = sidebar.viewport().grab().toImage()
    assert image.width() > 0


def test_text_is_cut_at_a_word_boundary_with_an_ellipsis(qapp: QApplication) -> None:
    metrics = QFontMetrics(qapp.font())
    title = "Denoising Diffusion Probabilistic Models for Everyone"
    room = metrics.horizontalAdvance("Denoising Diffusion Probab")
    cut = elide_words(title, metrics, room)
    assert cut == "Denoising Diffusion" + ELLIPSIS
    assert elide_words(title, metrics, 10_000) == title
    snippet = Snippet(
        "abstract", "learns to undo a gradual noising process step by step", ((20, 27),)
    )
    short = elide_snippet(
        snippet, metrics, metrics.horizontalAdvance("learns to undo a gradual noising")
    )
    assert short.text == "learns to undo a gradual" + ELLIPSIS
    assert short.spans == ((20, 24),)  # the mark is kept up to the cut


def test_the_window_title_names_the_library_once_under_x(tmp_path: Path) -> None:
    require(xcb_display_problem())
    code = (
        "import subprocess, sys\n"
        "from papershelf.gui.app import make_application\n"
        "from papershelf.gui.mainwindow import MainWindow\n"
        "from papershelf.library import Library\n"
        "app = make_application()\n"
        "lib = Library.open(sys.argv[1])\n"
        "w = MainWindow(lib)\n"
        "w.show()\n"
        "app.processEvents()\n"
        "out = subprocess.run(['xprop', '-id', str(int(w.winId())), '_NET_WM_NAME', 'WM_NAME'],"
        " capture_output=True, text=True).stdout\n"
        "print(out)\n"
        "w.close(); lib.close()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["QT_QPA_PLATFORM"] = "xcb"
    proc = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", code, str(tmp_path / "lib1")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = [line for line in proc.stdout.splitlines() if "WM_NAME" in line]
    assert names, proc.stdout
    for line in names:
        assert line.count("Papershelf") == 1, line
        assert line.count("lib1") == 1, line
        assert "Papershelf — lib1" in line


def test_detail_pane_sections_show_nothing_when_empty(window: MainWindow, qtbot: QtBot) -> None:
    bare = window.lib.import_drafts([PaperDraft(title="A paper with nothing but a title")])
    (pid,) = bare.added_ids
    window.lists.refresh()
    window.lists.select([pid])
    details = window.details
    qtbot.waitUntil(lambda: details.paper_id() == pid, timeout=3000)
    assert details.sections["abstract"].isHidden()
    assert details.sections["related"].isHidden() == (not details.related_titles())
    assert details.annotations.isHidden(), "no annotations: only the form to add one"
    assert not details.sections["notes"].isHidden(), "a note can always be written"
    assert details.link_labels() == []
    arxiv = next(p for p in window.lib.list_ids() if window.lib.get(p).arxiv_id)
    window.lists.select([arxiv])  # has an abstract and an arXiv id
    qtbot.waitUntil(lambda: details.paper_id() == arxiv, timeout=3000)
    assert not details.sections["abstract"].isHidden()
    assert "arXiv" in details.link_labels()


def test_a_folded_section_unfolds_when_a_command_wants_its_field(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.lists.select([1])
    notes = window.details.sections["notes"]
    notes.header.click()
    assert not notes.is_expanded()
    assert not window.details.note.edit.isVisible()
    window.activateWindow()
    window.registry.trigger("paper.note")
    assert notes.is_expanded()
    qtbot.waitUntil(window.details.note.edit.hasFocus, timeout=3000)


def test_one_note_editor_switches_between_edit_and_preview(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.lib.set_note(1, "## Key idea\n\nStraight paths.")
    window.lists.select([2])
    window.lists.select([1])
    note = window.details.note
    qtbot.waitUntil(lambda: note.mode() == "preview", timeout=3000)
    assert note.edit.isHidden()
    assert "Straight paths." in note.preview.toPlainText()
    note.edit.setFocus()  # Edit Note, a click, a key
    assert note.mode() == "edit"
    assert note.preview.isHidden()
    note.choose_mode("split")
    window.lists.select([2])
    assert note.mode() == "split", "the view the user picked stays"
    assert note.edit.isVisible()
    assert note.preview.isVisible()


def test_a_notes_heading_is_a_step_above_its_text_not_a_poster(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The preview restyles headings (Qt's own are poster-sized); an empty note first."""
    window.lists.select([2])  # no note: nothing to restyle
    window.lib.set_note(1, "# Key idea\n\nStraight paths.")
    window.lists.select([1])
    note = window.details.note
    qtbot.waitUntil(lambda: note.mode() == "preview", timeout=3000)
    doc = note.preview.document()
    heading, text = doc.begin(), doc.begin().next()
    assert heading.blockFormat().headingLevel() == 1
    base = note.preview.font().pointSizeF()
    size = (
        heading.charFormat().fontPointSize()
        or heading.begin().fragment().charFormat().fontPointSize()
    )
    assert size == pytest.approx(base * 1.3)
    assert text.text() == "Straight paths."


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_a_theme_switch_recolours_links_live_and_both_stay_readable(
    window: MainWindow, qapp: QApplication, qtbot: QtBot
) -> None:
    style, palette = qapp.style().name(), qapp.palette()
    label = window.details.files.label  # file names are links
    try:
        colours = {}
        for theme in ("light", "dark"):
            apply_theme(qapp, theme)
            wanted = qapp.palette().color(QPalette.ColorRole.Link)
            qtbot.waitUntil(
                lambda w=wanted: label.palette().color(QPalette.ColorRole.Link) == w  # type: ignore[misc]
            )
            p = label.palette()
            link, base = p.color(QPalette.ColorRole.Link), p.color(QPalette.ColorRole.Base)
            assert _contrast(link, base) >= 4.5, f"links are hard to read in {theme}"
            selected = p.color(QPalette.ColorRole.HighlightedText)
            assert _contrast(selected, p.color(QPalette.ColorRole.Highlight)) >= 4.5
            colours[theme] = link.name()
        assert colours["light"] != colours["dark"], "the open window took the new palette"
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)


def test_the_welcome_view_shows_five_ways_in_with_their_keys(
    empty_window: MainWindow,
) -> None:
    window = empty_window
    assert window.stack.currentWidget() is window.welcome
    cards = {card.command_id: card for card in window.welcome.buttons}
    assert len(cards) == 5
    assert cards["file.import"].keys() == "Ctrl+O"
    window.registry.apply({"window": {"file.import": ["Ctrl+I"]}})
    assert cards["file.import"].keys() == "Ctrl+I", "a rebound key shows at once"
    assert all(card.width() >= 200 for card in cards.values())
