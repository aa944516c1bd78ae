"""Benchmark resolving pasted titles against services that answer in 200 ms.

    python benchmarks/resolve.py [--papers 50] [--latency 0.2] [--json]

A loopback server stands in for Hugging Face, arXiv and Crossref, answering every request
after `--latency` seconds: Hugging Face's search knows every title (its answers have the
shape of `daily_papers` items); arXiv's id lookup answers the batch that completes them,
paced as arXiv asks (3 s between requests, the default `arxiv_interval`). A library in a
temporary folder imports a pasted listing of N titles, then `resolve` runs. Reported: the
wall time, the requests per service, and how many papers were resolved. A second run adds
decoys: every search answers a near-title decoy first, which must never be accepted.

Target (issue 18): 50 titles in at most 20 s with 200 ms answers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from papershelf.library import Library
from papershelf.library.resolve import resolve

WORDS = [
    "sparse",
    "diffusion",
    "transformer",
    "flow",
    "rectified",
    "attention",
    "graph",
    "policy",
    "gradient",
    "contrastive",
    "retrieval",
    "benchmark",
    "scaling",
    "kernel",
    "optimal",
    "transport",
    "latent",
    "memory",
    "agent",
    "reasoning",
]


def titles(n: int) -> list[str]:
    out = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(6)]
        out.append(" ".join(w.capitalize() for w in words) + f" Number {i}")
    return out


def hf_item(title: str, arxiv_id: str) -> dict[str, Any]:
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
            "publishedAt": "2024-10-23T00:00:00.000Z",
            "summary": "A benchmark paper.",
            "upvotes": 3,
        },
        "title": title,
    }


class Services:
    """The loopback server: every answer after `latency` seconds; requests counted by path."""

    def __init__(self, known: dict[str, str], latency: float, decoys: bool) -> None:
        self.known, self.latency, self.decoys = known, latency, decoys
        self.counts: Counter[str] = Counter()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                time.sleep(service.latency)
                parts = urlsplit(self.path)
                service.counts[parts.path] += 1
                body, kind = service.answer(parts.path, parse_qs(parts.query))
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[str, str]:
        if path == "/api/papers/search":
            title = query["q"][0]
            items = []
            if self.decoys:
                items.append(hf_item(title + " for Robust Image Super-Resolution", "2501.99999"))
            if title in self.known:
                items.append(hf_item(title, self.known[title]))
            return json.dumps(items), "application/json"
        if path == "/api/query":
            return _feed(), "application/atom+xml"
        if path == "/works":
            return json.dumps(
                {"message-type": "work-list", "message": {"items": []}}
            ), "application/json"
        return "[]", "application/json"

    def close(self) -> None:
        self.server.shutdown()


def _abstract(i: int) -> str:
    words = [WORDS[(i + k * 5) % len(WORDS)] for k in range(70)]
    return "We study " + " ".join(words) + " and show that it works."


def _feed() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv Query</title>'
        "<id>http://arxiv.org/api/x</id><updated>2024-10-25T00:00:00Z</updated></feed>"
    )


def run(n: int, latency: float, decoys: bool) -> dict[str, Any]:
    names = titles(n)
    known = {t: f"2410.{10000 + i:05d}" for i, t in enumerate(names)}
    services = Services(known, latency, decoys)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lib_dir = Path(tmp) / "lib"
            lib_dir.mkdir()
            settings = {
                "hf_api": services.url,
                "arxiv_api": services.url,
                "crossref_api": services.url,
                "http_retries": 0,
            }
            (lib_dir / "settings.json").write_text(json.dumps(settings), "utf-8")
            with Library.open(lib_dir, indexing="none") as lib:
                listing = "\n\n".join(f"{t}\n\n{_abstract(i)}" for i, t in enumerate(names))
                lib.import_text(listing + "\n", fmt="daily-papers", source="bench")
                start = time.perf_counter()
                report = resolve(lib)
                took = time.perf_counter() - start
                wrong = sum(
                    1
                    for p in lib.get_many(lib.list_ids())
                    if p.arxiv_id is not None and p.arxiv_id != known.get(p.title)
                )
    finally:
        services.close()
    return {
        "papers": n,
        "latency_s": latency,
        "decoys": decoys,
        "wall_s": round(took, 2),
        "resolved": len(report.resolved),
        "wrong_matches": wrong,
        "requests": dict(services.counts),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=50)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    results = [run(args.papers, args.latency, decoys) for decoys in (False, True)]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(", ".join(f"{k}={v}" for k, v in r.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
