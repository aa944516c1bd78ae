"""Page layout and the three coordinate systems: view pixels, page points (top-left),
PDF points (bottom-left, as annotations store them)."""

from __future__ import annotations

import pytest
from papershelf.gui.reader import layout
from PySide6.QtCore import QPointF, QRectF, QSizeF

LETTER = QSizeF(612, 792)


def test_a_box_goes_to_pdf_points_and_back() -> None:
    box = QRectF(72.0, 100.0, 200.0, 12.0)  # top-left origin: 100 points from the top
    rect = layout.to_pdf_rect(box, 792.0)
    assert rect == (72.0, 680.0, 272.0, 692.0)  # bottom-left origin
    assert layout.from_pdf_rect(rect, 792.0) == box
    # Zotero may store a rect with its corners the other way round.
    assert layout.from_pdf_rect((272.0, 692.0, 72.0, 680.0), 792.0) == box


def test_pages_stack_with_gaps_and_points_map_to_pixels() -> None:
    lay = layout.build([LETTER, LETTER], 1.0, 1000, True, 0)
    first, second = lay.rects
    assert first is not None
    assert second is not None
    assert first.width() == pytest.approx(612 * layout.PX_PER_POINT)
    assert second.top() == pytest.approx(first.bottom() + layout.GAP)
    assert first.center().x() == pytest.approx(500)  # centred in the view
    view = lay.to_view(1, QRectF(72, 72, 10, 10))
    assert lay.page_at(view.center()) == 1
    back = lay.to_page(1, view.topLeft())
    assert (back.x(), back.y()) == pytest.approx((72, 72))
    assert lay.visible(0, first.bottom() - 1) == [0]
    assert lay.page_at(QPointF(5, first.bottom() + 2)) == 0  # in the gap: the nearest page


def test_single_page_mode_lays_out_one_page() -> None:
    lay = layout.build([LETTER, LETTER, LETTER], 1.0, 1000, False, 1)
    assert [r is not None for r in lay.rects] == [False, True, False]


def test_fit_width_and_fit_page_stay_within_the_zoom_range() -> None:
    assert layout.fit_width_zoom([LETTER], 612 * layout.PX_PER_POINT + 2 * layout.MARGIN) == (
        pytest.approx(1.0)
    )
    assert layout.fit_page_zoom([LETTER], QSizeF(2000, 400)) < layout.fit_width_zoom([LETTER], 2000)
    assert layout.fit_width_zoom([LETTER], 10) == layout.MIN_ZOOM
    assert layout.fit_width_zoom([LETTER], 100_000) == layout.MAX_ZOOM
