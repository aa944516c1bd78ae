"""The command line never shows a traceback, whatever arguments it is given (issue 15 §3).

Hypothesis builds argument lists from every command's own options and values, hostile
numbers and text, and runs them in-process against one small library (which the commands
change as they go). The only exception allowed out of `main` is the `SystemExit` with which
argparse answers `--help`, `--version` and a usage error; everything else must end in an
exit code and, for errors, a one-line message. The default run tries `BUDGET` argument lists;
`-m slow` tries `SLOW_BUDGET`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from papershelf.cli import build_parser, main
from papershelf.library import Library

from tests.conftest import make_draft

BUDGET = 60
SLOW_BUDGET = 1500

VALUES = [
    # ids and numbers, ordinary and hostile
    "1", "2", "3", "0", "-1", "4", "1.5", "1e3", "99999999999999999999999",
    "9223372036854775808", "²", "٣", "2101.00001", "10.1000/xyz", "arXiv:2101.00001",
    # words the commands know
    "title", "added", "year", "priority", "read", "to-read", "reading", "dropped", "bibtex",
    "markdown", "out.bib", "vault", "ml", "+ml", "-ml", "later", "dismiss", "daily-papers",
    "arxiv:cs.LG", "http_timeout", "online", "-",
    # queries, good and costly
    "diffusion", "topic", "*", "**", "?*", "*a", "a*", "ab*c", "title:x", "year:2020..",
    "year:abc", "has:notes", "(", ")", '"', "x~", "a~5", "NOT", "OR", "a" * 300,
    # text a terminal or a file system would choke on
    "", " ", "\x00", "\x1b]0;pwned\x07", "\x1b[2J", "\u202e", "\ud800", "a\nb", "é" * 50,
]  # fmt: skip


def _safe(token: str) -> bool:
    """No paths outside the test's folder, no other library."""
    return not (
        "/" in token
        or "\\" in token
        or token.startswith("~")
        or token.startswith("--l")  # --library (argparse also takes --lib, --li…)
        or "=" in token
    )


VALUE = st.one_of(st.sampled_from(VALUES), st.text(max_size=12).filter(_safe))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _values(action: argparse.Action) -> st.SearchStrategy[str]:
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]), VALUE)
    return VALUE


def _count(nargs: object) -> tuple[int, int]:
    if nargs is None:
        return 1, 1
    if isinstance(nargs, int):
        return nargs, nargs
    return {"?": (0, 1), "+": (1, 3)}.get(str(nargs), (0, 3))  # "*", REMAINDER


def _command_argv(name: str, sub: argparse.ArgumentParser) -> st.SearchStrategy[list[str]]:
    """Argument lists shaped like the command's own: its options, then its positionals."""
    parts: list[st.SearchStrategy[list[str]]] = []
    options = [a for a in sub._actions if a.option_strings and a.dest not in ("help", "library")]
    for action in options:
        lo, hi = _count(action.nargs if action.nargs is not None else 1)
        if isinstance(action, argparse._StoreTrueAction | argparse._StoreConstAction):
            lo = hi = 0
        flag = st.just([action.option_strings[-1]])
        given = st.tuples(flag, st.lists(_values(action), min_size=lo, max_size=hi)).map(
            lambda t: [*t[0], *t[1]]
        )
        parts.append(st.one_of(st.just([]), st.just([]), given))
    for action in sub._actions:
        if not action.option_strings:
            lo, hi = _count(action.nargs)
            parts.append(st.lists(_values(action), min_size=lo, max_size=hi))
    return st.tuples(*parts).map(lambda groups: [name, *(t for g in groups for t in g)])


def _argvs() -> st.SearchStrategy[list[str]]:
    shaped = st.one_of(*(_command_argv(n, p) for n, p in sorted(_subcommands().items())))
    mutated = st.tuples(shaped, st.integers(0, 8), VALUE).map(
        lambda t: [*t[0][: t[1]], t[2], *t[0][t[1] :]]
    )
    return st.one_of(shaped, shaped, shaped, mutated, st.lists(VALUE, max_size=6))


ARGVS = _argvs()


@pytest.fixture
def fuzz_lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    lib_path = tmp_path / "lib"
    with Library.open(lib_path) as lib:
        lib.import_drafts([make_draft(i) for i in range(6)])
        lib.change_tags([1, 2], ["ml"], [])
        lib.set_note(1, "a note")
    # Offline (the conftest points services at a closed port) and never waiting to retry.
    (lib_path / "settings.json").write_text(
        json.dumps({"http_retries": 0, "http_timeout": 2, "arxiv_interval": 0}), "utf-8"
    )
    monkeypatch.chdir(tmp_path)  # relative -o paths land in the test's folder
    return lib_path


def _allowed(argv: list[str]) -> bool:
    if not all(_safe(token) for token in argv):
        return False
    # `config NAME VALUE` could ask for 99 retries or a huge timeout; reading settings is fine.
    return not (argv[:1] == ["config"] and len(argv) > 2)


@pytest.mark.parametrize(
    "budget",
    [
        pytest.param(BUDGET, id="default"),
        pytest.param(SLOW_BUDGET, id="slow", marks=pytest.mark.slow),
    ],
)
def test_the_command_line_never_shows_a_traceback(fuzz_lib: Path, budget: int) -> None:
    count = 0
    outcomes: dict[str, int] = {}

    @settings(
        max_examples=budget,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(ARGVS.filter(_allowed))
    def run(argv: list[str]) -> None:
        nonlocal count
        count += 1
        # Whoosh names index segments with the global `random`, which Hypothesis seeds alike
        # for every example: without this, segment names repeat and collide across examples.
        random.seed()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code: object = main(["--library", str(fuzz_lib), *argv])
            except SystemExit as exc:  # argparse: --help, --version, a usage error
                code = ("argparse", exc.code)
        outcomes[str(code)] = outcomes.get(str(code), 0) + 1
        if isinstance(code, tuple):
            assert code[1] in (0, 2), code
            return
        assert code in (0, 1, 2), (code, err.getvalue())
        assert "Traceback" not in err.getvalue()
        if code == 1:
            assert (out.getvalue() + err.getvalue()).strip(), "an exit code of 1 says why"

    run()
    print(f"fuzz cli: {count} argument lists, outcomes {sorted(outcomes.items())}")
    assert count >= budget // 2, f"only {count} argument lists ran"
    ran = sum(n for outcome, n in outcomes.items() if not outcome.startswith("("))
    assert ran >= count // 4, f"only {ran} of {count} got past argparse: {outcomes}"
