"""Merging finished segments by copying their posting blocks: the full build's last step.

Whoosh merges segments by reading every posting of every source into its pool, sorting them all
again (pickled runs on disk past the pool's memory) and writing them one posting at a time: at a
million articles, hundreds of millions of postings. But a merged segment's documents are its
sources' documents one after another, so a term's merged postings are each source's postings in
turn, their document numbers shifted by the documents before that source. `merge_postings` writes
them so: it copies each source's posting blocks, adding the shift to the block's first id (the
others are deltas) and to its last id, and sums the term info from the sources'. A source with no
shift (the first, or a build's job written already numbered for its place: `segment_jobs`) has a
term's whole posting list copied as stored, in one piece. The documents'
own data (stored fields, lengths, columns) goes through Whoosh's `write_per_doc`, which
`FastSegmentWriter.add_reader` calls as Whoosh does.

Only sources without deletions can be copied (dropping a deleted document renumbers those after it): for
the others, and for a writer that also holds documents of its own, Whoosh's pool does the merge. The
import's tier merge hands over a segment with deletions as if it had none, and marks them again in the
merged segment (`segment_jobs._whole`).
"""

from __future__ import annotations

import heapq
import pickle
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo, W3TermsReader
from whoosh.compat import dumps
from whoosh.system import pack_int, pack_ushort, unpack_int

from archive.search.postings import raw_block

_HEADER = len(WHOOSH3_HEADER_MAGIC)


@dataclass
class Source:
    """A segment being merged: its terms, its postings file, and the shift of its document numbers."""

    terms: W3TermsReader
    shift: int


def copyable(reader) -> bool:
    """Whether a reader's postings can be copied block by block: a W3 segment without deletions."""
    terms = getattr(reader, "_terms", None)
    return type(terms) is W3TermsReader and not reader.has_deletions()


def can_write(fieldwriter) -> bool:
    """Whether copied blocks are valid in this field writer's segment: Whoosh 2.7's W3 codec, which
    never inlines postings in the term info at its default limit."""
    return type(fieldwriter) is W3FieldWriter and fieldwriter._codec._inlinelimit <= 1


def _field_terms(source: Source, fieldname: str) -> Iterator[tuple[bytes, W3TermInfo]]:
    """A source's terms of one field, in order, with their term infos."""
    terms = source.terms
    fieldid = terms._fieldmap.get(fieldname)
    if fieldid is None:
        return
    prefix = pack_ushort(fieldid)  # keys are the field's number, then the term: ordered by field
    dbfile = terms._tindex.dbfile
    for keypos, keylen, datapos, datalen in terms._tindex.ranges_from(prefix):
        key = dbfile.get(keypos, keylen)
        if key[:2] != prefix:
            return
        yield key[2:], W3TermInfo.from_bytes(dbfile.get(datapos, datalen))


def _blocks(postfile, terminfo: W3TermInfo) -> Iterator[tuple[tuple, bytes, bytes]]:
    """A term's posting blocks as stored: (info tuple, info bytes, data bytes) each."""
    offset, _ = terminfo.extent()
    if postfile.get(offset, _HEADER) != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    position, last = offset + _HEADER, False
    while not last:
        info, infobytes, data, last, position = raw_block(postfile, position)
        yield info, infobytes, data


def _unshifted_blocks(postfile, terminfo: W3TermInfo, last: bool) -> bytes:
    """A term's posting blocks as stored, in one piece (no document number to move); unless `last`, its
    last block's length made positive, the mark of a last block being only for the merged list's."""
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length as unpack's tuple
        (length,) = length
    if postfile.get(offset, _HEADER) != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a Whoosh 3 posting list")
    blocks = postfile.get(offset + _HEADER, length - _HEADER)
    if last:
        return blocks
    position = 0
    while (size := unpack_int(blocks[position : position + 4])[0]) >= 0:  # to the block marked last
        position += 4 + size
    return blocks[:position] + pack_int(-size) + blocks[position + 4 :]


def _shifted(info: tuple, data: bytes, shift: int) -> tuple[bytes, bytes]:
    """A block's info and data bytes with its document numbers moved up by `shift`."""
    count, last, maxweight, compression, minlength, maxlength = info
    deltas, weights, values = pickle.loads(zlib.decompress(data) if compression else data)  # noqa: S301 - ours
    deltas = (deltas[0] + shift, *deltas[1:])  # delta-encoded from 0: only the first id is absolute
    databytes = dumps((deltas, weights, values), 2)
    if compression:
        databytes = zlib.compress(databytes, compression)
    return dumps((count, last + shift, maxweight, compression, minlength, maxlength), 2), databytes


def _write_term(fieldwriter, btext: bytes, parts: list[tuple[Source, W3TermInfo]]) -> None:
    """One term's postings from its sources, in document order, as one posting list of the new segment."""
    postfile = fieldwriter._postfile
    info = W3TermInfo()
    startoffset = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for number, (source, terminfo) in enumerate(parts):
        if not source.shift:
            postfile.write(_unshifted_blocks(source.terms._postfile, terminfo, number == len(parts) - 1))
        else:
            blocks = list(_blocks(source.terms._postfile, terminfo))
            for index, (blockinfo, infobytes, databytes) in enumerate(blocks):
                infobytes, databytes = _shifted(blockinfo, databytes, source.shift)
                size = len(infobytes) + len(databytes)
                last = number == len(parts) - 1 and index == len(blocks) - 1
                postfile.write(pack_int(-size if last else size) + infobytes + databytes)
        # The sum of the sources' term infos (TermInfo.add_block for each of their blocks).
        info._weight += terminfo._weight
        info._df += terminfo._df
        if terminfo._minlength is not None:
            info._minlength = (
                terminfo._minlength if info._minlength is None else min(info._minlength, terminfo._minlength)
            )
        info._maxlength = max(info._maxlength, terminfo._maxlength)
        info._maxweight = max(info._maxweight, terminfo._maxweight)
        if info._minid is None and terminfo._minid is not None:
            info._minid = terminfo._minid + source.shift
        if terminfo._maxid is not None:
            info._maxid = terminfo._maxid + source.shift
    info.set_extent(startoffset, postfile.tell() - startoffset)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info.to_bytes())


def _numbered(number: int, terms: Iterator[tuple[bytes, W3TermInfo]]) -> Iterator[tuple[bytes, int, W3TermInfo]]:
    for btext, terminfo in terms:
        yield btext, number, terminfo


def merge_postings(fieldwriter, schema, sources: list[Source]) -> None:
    """Write the postings of all `sources` (in document order) through a new segment's field writer."""
    fieldnames = sorted({name for source in sources for name in source.terms._fieldmap if name in schema})
    for fieldname in fieldnames:
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        # Each source's terms are in order: merge them, a term's parts in source (document) order.
        streams = [_numbered(number, _field_terms(source, fieldname)) for number, source in enumerate(sources)]
        current: bytes | None = None
        parts: list[tuple[Source, W3TermInfo]] = []
        for btext, number, terminfo in heapq.merge(*streams, key=lambda item: (item[0], item[1])):
            if btext != current:
                if parts:
                    _write_term(fieldwriter, current, parts)
                current, parts = btext, []
            parts.append((sources[number], terminfo))
        if parts:
            _write_term(fieldwriter, current, parts)
        fieldwriter.finish_field()
