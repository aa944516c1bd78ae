"""FastCodec writes the very files Whoosh's own codec writes, in one process or several."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from papershelf.search.fast_postings import FastCodec
from papershelf.search.index import INDEX_NAME, _storage
from papershelf.search.schema import build_schema
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.compound import CompoundStorage

COMMON = ["model", "learning", "neural", "graph", "attention", "the", "of", "data"]
RARE = [f"{a}{b}" for a in ("hyper", "meta", "proto", "ultra", "xeno") for b in ("net", "gram")]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(
        rng.choice(COMMON) if rng.random() < 0.6 else rng.choice(RARE) + str(rng.randrange(40))
        for _ in range(words)
    )


def documents(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Documents shaped like `document_for`'s, with words shared by more than a block (128)."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        title = _text(rng, rng.randrange(3, 9)).capitalize()
        authors = "\n".join(f"Ann{rng.randrange(50)} Émile{rng.randrange(90)}" for _ in range(2))
        note = _text(rng, rng.randrange(0, 30)) if i % 3 else ""
        body = "\n".join(x for x in (title, authors, _text(rng, 80), note) if x)
        doc: dict[str, Any] = {
            "id": str(i + 1),
            "rev": i,
            "title": title,
            "body": body,
            "authors": authors,
            "tags": "",
            "notes": note,
            "annotations": "",
            "fulltext": "",
            "typing": f"{title}\n{authors}",
            "status": "to-read",
            "has": "notes abstract" if note else "abstract",
        }
        if i % 4:
            doc["year"] = 1990 + i % 35
        docs.append(doc)
    return docs


def build(path: Path, docs: list[dict[str, Any]], codec: Any, *, commits: int = 1) -> Any:
    path.mkdir()
    ix = _storage(path).create_index(build_schema(), indexname=INDEX_NAME)
    step = -(-len(docs) // commits)
    for start in range(0, len(docs), step):
        with ix.writer(codec=codec) as writer:
            for doc in docs[start : start + step]:
                writer.add_document(**doc)
    return ix


def segment_files(ix: Any) -> list[dict[str, bytes]]:
    """Each segment's files by kind (names carry a random segment id)."""
    out = []
    for segment in ix._segments():
        storage = segment.open_compound_file(ix.storage)
        assert isinstance(storage, CompoundStorage)
        out.append(
            {name.split(".", 1)[1]: storage.open_file(name).read() for name in storage.list()}
        )
        storage.close()
    return out


def test_segments_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    docs = documents(400)
    whoosh_ix = build(tmp_path / "whoosh", docs, W3Codec())
    fast_ix = build(tmp_path / "fast", docs, FastCodec())
    expected, written = segment_files(whoosh_ix), segment_files(fast_ix)
    assert [sorted(s) for s in written] == [sorted(s) for s in expected]
    assert written == expected
    # The table of contents names Whoosh's own codec: the index needs nothing of ours to open.
    assert all(type(s.codec()) is W3Codec for s in fast_ix._segments())
    whoosh_ix.close()
    fast_ix.close()


def test_merged_segments_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    docs = documents(300, seed=11)
    whoosh_ix = build(tmp_path / "whoosh", docs, W3Codec(), commits=3)
    fast_ix = build(tmp_path / "fast", docs, FastCodec(), commits=3)
    for ix, codec in ((whoosh_ix, W3Codec()), (fast_ix, FastCodec())):
        with ix.writer(codec=codec) as writer:
            writer.delete_by_term("id", "5")
            writer.optimize = True  # merges every segment through the field writer
    assert segment_files(fast_ix) == segment_files(whoosh_ix)
    whoosh_ix.close()
    fast_ix.close()


@pytest.mark.parametrize("procs", [1, 2])
def test_the_multi_process_writer_finds_every_document(tmp_path: Path, procs: int) -> None:
    docs = documents(600, seed=3)
    tmp_path.joinpath("ix").mkdir()
    ix = _storage(tmp_path / "ix").create_index(build_schema(), indexname=INDEX_NAME)
    writer = ix.writer(procs=procs, multisegment=True, codec=FastCodec())
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    with ix.searcher() as s:
        assert s.doc_count() == len(docs)
        found = {hit["id"] for hit in s.search(wq.Term("body", "model"), limit=None)}
        assert found == {d["id"] for d in docs if "model" in d["body"].lower().split()}
        for doc in docs[::37]:
            hits = s.search(wq.Term("id", doc["id"]))
            assert [h["id"] for h in hits] == [doc["id"]]
    ix.close()
