"""The term-grouping writers write the very segments Whoosh's writer writes."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import pytest
from papershelf.search import fast_writer
from papershelf.search.fast_postings import FastCodec
from papershelf.search.fast_writer import FastMpWriter, FastSegmentWriter
from papershelf.search.index import INDEX_NAME, _storage
from papershelf.search.schema import build_schema
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec

from tests.search.test_fast_postings import documents, segment_files


def _create(path: Path) -> Any:
    path.mkdir()
    return _storage(path).create_index(build_schema(), indexname=INDEX_NAME)


def build_whoosh(path: Path, docs: list[dict[str, Any]], *, commits: int = 1) -> Any:
    ix = _create(path)
    step = -(-len(docs) // commits)
    for start in range(0, len(docs), step):
        with ix.writer(codec=W3Codec()) as writer:
            for doc in docs[start : start + step]:
                writer.add_document(**doc)
    return ix


def build_fast(path: Path, docs: list[dict[str, Any]], *, commits: int = 1) -> Any:
    ix = _create(path)
    step = -(-len(docs) // commits)
    for start in range(0, len(docs), step):
        writer = FastSegmentWriter(ix, codec=FastCodec())
        for doc in docs[start : start + step]:
            writer.add_document(**doc)
        writer.commit()
    return ix


def all_postings(ix: Any) -> dict[tuple[str, bytes], Any]:
    """Every term's statistics and its postings (docnum, weight, value)."""
    out = {}
    with ix.reader() as reader:
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            matcher = reader.postings(fieldname, btext)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            out[fieldname, btext] = (stats, info.max_weight(), postings)
    return out


def test_one_segment_is_byte_for_byte_whooshs(tmp_path: Path) -> None:
    docs = documents(400)
    expected = build_whoosh(tmp_path / "whoosh", docs)
    written = build_fast(tmp_path / "fast", docs)
    assert segment_files(written) == segment_files(expected)
    assert all(type(s.codec()) is W3Codec for s in written._segments())
    expected.close()
    written.close()


def test_a_pool_over_its_budget_spills_runs_and_writes_the_same_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A budget of ~3,000 postings: 400 documents spill a dozen runs to the temp storage.
    monkeypatch.setattr(fast_writer, "BYTES_PER_POSTING", 1024 * 1024 // 3000)
    spills: list[int] = []
    spill = fast_writer.TermPool.spill

    def counted(self: fast_writer.TermPool) -> None:
        spills.append(self.postings)
        spill(self)

    monkeypatch.setattr(fast_writer.TermPool, "spill", counted)
    docs = documents(400, seed=5)
    expected = build_whoosh(tmp_path / "whoosh", docs)
    ix = _create(tmp_path / "fast")
    writer = FastSegmentWriter(ix, codec=FastCodec(), limitmb=1)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert len(spills) >= 5
    # The same documents, lengths and stored fields; the same postings term by term (a
    # merged block may pickle a repeated value once where Whoosh's repeats it).
    written, whooshs = segment_files(ix)[0], segment_files(expected)[0]
    assert sorted(written) == sorted(whooshs)
    for kind in set(written) - {"pst", "trm"}:
        assert written[kind] == whooshs[kind], kind
    assert all_postings(ix) == all_postings(expected)
    # The runs are gone with the writer's temporary storage.
    assert not [name for name in ix.storage.list() if name.endswith(".terms")]
    expected.close()
    ix.close()


def test_merged_segments_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    docs = documents(300, seed=11)
    expected = build_whoosh(tmp_path / "whoosh", docs, commits=3)
    written = build_fast(tmp_path / "fast", docs, commits=3)
    assert segment_files(written) == segment_files(expected)
    # Deleting and merging every segment through each writer's pool gives the same again.
    with expected.writer(codec=W3Codec()) as writer:
        writer.delete_by_term("id", "5")
        writer.add_document(**documents(1, seed=99)[0])
        writer.optimize = True
    writer = FastSegmentWriter(written, codec=FastCodec())
    writer.delete_by_term("id", "5")
    writer.add_document(**documents(1, seed=99)[0])
    writer.commit(optimize=True)
    assert segment_files(written) == segment_files(expected)
    expected.close()
    written.close()


def test_the_writer_needs_the_fast_codec(tmp_path: Path) -> None:
    ix = _create(tmp_path / "ix")
    with pytest.raises(TypeError, match="FastCodec"):
        FastSegmentWriter(ix, codec=W3Codec())
    # The failed writer let go of the lock: a plain writer can still write.
    with ix.writer() as writer:
        writer.add_document(**documents(1)[0])
    ix.close()


@pytest.mark.parametrize(
    ("procs", "spill"), [(1, False), (2, False), (2, True)], ids=["1", "2", "2-spilling"]
)
def test_the_multi_process_writer_finds_what_whooshs_writer_finds(
    tmp_path: Path, procs: int, spill: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if spill:  # ~3,000 postings per run: each worker spills runs into the shared temp folder
        monkeypatch.setattr(fast_writer, "BYTES_PER_POSTING", 1024 * 1024 // 3000)
    docs = documents(900, seed=3)
    reference = build_whoosh(tmp_path / "whoosh", docs)
    ix = _create(tmp_path / "ix")
    writer = FastMpWriter(ix, procs=procs, limitmb=1 if spill else 64, codec=FastCodec())
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    assert len(ix._segments()) == procs
    queries = [
        wq.Term("body", "model"),
        wq.Phrase("body", ["neural", "graph"]),
        wq.Term("typing", "hyp"),
        wq.Term("authors", "emile7"),
        wq.And([wq.Term("title", "attent"), wq.Term("has", "notes")]),
    ]
    with ix.searcher() as s, reference.searcher() as r:
        assert s.doc_count() == len(docs)
        for q in queries:
            found = {hit["id"] for hit in s.search(q, limit=None)}
            assert found == {hit["id"] for hit in r.search(q, limit=None)}, q
            assert found, q
        for doc in docs[::37]:
            hits = s.search(wq.Term("id", doc["id"]))
            assert [h["id"] for h in hits] == [doc["id"]]
    ix.close()
    reference.close()


@pytest.mark.parametrize("when", ["working", "waiting"])
def test_cancelling_the_multi_process_writer_ends_its_workers(
    tmp_path: Path, when: str, capfd: pytest.CaptureFixture[str]
) -> None:
    ix = _create(tmp_path / "ix")
    writer = FastMpWriter(ix, procs=2, codec=FastCodec())
    for doc in documents(1500, seed=6):
        writer.add_document(**doc)
    assert len(multiprocessing.active_children()) == 2
    if when == "waiting":  # every batch taken: the workers wait for more work
        while not writer.jobqueue.empty():
            time.sleep(0.05)
    writer.cancel()
    assert multiprocessing.active_children() == []  # none left for the process to wait on
    assert "Traceback" not in capfd.readouterr().err
    assert not (tmp_path / "ix" / f"{INDEX_NAME}.tmp").exists()
    # Nothing was committed, and the next writer works.
    with ix.writer() as plain:
        plain.add_document(**documents(1)[0])
    with ix.searcher() as s:
        assert s.doc_count() == 1
    ix.close()
