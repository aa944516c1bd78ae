"""Index writers that group postings by term as documents arrive, instead of sorting them.

Whoosh's `SegmentWriter` puts every posting (~260 per paper) into a pool as a 5-tuple, sorts
the whole pool at commit (2.6 million tuples for 10k papers: 2–3 s of CPU, and the sorted
tuples are then read in an order scattered over memory), and its field writer regroups them
by term. `TermPool` keeps, per field, a dictionary from term to a flat list of
`docnum, weight, value` triples: documents arrive in docnum order, so each list is already
sorted, only the ~100k distinct terms are sorted at commit, and `FastFieldWriter.add_terms`
writes each term from its list. The segment files are byte for byte Whoosh's
(`tests/search/test_fast_writer.py`).

A pool over its memory budget writes its terms, sorted, to a run file and starts again (a
pickle per term, not per posting); the commit merges the runs a term at a time. Documents
of later runs have higher numbers, so a term's lists from the runs are joined in run order.

`FastMpWriter` is Whoosh's multi-process writer whose worker processes write with
`FastSegmentWriter` (one segment each, `multisegment=True` only).
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import multiprocessing
import os
import pickle
import queue
from collections.abc import Iterator
from itertools import chain, groupby
from operator import itemgetter
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util.text import utf8encode
from whoosh.writing import SegmentWriter

from papershelf.search.fast_postings import FastFieldWriter

BYTES_PER_POSTING = 64
"""What a posting costs in a pool's lists, roughly: three list slots and its share of the
weights, values and lists (weights and single-position values are shared objects)."""

Term = tuple[str, bytes, list[Any]]
"""A term's field, text and flat list of `docnum, weight, value` triples in docnum order."""

_term_key = itemgetter(0, 1)


def _sorted_triples(flat: list[Any]) -> list[Any]:
    """A flat list sorted as Whoosh's pool sorts postings: by docnum, weight, value."""
    triples = sorted(
        zip(flat[0::3], flat[1::3], flat[2::3], strict=True),
        key=lambda t: (t[0], t[1], t[2] or b""),
    )
    return list(chain.from_iterable(triples))


