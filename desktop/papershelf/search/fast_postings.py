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
from itertools import groupby, pairwise
from operator import itemgetter
from pickle import dumps
from typing import Any

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

    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        lastfn: str | None = None
        lasttext = b""
        table: bytes | Callable[[int], int] | None = None
        fixed: int | None = None
        for (fieldname, btext), group in groupby(items, key=_term_of):
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
            elif btext < lasttext:
                raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {fieldname}:{btext!r}")
            postings = list(group)
            if postings[0][2] == -1:  # Whoosh's spelling-only items: never written
                postings = [p for p in postings if p[2] != -1]
                if not postings:
                    continue
            lasttext = btext
            self._write_term(btext, postings, table, fixed)

    def _write_term(
        self,
        btext: bytes,
        postings: list[Posting],
        table: bytes | Callable[[int], int] | None,
        fixed: int | None,
    ) -> None:
        """One term's postings: W3PostingsWriter's blocks, then its row in the term table."""
        _, _, ids, weights, values = zip(*postings, strict=True)
        postfile = self._postfile
        blocklimit = self._codec._blocklimit
        compression = self._codec._compression
        terminfo = W3TermInfo()
        start = postfile.tell()
        postfile.write(WHOOSH3_HEADER_MAGIC)
        count = len(ids)
        for lo in range(0, count, blocklimit):
            hi = lo + blocklimit
            block_ids = ids[lo:hi]
            block_weights = weights[lo:hi]
            # Lengths: the block keeps the shortest and longest non-zero ones.
            if table is None:
                minlength, maxlength = None, 0
            else:
                if isinstance(table, bytes):
                    lbytes = [table[d] for d in block_ids]
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
            deltas = [block_ids[0]]
            deltas.extend(b - a for a, b in pairwise(block_ids))
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
                databytes = zlib.compress(databytes, comp)
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
