"""The sample listing resolves 20/20, and no decoy is ever accepted (precision and recall).

The loopback Hugging Face search answers like the real one: every record sharing a few words
with the query, best first or not. The world it searches holds the listing's papers, the
recorded daily_papers records, and for every title decoys a real search also returns: a
longer title that starts the same, a shorter one, one with its last word changed, and
unrelated papers sharing words. (Two records with the very same title are a tie the user
settles: tests/online/test_resolve.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from papershelf.importers.daily_papers import DailyPapersImporter
from papershelf.library import Library
from papershelf.library.resolve import resolve, unresolved
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import shared_file
from tests.online.conftest import ATOM, HF_DAILY, arxiv_feed, fixture_text, write_settings

SAMPLE = "samples/daily-papers-listing.txt"


def record(title: str, arxiv_id: str, year: int = 2024, author: str = "Ada Lovelace") -> Any:
    """A search result in the shape of a `daily_papers` item."""
    return {
        "paper": {
            "id": arxiv_id,
            "title": title,
            "authors": [{"name": author}],
            "publishedAt": f"{year}-03-11T00:00:00.000Z",
            "summary": "",
            "upvotes": 1,
        },
        "title": title,
    }


def decoys(title: str, n: int) -> list[Any]:
    words = title.split()
    return [
        record(f"{title} for Robust Image Super-Resolution", f"2301.{n:05d}"),
        record(" ".join(words[: max(2, len(words) - 2)]), f"2302.{n:05d}"),
        record(" ".join([*words[:-1], "Revisited"]), f"1105.{n:05d}", year=2011),
        record(f"A Survey of {' '.join(words[-3:])}", f"2303.{n:05d}"),
    ]


def serve_world(server: HTTPServer, world: list[Any]) -> None:
    def search(request: Request) -> Response:
        query = set(re.findall(r"\w+", request.args["q"].lower()))
        found = [
            item
            for item in world
            if len(query & set(re.findall(r"\w+", item["paper"]["title"].lower()))) >= 3
        ]
        found.sort(key=lambda item: item["paper"]["id"])  # no help from the ranking
        return Response(json.dumps(found), content_type="application/json")

    server.expect_request("/api/papers/search").respond_with_handler(search)
    server.expect_request("/api/query").respond_with_data(
        arxiv_feed("current-2025/rsxiv_query_empty.xml"), content_type=ATOM
    )
    server.expect_request("/works").respond_with_json(
        {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    )


def test_the_sample_listing_resolves_every_paper_and_no_decoy(
    services: HTTPServer, lib_path: Path
) -> None:
    text = shared_file(SAMPLE).read_text("utf-8")
    titles = [d.title for d in DailyPapersImporter().parse(text).drafts]
    assert len(titles) == 20
    truth = {title: f"2403.{i:05d}" for i, title in enumerate(titles)}
    world = [record(t.upper() if i % 3 == 0 else t, truth[t]) for i, t in enumerate(titles)]
    for i, title in enumerate(titles):
        world += decoys(title, i)
    serve_world(services, world)
    write_settings(lib_path)
    with Library.open(lib_path, indexing="none") as lib:
        lib.import_text(text, source="sample")
        report = resolve(lib)
        papers = lib.get_many(lib.list_ids())
    right = sum(p.arxiv_id == truth[p.title] for p in papers)
    wrong = sum(p.arxiv_id not in (None, truth[p.title]) for p in papers)
    assert (right, wrong) == (20, 0), report.summary()


def test_precision_and_recall_on_a_labelled_set(services: HTTPServer, lib_path: Path) -> None:
    """Known papers must be found; titles nobody published must never match a decoy."""
    sample = shared_file(SAMPLE).read_text("utf-8")
    daily = json.loads(fixture_text(HF_DAILY))
    known = [d.title for d in DailyPapersImporter().parse(sample).drafts]
    known += [" ".join(item["paper"]["title"].split()) for item in daily]
    truth = {title: f"2404.{i:05d}" for i, title in enumerate(known)}
    absent = [
        "Denoising Diffusion Probabilistic Models",
        "Attention Is All You Need",
        "Scaling Laws for Neural Language Models",
        "Deep Residual Learning for Image Recognition",
    ]
    world = [record(t, truth[t]) for t in known]
    for i, title in enumerate(known + absent):
        world += decoys(title, 100 + i)
    serve_world(services, world)
    write_settings(lib_path)
    listing = "\n\n".join(f"{t}\n\n{_abstract(t)}" for t in known + absent) + "\n"
    with Library.open(lib_path, indexing="none") as lib:
        lib.import_text(listing, fmt="daily-papers", source="labelled")
        resolve(lib)
        papers = lib.get_many(lib.list_ids())
        left = len(unresolved(lib))
    accepted = [p for p in papers if p.arxiv_id is not None]
    correct = [p for p in accepted if truth.get(p.title) == p.arxiv_id]
    precision = len(correct) / len(accepted)
    recall = len(correct) / len(known)
    assert precision == 1.0
    assert recall == 1.0
    assert left == len(absent)


def _abstract(title: str) -> str:
    return (
        f"We present {title.lower()}, a method that we evaluate on standard benchmarks and "
        "analyse in depth. Experiments show consistent gains over strong baselines across "
        "tasks, datasets and model sizes, and ablations explain where the gains come from. "
        "We release code and models to support further research on this topic."
    )
