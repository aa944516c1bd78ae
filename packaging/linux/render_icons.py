"""Render the application icon's PNG sizes from its SVG (run after editing the SVG).

    .venv/bin/python packaging/linux/render_icons.py

Writes resources/icons/hicolor/<n>x<n>/apps/<APP_ID>.png for every size in SIZES. Qt's own SVG
renderer (PySide6.QtSvg, part of PySide6-Essentials) draws them, so no extra tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.papershelf.Papershelf"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HICOLOR = Path(__file__).resolve().parents[2] / "resources" / "icons" / "hicolor"
SOURCE = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"


def render(svg: Path, size: int) -> QImage:
    """One square PNG-ready image of `svg` at `size` pixels, on a transparent background."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        out = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(SOURCE, size).save(str(out), "PNG"):
            sys.stderr.write(f"{out}: could not write\n")
            return 1
        sys.stdout.write(f"{out.relative_to(HICOLOR.parents[1])}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
