"""Rendered page images, kept while they fit in a memory budget (least recently used first out).

A page image at fit width is 3-6 MB; the budget bounds the reader's memory whatever the
length of the PDF (benchmarks/reader.py measures it with a 300-page file).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

DEFAULT_BUDGET = 160 * 1024 * 1024

ImageKey = tuple[int, int, int]
"""(document generation, page index, width in device pixels)."""


class ImageCache:
    """An LRU cache of page images bounded by their total size in bytes."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._images: OrderedDict[ImageKey, QImage] = OrderedDict()
        self._bytes = 0

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: ImageKey) -> bool:
        return key in self._images

    def get(self, key: ImageKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: ImageKey, image: QImage) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._images[key] = image
        self._bytes += image.sizeInBytes()
        while self._bytes > self.budget and len(self._images) > 1:
            _, dropped = self._images.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()

    def any_for(self, generation: int, page: int) -> QImage | None:
        """The sharpest image of the page at any size: drawn scaled while the right one renders."""
        best: QImage | None = None
        for (gen, index, _), image in self._images.items():
            if (
                gen == generation
                and index == page
                and (best is None or image.width() > best.width())
            ):
                best = image
        return best

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0
