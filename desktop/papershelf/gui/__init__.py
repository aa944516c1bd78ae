"""The desktop window: the only package that imports Qt.

Start-up: a module the first paint needs imports only what that paint needs. The ops
(`library.ops`), the importers, exporters, online lookups and dialogs are imported inside
the handlers that use them (`tests/gui/test_startup_imports.py`).
"""

from papershelf.gui.pyside_workarounds import keep_none_alive, read_source_faster

# Before any Qt call: see the function's docstring (PySide6 loses references to None).
keep_none_alive()
# Before the window's modules are imported: PySide reads each one (see the docstring).
read_source_faster()
