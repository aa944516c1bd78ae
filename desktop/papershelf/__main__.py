"""`python -m papershelf` runs the same entry point as the `papershelf` command."""

from papershelf.app import run

run()
