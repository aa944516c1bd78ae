"""SQLite storage: the library's source of truth."""
