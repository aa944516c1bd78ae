"""The desktop window: the only package that imports Qt."""

from papershelf.gui.pyside_workarounds import keep_none_alive

# Before any Qt call: see the function's docstring (PySide6 loses references to None).
keep_none_alive()
