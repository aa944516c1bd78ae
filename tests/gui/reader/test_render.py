"""Page images: rendered on the render thread, newest wishes first, kept under a byte budget."""

from __future__ import annotations

from pathlib import Path

from papershelf.gui.reader.cache import ImageCache
from papershelf.gui.reader.render import Renderer, RenderJob
from PySide6.QtCore import QThread
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.gui.reader.conftest import PAGES
from tests.pdf.make_pdf import make_pdf


def image(width: int, height: int = 10) -> QImage:
    return QImage(width, height, QImage.Format.Format_ARGB32)


def test_the_cache_drops_the_least_recently_used_beyond_its_budget() -> None:
    one = image(100).sizeInBytes()
    cache = ImageCache(budget=3 * one)
    for page in range(3):
        cache.put((1, page, 100), image(100))
    assert cache.get((1, 0, 100)) is not None  # page 0 is now the most recently used
    cache.put((1, 3, 100), image(100))
    assert (1, 1, 100) not in cache
    assert [p for p in range(4) if (1, p, 100) in cache] == [0, 2, 3]
    assert cache.size_bytes == 3 * one
    cache.put((1, 0, 50), image(50))
    sharpest = cache.any_for(1, 0)
    assert sharpest is not None
    assert sharpest.width() == 100
    assert cache.any_for(2, 0) is None  # another opening of the file


def test_pages_are_rendered_off_the_ui_thread_in_the_order_asked(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAGES))
    renderer = Renderer()
    done: list[tuple[int, QImage]] = []
    threads: set[object] = set()
    renderer.sig_rendered.connect(lambda job, img: done.append((job.page, img)))
    renderer.sig_rendered.connect(lambda *_: threads.add(QThread.currentThread()))
    try:
        jobs = [RenderJob(1, str(path), page, 200, 259) for page in (2, 0, 1)]
        renderer.request(jobs)
        qtbot.waitUntil(lambda: len(done) == 3)
        assert [page for page, _ in done] == [2, 0, 1]
        assert all(img.width() == 200 and img.height() == 259 for _, img in done)
        assert renderer.running()
        # The images arrive on the UI thread; the render thread drew them.
        assert threads == {QThread.currentThread()}
        # A page that does not exist gives a null image, not a crash.
        renderer.request([RenderJob(1, str(path), 7, 200, 259)])
        qtbot.waitUntil(lambda: len(done) == 4)
        assert done[-1][1].isNull()
    finally:
        renderer.close()
    assert not renderer.running()
