"""Regression check: the 10k benchmarks' ratios against benchmarks/baseline.json.

    python benchmarks/bench_check.py [--papers 10000] [--no-gui] [--tolerance 1.3]
    python benchmarks/bench_check.py --from search.json gui.json   # check saved runs
    python benchmarks/bench_check.py --record                     # write a new baseline

Runs `search.py --json` and `gui.py --json` on the generated library (bench-data/lib-N,
made by `generate.py N` if missing), and fails (exit 1) when any ratio in the baseline grew
past `tolerance` times its recorded value. Only ratios to a floor measured in the same run
are compared (FTS5, a bare sqlite3 or PySide6 process), so a slower or busier machine does
not fail the check by itself; absolute times are printed beside them. Timings stay out of
`make test`: `make bench-check` runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BASELINE = BENCH_DIR / "baseline.json"
TOLERANCE = 1.3
SEARCH_RATIOS = ("typing_ratio", "full_ratio", "open_ratio", "import_ratio")
GUI_RATIOS = ("window_ratio",)
SHOWN = {
    "typing_ratio": ("typing_p95_ms", "fts5_typing_p95_ms", "ms"),
    "full_ratio": ("full_p95_ms", "fts5_full_p95_ms", "ms"),
    "open_ratio": ("open_s", "open_floor_s", "s"),
    "import_ratio": ("import_s", "fts5_build_s", "s"),
    "window_ratio": ("launch_s", "window_floor_s", "s"),
}


def run_json(script: str, papers: int) -> dict[str, Any]:
    """Run a benchmark script with --json and return its output."""
    argv = [sys.executable, str(BENCH_DIR / script), "--papers", str(papers), "--json"]
    print(f"[bench-check] {' '.join(argv[1:])}", file=sys.stderr, flush=True)
    proc = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True)
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def ensure_library(papers: int) -> None:
    meta = BENCH_DIR.parent / "bench-data" / f"lib-{papers}" / "bench-meta.json"
    if meta.exists() and json.loads(meta.read_text("utf-8")).get("complete"):
        return
    subprocess.run([sys.executable, str(BENCH_DIR / "generate.py"), str(papers)], check=True)


def compare(
    measured: dict[str, Any], baseline: dict[str, Any], tolerance: float
) -> tuple[list[str], list[str]]:
    """Lines to print, and the failures among them."""
    lines, failures = [], []
    for key, recorded in baseline["ratios"].items():
        value = measured.get(key)
        if value is None:
            failures.append(f"{key}: not measured")
            continue
        limit = recorded * tolerance
        ok = value <= limit
        what, floor, unit = SHOWN.get(key, (key, key, ""))
        line = (
            f"{key:14} {value:7.2f}x  (baseline {recorded:.2f}x, limit {limit:.2f}x)  "
            f"{measured.get(what)} {unit} over {measured.get(floor)} {unit}  "
            f"{'ok' if ok else 'REGRESSED'}"
        )
        lines.append(line)
        if not ok:
            failures.append(line)
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--no-gui", action="store_true", help="skip benchmarks/gui.py")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--from", dest="saved", nargs="+", type=Path, help="saved --json outputs")
    ap.add_argument("--record", action="store_true", help="write the ratios as the baseline")
    args = ap.parse_args(argv)

    measured: dict[str, Any] = {}
    if args.saved:
        for path in args.saved:
            measured.update(json.loads(path.read_text("utf-8")))
    else:
        ensure_library(args.papers)
        measured.update(run_json("search.py", args.papers))
        if not args.no_gui:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            measured.update(run_json("gui.py", args.papers))
    keys = [k for k in (*SEARCH_RATIOS, *GUI_RATIOS) if k in measured]
    if args.record:
        record = {
            "papers": args.papers,
            "tolerance": args.tolerance,
            "ratios": {k: measured[k] for k in keys},
            "absolute": {
                k: {"value": measured.get(SHOWN[k][0]), "floor": measured.get(SHOWN[k][1])}
                for k in keys
            },
            "machine": measured.get("machine"),
        }
        args.baseline.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
        print(f"[bench-check] wrote {args.baseline}", file=sys.stderr)
        return 0
    baseline = json.loads(args.baseline.read_text("utf-8"))
    if args.no_gui:
        baseline["ratios"] = {k: v for k, v in baseline["ratios"].items() if k not in GUI_RATIOS}
    lines, failures = compare(measured, baseline, args.tolerance)
    load = (measured.get("machine") or {}).get("loadavg_at_end")
    print(f"ratios against {args.baseline.name} (tolerance {args.tolerance}x; load {load}):")
    for line in lines:
        print("  " + line)
    if failures:
        print(f"bench-check: {len(failures)} ratio(s) regressed", file=sys.stderr)
        return 1
    print("bench-check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
