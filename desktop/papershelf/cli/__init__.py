"""The `papershelf` command line: the core library for scripts, tests and benchmarks."""

from papershelf.cli.main import build_parser, command_names, main

__all__ = ["build_parser", "command_names", "main"]
