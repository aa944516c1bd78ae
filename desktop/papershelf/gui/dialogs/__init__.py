"""Dialogs: decisions and settings only (routine results go to the status bar)."""
