"""A Whoosh segment writer that writes the same segment as Whoosh's own, with less work per posting.

Whoosh's `SegmentWriter` analyses a TEXT field twice (terms, then spelling words), puts every
posting as a tuple into a pool that sorts them all (and pickles runs to disk past `limitmb`),
then looks up each posting's field length in the segment's columns and hands postings one at a
time to the postings writer. `FastSegmentWriter` analyses once (`archive.search.analysis`), keeps
postings grouped by field and term in memory (already in document order), knows the field lengths,
and writes each term's posting blocks in one go. The files it writes hold the same
documents, terms, postings, stored fields, columns and spelling words (tests/search compare them).
Past `limitmb` it hands its postings to Whoosh's pool and finishes the way Whoosh does.
It merges finished segments by copying their posting blocks (`segment_merge`) when it holds no
documents of its own. `segment_jobs` runs it in indexing processes.
"""

from __future__ import annotations

import zlib
from array import array

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.reading import SegmentReader
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from archive.search import segment_merge
from archive.search.analysis import one_pass_for

# Whoosh's PostingPool estimate of one posting's memory, without the variable parts.
_POSTING_BYTES = 28 + 4 * 5 + 21 + 26 + 18 + 16 + 21


def _quantised_lengths(lengths: dict[str, dict[int, int]]) -> dict[str, dict[int, int | None]]:
    """Field lengths by document as the segment's length column gives them back (Whoosh's
    `doc_field_length`: quantised to a byte and back; None when the byte is 0)."""
    return {
        fieldname: {docnum: _quantised(length) for docnum, length in docs.items()}
        for fieldname, docs in lengths.items()
    }


def _quantised(length: int) -> int | None:
    byte = length_to_byte(length)
    return byte_to_length(byte) if byte else None


def _supported(fieldwriter) -> bool:
    """Whether `_write_term` can write for this field writer: Whoosh 2.7's W3 codec, postings
    never inlined in the term info (its default), integer document ids."""
    postwriter = getattr(fieldwriter, "_postwriter", None)
    return (
        type(fieldwriter) is W3FieldWriter
        and type(postwriter) is W3PostingsWriter
        and postwriter._inlinelimit <= 1
        and not postwriter._byteids
    )


def _write_term(
    fieldwriter, btext: bytes, postings: list[tuple], lengths: dict[int, int | None], base: int = 0
) -> None:
    """One term's postings, (docnum, weight, value) in order, as the W3 codec writes them, their
    document numbers moved up by `base` (the lengths stay keyed by the segment's own numbers).

    The same bytes as `start_term`, `add` for each posting and `finish_term` (W3PostingsWriter:
    blocks of `blocklimit` postings, each a pickled, compressed (ids, weights, values) after a
    pickled info tuple; then the term info row), without the per-posting method calls.
    """
    postwriter = fieldwriter._postwriter
    postfile = fieldwriter._postfile
    limit, compression = postwriter._blocklimit, postwriter._compression
    fixedsize = fieldwriter._format.fixed_value_size()
    info = W3TermInfo()
    startoffset = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    count = len(postings)
    for start in range(0, count, limit):
        if count == 1:  # over half the terms of a segment: the same values without the sequences
            ((docnum, weight, value),) = postings
            ids, last = (docnum + base,), docnum + base
            stored_weight = 1.0 if weight == 1.0 else array("f", (weight,))[0]
            maxweight = max(0, weight)
            size = lengths.get(docnum)
            minlength, maxlength = (size, size) if size else (None, 0)
            weight_sum = stored_weight
            deltas = ids
            mini_weights = None if stored_weight == 1.0 else stored_weight
            kept = [value] if value else []
        else:
            local, weights, values = zip(*postings[start : start + limit], strict=True)
            ids = tuple(docnum + base for docnum in local) if base else local
            last = ids[-1]
            stored_weights = array("f", weights)
            maxweight = max((0, *weights))  # ties keep the initial 0, as add_posting's `>`
            sizes = [size for size in map(lengths.get, local) if size]
            minlength = min(sizes) if sizes else None
            maxlength = max(sizes) if sizes else 0
            weight_sum = sum(stored_weights)
            # W3PostingsWriter._write_block with its _mini_ids, _mini_weights, _mini_values
            deltas = tuple(b - a for a, b in zip((0, *ids[:-1]), ids, strict=True))
            if all(w == 1.0 for w in stored_weights):
                mini_weights = None
            elif all(w == stored_weights[0] for w in stored_weights):
                mini_weights = stored_weights[0]
            else:
                mini_weights = tuple(stored_weights)
            kept = [value for value in values if value]
        # TermInfo.add_block
        info._weight += weight_sum
        info._df += len(ids)
        info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = ids[0]
        info._maxid = last
        if fixedsize is None or fixedsize < 0:
            mini_values = tuple(kept)
        elif fixedsize == 0:
            mini_values = None
        else:
            mini_values = b"".join(kept)
        databytes = dumps((deltas, mini_weights, mini_values), 2)
        if compression:
            databytes = zlib.compress(databytes, compression)
        infobytes = dumps(
            (len(ids), last, maxweight, compression, length_to_byte(minlength), length_to_byte(maxlength)), 2
        )
        blocklength = len(infobytes) + len(databytes)
        if start + limit >= count:  # the last block
            blocklength = -blocklength
        postfile.write(pack_int(blocklength) + infobytes + databytes)
    info.set_extent(startoffset, postfile.tell() - startoffset)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + btext, info.to_bytes())


class FastSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with one-pass analysis and postings grouped in memory (see module)."""

    # Written for a merge (segment_jobs): the documents before this segment in the merged one, added
    # to its postings' document numbers so that the merge copies its blocks as they are. Only the
    # postings move (stored fields and columns keep the segment's own numbers): such a segment is
    # never read but by that merge. Set back to 0 when the postings went through Whoosh's pool.
    posting_base = 0
    # Merging: the posting base each source segment (by id) was written with.
    posting_bases: dict[str, int] = {}  # replaced, never mutated

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[bytes, list[tuple]]] = {}  # field -> term -> [(docnum, weight, value)]
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length (when not 0)
        self._size = 0  # the pool's memory estimate of the postings held
        self._spilled = False
        self._one_pass = {name: one_pass_for(field) for name, field in self.schema.items()}
        self._copied: list[tuple[object, int]] = []  # (reader, first document number) merged block by block
        self._spelling_fields: set[str] = set()

    def add_reader(self, reader) -> None:
        totals = self.perdocwriter._fieldlengths
        before = dict(totals)
        super().add_reader(reader)
        if not reader.has_deletions():
            # write_per_doc adds each document's length as the length column gives it back (quantised
            # to a byte): keep the segment's exact totals instead, which average lengths (BM25) come from.
            for fieldname in set(totals) | set(before):
                totals[fieldname] = before.get(fieldname, 0) + reader.field_length(fieldname)

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:
        # add_reader's postings: a segment without deletions is copied block by block at the end
        # (segment_merge); anything else goes through Whoosh's pool.
        if docmap is None and self.posting_bases:
            startdoc -= self.posting_bases.get(reader.segment().segment_id(), 0)
        if docmap is None and segment_merge.copyable(reader) and segment_merge.can_write(self.fieldwriter):
            # A reader of our own: Whoosh's merge policies close theirs as soon as this returns.
            self._copied.append((SegmentReader(self.storage, self.schema, reader.segment()), startdoc))
        else:
            super().add_postings_to_pool(reader, startdoc, docmap)

    def add_document(self, **fields) -> None:
        # Whoosh's SegmentWriter.add_document (2.7.4), step for step, with postings going to
        # self._terms and text analysed once.
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted([name for name in fields if not name.startswith("_")])
        self._check_fields(schema, fieldnames)
        size = 0
        vbytes = None  # as in Whoosh, a spelling posting carries the last value seen in this document

        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields.get(fieldname)
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            spelling = None
            if field.indexed:
                fieldboost = self._field_boost(fields, fieldname, docboost)
                one_pass = self._one_pass.get(fieldname)
                if one_pass is not None and isinstance(value, str):
                    analysed, spelling = one_pass(value, field.format.field_boost, field.format.encode)
                    items = [(text.encode("utf-8"), freq, weight, vb) for text, freq, weight, vb in analysed]
                else:
                    items = field.index(value)
                scorable = field.scorable
                terms = self._field_terms(fieldname)
                for tbytes, freq, weight, vbytes in items:
                    weight *= fieldboost
                    if scorable:
                        length += freq
                    found = terms.get(tbytes)
                    if found is None:
                        terms[tbytes] = [(docnum, weight, vbytes)]
                    else:
                        found.append((docnum, weight, vbytes))
                    size += _POSTING_BYTES + len(fieldname) + 2 * len(tbytes) + len(vbytes or b"")

            if field.separate_spelling():
                spellfield = field.spelling_fieldname(fieldname)
                self._spelling_fields.add(spellfield)
                terms = self._field_terms(spellfield)
                words = spelling if spelling is not None else field.spellable_words(value)
                for word in words:
                    wbytes = word.encode("utf-8")
                    found = terms.get(wbytes)
                    if found is None:
                        terms[wbytes] = [(0, 1, vbytes)]
                    else:
                        found.append((0, 1, vbytes))
                    size += _POSTING_BYTES + len(spellfield) + 2 * len(wbytes) + len(vbytes or b"")

            if field.vector:
                vitems = field.vector.word_values(value, field.analyzer, mode="index")
                vitems = sorted((text, weight, vb) for text, _, weight, vb in vitems)
                perdocwriter.add_vector_items(fieldname, field, vitems)

            customval = fields.get(f"_stored_{fieldname}", value)
            perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
            if length:
                self._lengths.setdefault(fieldname, {})[docnum] = length

            column = field.column_type
            if column and customval is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))

        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
        self._size += size
        if self._size > self.pool.limit:
            self._spill()

    def _close_segment(self) -> None:
        for reader, _ in self._copied:  # a cancelled merge
            reader.close()
        self._copied = []
        super()._close_segment()

    def _field_terms(self, fieldname: str) -> dict[bytes, list[tuple]]:
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.pool.fieldnames.add(fieldname)
        return terms

    def _spill(self) -> None:
        """Past the memory limit: the postings held become one of the pool's sorted runs on disk."""
        pool = self.pool
        for fieldname, terms in self._terms.items():
            for tbytes, postings in terms.items():
                pool.current.extend((fieldname, tbytes, docnum, weight, value) for docnum, weight, value in postings)
        self._terms = {}
        self._size = 0
        pool.save()
        self._spilled = True

    def _flush_segment(self) -> None:
        if self._copied:
            copied, self._copied = self._copied, []
            try:
                if not (self._terms or self._spilled or self.pool.current or self.pool.runs):
                    self.perdocwriter.close()
                    sources = [segment_merge.Source(reader._terms, startdoc) for reader, startdoc in copied]
                    segment_merge.merge_postings(self.fieldwriter, self.schema, sources)
                    self.fieldwriter.close()
                    return
                for reader, startdoc in copied:  # mixed with documents of its own: all through the pool
                    super().add_postings_to_pool(reader, startdoc, None)
            finally:
                for reader, _ in copied:
                    reader.close()
        # Postings in the pool (runs past the memory limit, or a merged segment's postings, which
        # Whoosh's merge adds to the pool directly): merge them all the Whoosh way, with the field
        # lengths read back from the segment's columns (which hold the merged documents' too).
        if self._spilled or self.pool.current or self.pool.runs:
            self._spill()
            self.posting_base = 0  # the pool writes the segment's own numbers
            super()._flush_segment()
            return
        self.perdocwriter.close()
        self._write_postings(_quantised_lengths(self._lengths) if self.codec.length_stats else {})
        self.fieldwriter.close()

    def _write_postings(self, lengths: dict[str, dict[int, int | None]]) -> None:
        """What `FieldWriter.add_postings` does with the pool's sorted postings, from self._terms."""
        fieldwriter = self.fieldwriter
        for fieldname in sorted(self._terms):
            terms = self._terms[fieldname]
            if not terms:
                continue
            doclengths = lengths.get(fieldname, {})
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            fast = _supported(fieldwriter)
            # A field's postings are in document order already, one per document; a spelling field's all
            # have document 0, ordered by value as the pool orders them.
            spelling = fieldname in self._spelling_fields
            for tbytes in sorted(terms):
                postings = terms[tbytes]
                if spelling:
                    postings.sort()
                if fast:
                    _write_term(fieldwriter, tbytes, postings, doclengths, self.posting_base)
                    continue
                fieldwriter.start_term(tbytes)
                for docnum, weight, value in postings:
                    fieldwriter.add(docnum + self.posting_base, weight, value or b"", doclengths.get(docnum))
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        self._terms = {}
