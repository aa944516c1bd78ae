"""The `papershelf` command line: the core library for scripts, tests and benchmarks."""

from papershelf.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
