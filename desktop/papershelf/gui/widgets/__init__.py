"""The window's widgets, one per module."""