class TermPool:
    """A writer's postings, grouped by field and term as they are added."""

    def __init__(self, tempstore: Any, limitmb: int = 128) -> None:
        self.fields: dict[str, dict[bytes, list[Any]]] = {}
        self.fieldnames: set[str] = set()  # Whoosh's pool attribute (the MP writer reads it)
        self.postings = 0
        self.limit = max(1, limitmb * 1024 * 1024 // BYTES_PER_POSTING)
        self._tempstore = tempstore
        self._runs: list[str] = []
        # Fields whose lists may not be in docnum order: spelling words are all posted to
        # document 0, and `add` takes postings from merges in any order.
        self._resort: set[str] = set()

    def field(self, fieldname: str) -> dict[bytes, list[Any]]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def mark_unsorted(self, fieldname: str) -> None:
        self._resort.add(fieldname)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface: one `(field, term, docnum, weight, value)` posting."""
        fieldname, btext, docnum, weight, value = item
        terms = self.field(fieldname)
        flat = terms.get(btext)
        if flat is None:
            terms[btext] = [docnum, weight, value]
        else:
            if flat[-3] > docnum:
                self._resort.add(fieldname)
            flat += (docnum, weight, value)
        self.postings += 1
        if self.postings > self.limit:
            self.spill()

    def full(self) -> bool:
        return self.postings > self.limit

    def _sorted_terms(self) -> Iterator[Term]:
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            resort = fieldname in self._resort
            for btext in sorted(terms):
                flat = terms[btext]
                yield fieldname, btext, _sorted_triples(flat) if resort else flat

    def spill(self) -> None:
        """Write the terms in memory to a run file, sorted, and start again."""
        if not self.postings:
            return
        # The workers of one build share the temporary folder: the process id tells theirs apart.
        path = f"{os.getpid()}-{len(self._runs)}-{id(self):x}.terms"
        with self._tempstore.create_file(path).raw_file() as f:
            write, dumps, protocol = f.write, pickle.dumps, pickle.HIGHEST_PROTOCOL
            for term in self._sorted_terms():
                # Each record stands alone: one pickler's memo would keep every term alive
                # (and clearing it walks its whole table: 20 µs a term), and the reader's
                # would hold the whole run in memory again.
                write(dumps(term, protocol))
        self._runs.append(path)
        self.fields = {}
        self.postings = 0

    def _read_run(self, path: str) -> Iterator[Term]:
        with self._tempstore.open_file(path).raw_file() as f:
            while True:
                try:
                    yield pickle.load(f)  # a fresh unpickler: nothing stays in its memo
                except EOFError:
                    return

    def terms(self) -> Iterator[Term]:
        """Every term in field and term order, with all its postings in docnum order."""
        if not self._runs:
            yield from self._sorted_terms()
            return
        self.spill()
        runs = [self._read_run(path) for path in self._runs]
        # heapq.merge keeps equal keys in run order: earlier runs hold lower docnums.
        for (fieldname, btext), group in groupby(heapq.merge(*runs, key=_term_key), _term_key):
            lists = [flat for _, _, flat in group]
            if len(lists) == 1:
                yield fieldname, btext, lists[0]
                continue
            flat = list(chain.from_iterable(lists))
            # Equal values share one object again (as in memory), so a block's pickle refers
            # back to a value it already holds instead of repeating it.
            same: dict[Any, Any] = {}
            flat[2::3] = [same.setdefault(v, v) for v in flat[2::3]]
            if fieldname in self._resort:
                flat = _sorted_triples(flat)
            yield fieldname, btext, flat

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        """Whoosh's pool interface: the postings one by one, sorted."""
        for fieldname, btext, flat in self.terms():
            for i in range(0, len(flat), 3):
                yield fieldname, btext, flat[i], flat[i + 1], flat[i + 2]

    def cleanup(self) -> None:
        for path in self._runs:
            if self._tempstore.file_exists(path):
                self._tempstore.delete_file(path)
        self._runs = []
        self.fields = {}


class FastSegmentWriter(SegmentWriter):
    """Whoosh's `SegmentWriter` with a `TermPool` and `FastFieldWriter.add_terms`.

    Needs a codec whose field writer is a `FastFieldWriter` (`fast_postings.FastCodec`).
    """

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        if not isinstance(self.fieldwriter, FastFieldWriter):
            self._close_segment()
            self._finish()
            raise TypeError("FastSegmentWriter needs the FastCodec")
        self.pool: TermPool = TermPool(self._tempstorage, limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's `SegmentWriter.add_document`, posting into the term pool directly."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool

        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        added = 0
        # Whoosh posts each spelling word with the value of the last posting made before
        # it (its loop variable), so the segment files are the same only if this does too.
        vbytes: bytes | None = None
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]

                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    terms = pool.field(fieldname)
                    post = getattr(field, "post", None) if fieldboost == 1.0 else None
                    posted = post(value, docnum, terms) if post is not None else None
                    if posted is not None:  # FastText posted its terms itself
                        length, last, count = posted
                        added += count
                        if count:
                            vbytes = last
                        if not field.scorable:
                            length = 0
                    else:
                        length, vbytes, count = self._post(
                            field, value, fieldboost, docnum, terms, vbytes
                        )
                        added += count

                if field.separate_spelling():
                    spellfield = field.spelling_fieldname(fieldname)
                    spelling = pool.field(spellfield)
                    pool.mark_unsorted(spellfield)
                    for word in field.spellable_words(value):
                        tword = utf8encode(word)[0]
                        flat = spelling.get(tword)
                        if flat is None:
                            spelling[tword] = [0, 1, vbytes]
                        else:
                            flat += (0, 1, vbytes)
                        added += 1

                if field.vector:
                    analyzer = field.analyzer
                    vitems = field.vector.word_values(value, analyzer, mode="index")
                    vitems = sorted((text, weight, vb) for text, _, weight, vb in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)

                customval = fields.get(f"_stored_{fieldname}", value)
                stored = customval if field.stored else None
                perdocwriter.add_field(fieldname, field, stored, length)

                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        pool.postings += added
        if pool.full():
            pool.spill()

    @staticmethod
    def _post(
        field: Any,
        value: Any,
        fieldboost: float,
        docnum: int,
        terms: dict[bytes, list[Any]],
        vbytes: bytes | None,
    ) -> tuple[int, bytes | None, int]:
        """Whoosh's posting loop: the field's length, last value and count of postings."""
        length = count = 0
        get = terms.get
        for tbytes, freq, weight, vbytes in field.index(value):
            if fieldboost != 1.0:
                weight *= fieldboost
            length += freq
            count += 1
            flat = get(tbytes)
            if flat is None:
                terms[tbytes] = [docnum, weight, vbytes]
            else:
                flat += (docnum, weight, vbytes)
        return (length if field.scorable else 0), vbytes, count

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_terms(self.schema, pdr, self.pool.terms())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


class _FastSubWriterTask(SubWriterTask):
    """A worker process of `FastMpWriter`: Whoosh's, writing with `FastSegmentWriter`."""

    cancelled: Any = None
    """The writer's `multiprocessing.Event`, set when it is cancelled."""

    def run(self) -> None:
        # The pool is millions of small lists that live until the segment is written, and
        # the writer makes no reference cycles: the collector would only walk them, over and
        # over (a few percent of the build). The process ends with the segment.
        gc.disable()
        jobqueue = self.jobqueue
        cancelled = self.cancelled
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = FastSegmentWriter(ix, _lk=False, **self.kwargs)
        while True:
            jobinfo = jobqueue.get()
            if jobinfo is None or cancelled.is_set():
                break
            try:
                self._process_file(*jobinfo)
            except OSError:
                if cancelled.is_set():  # the parent took its files away: not an error
                    break
                raise
        if cancelled.is_set():
            # Its own files go; the shared temporary folder is the parent's to remove.
            writer._close_segment()
            return
        fieldnames = set(writer.pool.fieldnames)
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class FastMpWriter(MpWriter):
    """Whoosh's multi-process writer, one segment per worker, each written term by term.

    Cancelling it ends its workers (Whoosh's leave them waiting for work, and the process
    then waits for them at exit).
    """

    def __init__(self, ix: Any, procs: int | None = None, **kwargs: Any) -> None:
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)
        self._cancelled = multiprocessing.Event()

    def _new_task(self) -> Any:
        task = _FastSubWriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True
        )
        task.cancelled = self._cancelled
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        self._cancelled.set()
        try:
            for _ in self.tasks:  # wakes a worker waiting for work
                with contextlib.suppress(queue.Full):
                    self.jobqueue.put(None, timeout=1)
            for task in self.tasks:
                task.join(timeout=10)
                if task.is_alive():
                    task.terminate()
                    task.join(timeout=1)
        finally:
            SegmentWriter.cancel(self)
