"""Controllers: each owns one area of the window, its commands and its rules."""
