"""The one API the GUI and the CLI talk to: SQLite and the index kept in step."""

from papershelf.library.library import CheckReport, ImportReport, Library

__all__ = ["CheckReport", "ImportReport", "Library"]
