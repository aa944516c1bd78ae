"""Where each paper was left in the reader: the library's reading position, read and saved.

`furthest_page` only grows, so the list's progress (furthest page / page count) never goes
back when the user looks at the first page again.
"""

from __future__ import annotations

from papershelf.core.errors import PapershelfError
from papershelf.core.models import ReadingPosition
from papershelf.library import Library


class PositionStore:
    def __init__(self, lib: Library) -> None:
        self.lib = lib

    def load(self, paper_id: int) -> ReadingPosition | None:
        try:
            return self.lib.reading_position(paper_id)
        except PapershelfError:
            return None

    def save(
        self,
        paper_id: int,
        attachment_id: int | None,
        page: int,
        offset: float,
        zoom: float | None,
        page_count: int,
        furthest: int | None = None,
    ) -> bool:
        """Keep the position; `furthest` is the page being read if not the top edge's.

        A failure is not worth interrupting reading for: it returns False.
        """
        old = self.load(paper_id)
        furthest = max(page, furthest or 0, old.furthest_page if old is not None else 0)
        position = ReadingPosition(
            attachment_id=attachment_id,
            page_index=page,
            offset=round(offset, 4),
            zoom=None if zoom is None else round(zoom, 3),
            furthest_page=min(furthest, max(0, page_count - 1)),
            page_count=page_count,
        )
        if old == position:
            return True
        try:
            self.lib.save_reading_position(paper_id, position)
        except PapershelfError:
            return False
        return True
