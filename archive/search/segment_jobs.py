"""Indexing processes that turn each job of documents into a finished segment, and the build's merge.

Whoosh's multi-process writer (`MpWriter`) hands jobs of `batchsize` documents, pickled to a file,
to its indexing processes. Mixed into it, `SegmentPerJob` makes each job a finished segment of
`FastSegmentWriter`'s, so the processes do all their work (analysis and writing) while the parent
is still rendering documents: the import's streaming session (`writer.streamed`) and the full build.

With `merge_into`, the commit then merges the jobs' segments, in job order, into that many segments,
one process each, by copying their posting blocks (`segment_merge`): a million-article build is a
hundred segments of 10,000 documents, each written in memory, merged into two at the end. Given
`expected_docs`, the writer plans the merge as it hands out the jobs, and each job writes its
postings already numbered for their place in the merged segment (`FastSegmentWriter.posting_base`):
the merge then copies their blocks byte for byte instead of decoding and re-encoding each one.
Whoosh's own way (one segment per process, posting pools spilled to sorted runs and merged back)
took 46 minutes for the documents alone at a million articles, and as long again for its merges.
"""

from __future__ import annotations

import copy
import logging
import os
import pickle
import queue
from multiprocessing import Process, Queue

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader
from whoosh.util import random_name

from archive.search import decoded, orphans
from archive.search.merge_policy import tier_groups, without_empty
from archive.search.segment_writer import FastSegmentWriter

logger = logging.getLogger(__name__)

JOB_SIZE = 1000  # documents per segment written while an import runs
BUILD_JOB_MAX = 4_000  # documents per segment of a full build before its merge (~95 MB of postings in a process)
BUILD_JOB_LIMIT_MB = 1024  # FastSegmentWriter's memory estimate for such a job (~1.6x what it really holds)


