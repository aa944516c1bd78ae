"""Commands that ask online services: `add` by identifier, `refresh`; and `config`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from papershelf.cli.output import emit_json
from papershelf.cli.registry import AddCommand
from papershelf.core.errors import InvalidInputError
from papershelf.library import Library, ops

if TYPE_CHECKING:
    from papershelf.library.lookup import AddReport, RefreshReport

# The lookups (online services, their parsers) and the settings are imported by the
# commands that use them.

_LABELS = {"added": "added", "merged": "already", "pending": "pending", "failed": "failed"}


def cmd_add(lib: Library, args: argparse.Namespace) -> int:
    inputs = [text for text in args.inputs if text.strip()]
    if not inputs:
        raise InvalidInputError(
            "nothing to add: give an arXiv id or URL, a Hugging Face paper URL, a DOI or a PDF"
        )
    report: AddReport = ops.run(lib, ops.AddInputs(tuple(inputs))).value
    if args.json:
        emit_json(report.to_json())
        return report.exit_code
    _print_add(report)
    return report.exit_code


def _print_add(report: AddReport) -> None:
    for item in report.items:
        label = _LABELS.get(item.status, item.status)
        if item.paper_id is None:
            print(f"{label:<8} {item.input}: {item.message}")
            continue
        line = f"{label:<8} {item.input} → #{item.paper_id} {item.title}"
        if item.message:
            line += f" ({item.message})"
        print(line)
    if any(i.status == "pending" for i in report.items):
        print(
            "pending papers keep what you typed; `papershelf refresh` fills them in once the "
            "services can be reached",
            file=sys.stderr,
        )


def cmd_refresh(lib: Library, args: argparse.Namespace) -> int:
    query = " ".join(args.query) if args.query else None
    from papershelf.library.lookup import refresh_candidates

    ids = None if query is None else tuple(refresh_candidates(lib, query))
    report: RefreshReport = ops.run(lib, ops.RefreshMetadata(ids)).value
    if args.json:
        emit_json(report.to_json())
        return report.exit_code

    def title(paper_id: int) -> str:
        return lib.get(paper_id).title

    for pid in report.completed:
        if all(pid != drop for drop, _, _ in report.merged):
            print(f"completed #{pid} {title(pid)}")
    for pid, arxiv_id, old, new in report.newer_versions:
        print(f"newer     #{pid} arXiv:{arxiv_id}: v{old} → v{new}")
    for pid, doi in report.published:
        print(f"published #{pid} doi:{doi}")
    for drop, keep, doi in report.merged:
        print(f"merged    #{drop} into #{keep} {title(keep)} (published as doi:{doi})")
    for pid, reason in report.pending:
        print(f"pending   #{pid} {title(pid)}: {reason}")
    for pid, reason in report.failed:
        print(f"failed    #{pid} {title(pid)}: {reason}")
    print(f"checked {report.checked} paper{'' if report.checked == 1 else 's'}")
    return report.exit_code


def cmd_config(path: Path, args: argparse.Namespace) -> int:
    from papershelf.config.settings import ENV_OVERRIDES, load_settings, save_setting, setting_names

    if args.value is not None:
        settings = save_setting(path, args.name, args.value)
        names = [args.name]
    else:
        settings = load_settings(path)
        if args.name is not None and args.name not in setting_names():
            raise InvalidInputError(
                f"unknown setting {args.name!r}; known settings: {', '.join(setting_names())}"
            )
        names = [args.name] if args.name else setting_names()
    values = settings.to_json()
    if args.json:
        emit_json({name: values[name] for name in names})
        return 0
    for name in names:
        value = values[name]
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        var = ENV_OVERRIDES.get(name)
        note = f"  (from ${var})" if var and _env_set(var) else ""
        print(f"{name} = {shown}{note}")
    return 0


def _env_set(var: str) -> bool:
    return bool(os.environ.get(var))


def register(add: AddCommand) -> None:
    p = add(
        "add",
        cmd_add,
        "add papers by arXiv id or URL, Hugging Face paper URL, or DOI (looked up online)",
    )
    p.add_argument("inputs", nargs="+", metavar="ID_URL_OR_PDF")

    p = add(
        "refresh",
        cmd_refresh,
        "fill pending papers, find newer arXiv versions and published DOIs",
    )
    p.add_argument("query", nargs="*", metavar="QUERY", help="only papers matching this search")

    p = add(
        "config",
        cmd_config,
        "show the library's settings, or set one (config NAME VALUE)",
        opens_library=False,
    )
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("value", nargs="?", metavar="VALUE")
