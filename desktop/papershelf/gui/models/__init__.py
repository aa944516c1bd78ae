"""Qt item models over the library."""
