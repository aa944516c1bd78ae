"""A Whoosh codec whose commit writes a term's postings at once, not posting by posting.

Half of building the index is Whoosh's commit: for each of ~270 postings per paper its
field writer looks the document's field length up through three method calls, checks four
assertions and updates the block's statistics one value at a time. `FastCodec` writes the
same segment files (`tests/search/test_fast_postings.py` compares them byte for byte): the
sorted postings are taken a term at a time, each block of 128 is summarised with builtins
over lists, and the lengths come from the in-memory column `index._keep_lengths_in_memory`
gives the writer. The pickling, compression and file layout are Whoosh's own.

Segments record the plain `W3Codec`, so an index written with this codec is an ordinary
Whoosh index: reading it needs nothing from here.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter, sub
from pickle import dumps
from typing import Any, cast

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3Segment,
    W3TermInfo,
)
from whoosh.util.numeric import byte_to_length, length_to_byte

_pack_int = struct.Struct("!i").pack
_pack_long = struct.Struct("!q").pack
_TERM_INFO = W3TermInfo._struct
_pack_ushort = struct.Struct("!H").pack
_term_of = itemgetter(0, 1)
Posting = tuple[str, bytes, int, float, bytes | None]


class FastCodec(W3Codec):
    """Whoosh's W3Codec with a faster field writer (for `ix.writer(codec=FastCodec())`)."""

    def field_writer(self, storage: Any, segment: Any) -> FastFieldWriter:
        return FastFieldWriter(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> Any:
        # The segment (pickled into the index's table of contents) names the plain codec.
        plain = W3Codec(
            blocklimit=self._blocklimit,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
        return W3Segment(plain, indexname)


def _length_table(lengths: Any, fieldname: str) -> bytes | Callable[[int], int] | None:
    """Each document's length byte for `fieldname`, or a function giving its length.

    None: the field has no lengths (every posting's length is 0, as Whoosh's default).
    """
    if lengths is None:
        return None
    cached = getattr(lengths, "_cached_reader", None)
    if cached is not None:
        column = cached(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:
            return None
        if isinstance(column, bytes):
            return column
    dfl = lengths.doc_field_length
    return lambda docnum: int(dfl(docnum, fieldname))


class FastFieldWriter(W3FieldWriter):
    """`W3FieldWriter` whose `add_postings` handles a whole term per step."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self._compressed: dict[bytes, bytes] = {}

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        """Whoosh's interface: postings one by one, sorted by field, term and docnum."""
        terms = (
            (fieldname, btext, [x for p in group for x in p[2:]])
            for (fieldname, btext), group in groupby(items, key=_term_of)
        )
        self.add_terms(schema, lengths, terms, check=True)

    def add_terms(
        self,
        schema: Any,
        lengths: Any,
        terms: Iterable[tuple[str, bytes, list[Any]]],
        *,
        check: bool = False,
    ) -> None:
        """Each term's postings at once: `(field, term, [docnum, weight, value, ...])`.

        Terms come in field and term order (checked when `check`), each term's postings in
        docnum order.
        """
        lastfn: str | None = None
        lasttext = b""
        table: bytes | Callable[[int], int] | None = None
        fixed: int | None = None
        blocklimit = self._codec._blocklimit
        for fieldname, btext, flat in terms:
            if fieldname != lastfn:
                if lastfn is not None:
                    if fieldname < lastfn:
                        raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                table = _length_table(lengths, fieldname)
                fixed = fieldobj.format.fixed_value_size()
                lastfn = fieldname
            elif check and btext < lasttext:
                raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {fieldname}:{btext!r}")
            ids = flat[0::3]
            weights = flat[1::3]
            values = flat[2::3]
            if ids[0] == -1:  # Whoosh's spelling-only items: never written
                keep = [i for i, d in enumerate(ids) if d != -1]
                if not keep:
                    continue
                ids = [ids[i] for i in keep]
                weights = [weights[i] for i in keep]
                values = [values[i] for i in keep]
            lasttext = btext
            if len(ids) <= blocklimit and (table is None or isinstance(table, bytes)):
                self._write_one_block_term(btext, ids, weights, values, table, fixed)
            else:
                self._write_term(btext, ids, weights, values, table, fixed)

    def _compress(self, data: bytes, level: int) -> bytes:
        """`zlib.compress`, remembered for small blocks.

        Setting zlib up is most of a small block's cost, and a quarter of the blocks repeat
        (a rare name's n-grams all point at one paper).
        """
        if len(data) > 64:
            return zlib.compress(data, level)
        memory = self._compressed
        found = memory.get(data)
        if found is None:
            if len(memory) >= 50_000:
                memory.clear()
            found = memory[data] = zlib.compress(data, level)
        return found

    def _write_one_block_term(
        self,
        btext: bytes,
        ids: list[int],
        weights: list[float],
        values: list[bytes | None],
        table: bytes | None,
        fixed: int | None,
    ) -> None:
        """`_write_term` for the common case: one block, lengths from the in-memory column.

        A field without lengths (`table` None) has 0 for them, as Whoosh writes. Length
        bytes stand for lengths here (`length_to_byte(byte_to_length(b)) == b`).
        """
        count = len(ids)
        first, last = ids[0], ids[-1]
        stored_weights = array("f", weights)
        if count == 1:
            low = high = table[first] if table is not None else 0
            weight = stored_weights[0]
            mini_weights: Any = None if weight == 1.0 else weight
            deltas: tuple[int, ...] = (first,)
        else:
            if table is None:
                low = high = 0
            else:
                lbytes = [table[d] for d in ids]
                low, high = min(lbytes), max(lbytes)
                if not low:
                    low = min((b for b in lbytes if b), default=0)
            if stored_weights.count(1.0) == count:
                mini_weights = None
            elif stored_weights.count(stored_weights[0]) == count:
                mini_weights = stored_weights[0]
            else:
                mini_weights = tuple(stored_weights)
            deltas = (first, *map(sub, ids[1:], ids))
        maxweight = max(weights)
        if not maxweight > 0:
            maxweight = 0  # Whoosh starts the block's maximum at 0
        present = cast("list[bytes]", values if all(values) else [v for v in values if v])
        if fixed is None:
            mini_values: Any = tuple(present)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(present)
        comp = self._codec._compression
        databytes = dumps((deltas, mini_weights, mini_values), 2)
        if comp:
            databytes = self._compress(databytes, comp)
        infobytes = dumps((count, last, maxweight, comp, low, high), 2)
        size = len(infobytes) + len(databytes)
        chunk = WHOOSH3_HEADER_MAGIC + _pack_int(-size) + infobytes + databytes
        postfile = self._postfile
        start = postfile.tell()
        postfile.write(chunk)
        # W3TermInfo.to_bytes of this term's statistics and extent.
        info = _TERM_INFO.pack(
            False, 0 + sum(stored_weights), count, low, high, maxweight, first, last
        )
        self._tindex.add(
            _pack_ushort(self._fieldid) + btext,
            info + _pack_long(start) + _pack_int(len(chunk)),
        )

    def _write_term(
        self,
        btext: bytes,
        ids: list[int],
        weights: list[float],
        values: list[bytes | None],
        table: bytes | Callable[[int], int] | None,
        fixed: int | None,
    ) -> None:
        """One term's postings: W3PostingsWriter's blocks, then its row in the term table."""
        postfile = self._postfile
        blocklimit = self._codec._blocklimit
        compression = self._codec._compression
        terminfo = W3TermInfo()
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        count = len(ids)
        # Each id's distance from the one before (a block starts again from 0).
        gaps = [0, *map(sub, ids[1:], ids)]
        all_lbytes = list(map(table.__getitem__, ids)) if isinstance(table, bytes) else []
        for lo in range(0, count, blocklimit):
            hi = lo + blocklimit
            block_ids = ids[lo:hi]
            block_weights = weights[lo:hi]
            # Lengths: the block keeps the shortest and longest non-zero ones.
            if table is None:
                minlength, maxlength = None, 0
            else:
                if isinstance(table, bytes):
                    lbytes = all_lbytes[lo:hi]
                    nonzero = [b for b in lbytes if b]
                    low, high = (min(nonzero), max(nonzero)) if nonzero else (0, 0)
                    minlength = byte_to_length(low) if low else None
                    maxlength = byte_to_length(high) if high else 0
                else:
                    lens = [n for n in map(table, block_ids) if n]
                    minlength = min(lens) if lens else None
                    maxlength = max(lens) if lens else 0
            maxweight = max(block_weights)
            if not maxweight > 0:
                maxweight = 0  # Whoosh starts the block's maximum at 0
            stored_weights = array("f", block_weights)
            # The term's statistics (W3TermInfo.add_block).
            terminfo._weight += sum(stored_weights)
            terminfo._df += len(block_ids)
            if terminfo._minlength is None:
                terminfo._minlength = minlength
            else:
                terminfo._minlength = min(terminfo._minlength, minlength)
            terminfo._maxlength = max(terminfo._maxlength, maxlength)
            terminfo._maxweight = max(terminfo._maxweight, maxweight)
            if terminfo._minid is None:
                terminfo._minid = block_ids[0]
            terminfo._maxid = block_ids[-1]
            # The block (W3PostingsWriter._write_block).
            deltas = gaps[lo:hi]
            deltas[0] = block_ids[0]
            if stored_weights.count(1.0) == len(stored_weights):
                mini_weights: Any = None
            elif stored_weights.count(stored_weights[0]) == len(stored_weights):
                mini_weights = stored_weights[0]
            else:
                mini_weights = tuple(stored_weights)
            block_values = [v for v in values[lo:hi] if v]
            if fixed is None:
                mini_values: Any = tuple(block_values)
            elif fixed == 0:
                mini_values = None
            else:
                mini_values = b"".join(block_values)
            databytes = dumps((tuple(deltas), mini_weights, mini_values), 2)
            # Whoosh means to leave pickles under 20 bytes uncompressed, but overwrites that
            # decision: every block is compressed.
            comp = compression
            if comp:
                databytes = self._compress(databytes, comp)
            infobytes = dumps(
                (
                    len(block_ids),
                    block_ids[-1],
                    maxweight,
                    comp,
                    length_to_byte(minlength),
                    length_to_byte(maxlength),
                ),
                2,
            )
            size = len(infobytes) + len(databytes)
            postfile.write(_pack_int(-size if hi >= count else size))
            postfile.write(infobytes)
            postfile.write(databytes)
        terminfo.set_extent(start, postfile.tell() - start)
        self._tindex.add(_pack_ushort(self._fieldid) + btext, terminfo.to_bytes())