class SegmentPerJob:
    """Mixed into whoosh's MpWriter: each job becomes a finished segment; `merge_into` merges them at commit."""

    merge_into = 0  # 0: commit the jobs' segments as they are
    expected_docs = 0  # documents the writer will be given: 0 when unknown (merged as they come out)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.job_files: list[str] = []  # in the order handed out
        self.planned_groups: list[list[str]] = [[]]  # job files by merged segment, with `expected_docs`
        self.planned_docs = self.group_docs = 0  # documents in the jobs planned, in the last group

    def _new_task(self):
        class Task(SubWriterTask):
            def run(self) -> None:
                orphans.die_with_parent(self._parent_pid)  # never outlive the parent, holding its lock
                ix = self.storage.open_index(self.indexname)
                while (job := orphans.next_job(self.jobqueue, self._parent_pid)) is not None:
                    filename, count, base = job
                    self.writer = FastSegmentWriter(ix, _lk=False, **self.kwargs)
                    self.writer.posting_base = base
                    self._process_file(filename, count)
                    segment = self.writer._finalize_segment()
                    self.resultqueue.put((filename, (segment, self.writer.posting_base)))

        task = Task(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        # MpWriter._enqueue, remembering the order of the jobs (their segments are merged in that order).
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as file:
            for item in self.docbuffer:
                pickle.dump(item, file, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        self.job_files.append(filename)
        self.jobqueue.put((filename, len(self.docbuffer), self._plan(filename, len(self.docbuffer))))
        self.docbuffer = []

    def _plan(self, filename: str, count: int) -> int:
        """The job's place in the planned merge (`contiguous_groups` of `expected_docs`, decided as jobs
        come): the documents before it in its merged segment, its postings' base. 0 without a plan."""
        if not (self.merge_into and self.expected_docs):
            return 0
        groups = self.planned_groups
        if _starts_group(groups, self.planned_docs, self.expected_docs, self.merge_into):
            groups.append([])
            self.group_docs = 0
        base = self.group_docs
        groups[-1].append(filename)
        self.group_docs += count
        self.planned_docs += count
        return base

    def _commit(self, mergetype, optimize, merge) -> None:
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)
        existing = list(self._merge_segments(mergetype, optimize, merge))
        job_files = self.job_files
        written = dict(_results(self.resultqueue, self.tasks, len(job_files)))
        for task in self.tasks:
            task.join()
        segments = [written[name][0] for name in job_files]
        if self.merge_into:
            groups = (
                [[written[name][0] for name in group] for group in self.planned_groups]
                if self.expected_docs
                else contiguous_groups(segments, self.merge_into)
            )
            bases = {segment.segment_id(): base for segment, base in written.values() if base}
            segments = merge_groups(self.storage, self.indexname, groups, bases)
        self._close_segment()  # the parent adds no documents of its own
        self._commit_toc(existing + segments)
        self._finish()


class JobWriter(SegmentPerJob, MpWriter):
    """Whoosh's multi-process writer with a finished segment per job."""


def job_writer(
    ix,
    *,
    procs: int,
    job_size: int,
    merge_into: int = 0,
    expected_docs: int = 0,
    subargs: dict | None = None,
    **kwargs,
):
    """A JobWriter for `ix`: `procs` indexing processes, jobs of `job_size` documents; `subargs` are
    the job segments' FastSegmentWriter options (default: `kwargs`, as MpWriter); with `merge_into`,
    merged into that many segments at commit, planned for `expected_docs` documents when given."""
    writer = JobWriter(ix, procs=procs, batchsize=job_size, subargs=subargs, **kwargs)
    writer.merge_into, writer.expected_docs = merge_into, expected_docs
    return writer


def merge_by_tiers(writer, segments: list) -> list:
    """A Whoosh merge policy (`commit(mergetype=...)`) for `writer.merge_tiers`: `segments` without the empty
    ones, each tier of TIER_FANOUT segments merged into one by copying their blocks in a process (deleted
    documents with them, still deleted),
    again while any tier fills up (merge_policy.tier_groups); a merged segment takes its group's first place."""
    segments = without_empty(segments)
    while groups := tier_groups(segments):
        for group in groups:
            (merged,) = merge_in_processes(writer.storage, writer.indexname, group, 1)
            members = {id(segment) for segment in group}
            at = next(number for number, segment in enumerate(segments) if id(segment) in members)
            segments = [segment for segment in segments if id(segment) not in members]
            segments.insert(min(at, len(segments)), merged)
            logger.info("Merged %d segments (%d documents) into one.", len(group), merged.doc_count_all())
    return segments


def _results(results: Queue, processes: list, expected: int) -> list:
    """`expected` results from worker processes; an error when one died before giving its own."""
    found = []
    while len(found) < expected:
        try:
            found.append(results.get(timeout=1))
        except queue.Empty:
            if not any(process.is_alive() for process in processes):
                try:  # the last results may still be in the pipe
                    found.append(results.get(timeout=5))
                except queue.Empty:
                    raise RuntimeError("an indexing process ended without finishing its segment") from None
    return found


def _starts_group(groups: list[list], done: int, total: int, parts: int) -> bool:
    """Whether the next of `total` documents cut into `parts` runs, `done` of them placed in `groups` so far,
    starts a new run (the one rule of `contiguous_groups` and of a build's planned merge)."""
    return bool(groups[-1]) and len(groups) < parts and done >= total * len(groups) / parts


def contiguous_groups(segments: list, parts: int) -> list[list]:
    """`segments` in order, cut into at most `parts` runs of about the same number of documents."""
    total = sum(segment.doc_count_all() for segment in segments)
    groups: list[list] = [[]]
    done = 0
    for segment in segments:
        if _starts_group(groups, done, total, parts):
            groups.append([])
        groups[-1].append(segment)
        done += segment.doc_count_all()
    return groups


def _merge_group(
    storage, indexname: str, number: int, group: list, results: Queue, bases: dict[str, int], parent_pid: int
) -> None:
    orphans.die_with_parent(parent_pid)
    ix = storage.open_index(indexname)
    writer = FastSegmentWriter(ix, _lk=False)
    writer.posting_bases = bases
    carried: list[int] = []  # deleted documents copied with their segment, by number in the merged one
    for segment in group:
        deleted = sorted(segment.deleted_docs())
        carried += [writer.docnum + docnum for docnum in deleted]
        reader = SegmentReader(storage, ix.schema, _whole(segment) if deleted else segment)
        writer.add_reader(reader)  # the documents' data now; the postings are copied at the end
        reader.close()
    merged = writer._finalize_segment()
    for docnum in carried:
        merged.delete_document(docnum)
    del writer  # its pools, before the segment is read back
    _write_decoded(storage, ix.schema, merged)
    results.put((number, merged))


def _whole(segment):
    """The segment as if nothing in it were deleted (the same files), so that a merge copies it block by block
    as it copies any other (Whoosh's own merge would send it through its posting pool: minutes, not seconds);
    the caller marks its deleted documents again in the merged segment."""
    whole = copy.copy(segment)
    whole._deleted = None  # Whoosh 2.7.4's W3Segment keeps its deleted documents there (archive.E005 pins it)
    return whole


def _write_decoded(storage, schema, segment) -> None:
    """The merged segment's frequent words, decoded beside it (decoded.py); without them it is only slower."""
    reader = SegmentReader(storage, schema, segment)
    try:
        decoded.write(storage.folder, reader)
    except OSError as error:
        logger.warning("Decoded postings of segment %s not written: %s.", segment.segment_id(), error)
    finally:
        reader.close()


def merge_in_processes(storage, indexname: str, segments: list, parts: int) -> list:
    """Merge `segments` (in order) into `parts` segments, one process each; the merged segments in order."""
    return merge_groups(storage, indexname, contiguous_groups(segments, parts))


def merge_groups(storage, indexname: str, groups: list[list], bases: dict[str, int] | None = None) -> list:
    """Each group of segments (in order) merged into one, one process each; the merged segments in order.
    `bases`: the posting base (FastSegmentWriter.posting_base) of each segment, by id, written with one."""
    groups = [group for group in groups if group]
    merged = {number: group[0] for number, group in enumerate(groups) if len(group) == 1}
    results: Queue = Queue()
    processes = [
        Process(
            target=_merge_group,
            args=(storage, indexname, number, group, results, bases or {}, os.getpid()),
            daemon=True,
        )
        for number, group in enumerate(groups)
        if len(group) > 1
    ]
    try:
        for process in processes:
            process.start()
        merged.update(_results(results, processes, len(processes)))
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    return [merged[number] for number in range(len(groups))]
