"""The highlight colours: Zotero's 8-colour palette, so colours survive a trip between them."""

from __future__ import annotations

import re

PALETTE: tuple[tuple[str, str], ...] = (
    ("Yellow", "#ffd400"),
    ("Red", "#ff6666"),
    ("Green", "#5fb236"),
    ("Blue", "#2ea8e5"),
    ("Purple", "#a28ae5"),
    ("Magenta", "#e56eee"),
    ("Orange", "#f19837"),
    ("Gray", "#aaaaaa"),
)
"""(name, "#rrggbb"), in Zotero's order; the first is the default."""

DEFAULT_COLOR = PALETTE[0][1]

_HEX = re.compile(r"#[0-9a-f]{6}")


def normalize_color(text: str) -> str:
    """A colour as stored: "#rrggbb" in lower case; a palette name is accepted too.

    Raises:
        ValueError: neither a palette name nor a #rrggbb colour.
    """
    value = text.strip().lower()
    for name, hex_ in PALETTE:
        if value == name.lower():
            return hex_
    if len(value) == 4 and value.startswith("#"):  # #rgb
        value = "#" + "".join(c * 2 for c in value[1:])
    if not _HEX.fullmatch(value):
        raise ValueError(f"not a colour: {text!r} (a palette name or #rrggbb)")
    return value


def to_rgb(color: str) -> tuple[float, float, float]:
    """A "#rrggbb" colour as three 0..1 floats (a PDF's /C array)."""
    value = normalize_color(color)
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (red, green, blue)


def from_rgb(components: tuple[float, ...] | list[float]) -> str | None:
    """A PDF /C array (gray, RGB or CMYK, 0..1) as "#rrggbb"; None for an empty or odd one."""
    try:
        values = [min(1.0, max(0.0, float(c))) for c in components]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        values = values * 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(values) != 3:
        return None
    return "#" + "".join(f"{round(v * 255):02x}" for v in values)
