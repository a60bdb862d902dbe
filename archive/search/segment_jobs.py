"""Indexing processes that turn each job of documents into a finished segment, and the build's merge.

Whoosh's multi-process writer (`MpWriter`) hands jobs of `batchsize` documents, pickled to a file,
to its indexing processes. Mixed into it, `SegmentPerJob` makes each job a finished segment of
`FastSegmentWriter`'s, so the processes do all their work (analysis and writing) while the parent
is still rendering documents: the import's streaming session (`writer.streamed`) and the full build.

With `merge_into`, the commit then merges the jobs' segments, in job order, into that many segments,
one process each, by copying their posting blocks (`segment_merge`): a million-article build is a
hundred segments of 10,000 documents, each written in memory, merged into two at the end.
Whoosh's own way (one segment per process, posting pools spilled to sorted runs and merged back)
took 46 minutes for the documents alone at a million articles, and as long again for its merges.
"""

from __future__ import annotations

import logging
import pickle
import queue
from multiprocessing import Process, Queue

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader
from whoosh.util import random_name

from archive.search import decoded
from archive.search.merge_policy import tier_groups, without_empty
from archive.search.segment_writer import FastSegmentWriter

logger = logging.getLogger(__name__)

JOB_SIZE = 1000  # documents per segment written while an import runs
BUILD_JOB_MAX = 10_000  # documents per segment of a full build before its merge (~230 MB of postings)
BUILD_JOB_LIMIT_MB = 1024  # FastSegmentWriter's memory estimate for such a job (~1.6x what it really holds)


class SegmentPerJob:
    """Mixed into whoosh's MpWriter: each job becomes a finished segment; `merge_into` merges them at commit."""

    merge_into = 0  # 0: commit the jobs' segments as they are

    def _new_task(self):
        class Task(SubWriterTask):
            def run(self) -> None:
                ix = self.storage.open_index(self.indexname)
                while (job := self.jobqueue.get()) is not None:
                    self.writer = FastSegmentWriter(ix, _lk=False, **self.kwargs)
                    self._process_file(*job)
                    self.resultqueue.put((job[0], self.writer._finalize_segment()))

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
        self.job_files = [*getattr(self, "job_files", []), filename]
        self.jobqueue.put((filename, len(self.docbuffer)))
        self.docbuffer = []

    def _commit(self, mergetype, optimize, merge) -> None:
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)
        existing = list(self._merge_segments(mergetype, optimize, merge))
        job_files = getattr(self, "job_files", [])
        written = dict(_results(self.resultqueue, self.tasks, len(job_files)))
        for task in self.tasks:
            task.join()
        segments = [written[name] for name in job_files]
        if self.merge_into and len(segments) > self.merge_into:
            segments = merge_in_processes(self.storage, self.indexname, segments, self.merge_into)
        self._close_segment()  # the parent adds no documents of its own
        self._commit_toc(existing + segments)
        self._finish()


class JobWriter(SegmentPerJob, MpWriter):
    """Whoosh's multi-process writer with a finished segment per job."""


def job_writer(ix, *, procs: int, job_size: int, merge_into: int = 0, subargs: dict | None = None, **kwargs):
    """A JobWriter for `ix`: `procs` indexing processes, jobs of `job_size` documents; `subargs` are
    the job segments' FastSegmentWriter options (default: `kwargs`, as MpWriter)."""
    writer = JobWriter(ix, procs=procs, batchsize=job_size, subargs=subargs, **kwargs)
    writer.merge_into = merge_into
    return writer


def merge_by_tiers(writer, segments: list) -> list:
    """A Whoosh merge policy (`commit(mergetype=...)`) for a writer holding no documents: `segments` without
    the empty ones, each tier of TIER_FANOUT segments merged into one by copying their blocks in a process,
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


def contiguous_groups(segments: list, parts: int) -> list[list]:
    """`segments` in order, cut into at most `parts` runs of about the same number of documents."""
    total = sum(segment.doc_count_all() for segment in segments)
    groups: list[list] = [[]]
    done = 0
    for segment in segments:
        if groups[-1] and done >= total * len(groups) / parts:
            groups.append([])
        groups[-1].append(segment)
        done += segment.doc_count_all()
    return groups


def _merge_group(storage, indexname: str, number: int, group: list, results: Queue) -> None:
    ix = storage.open_index(indexname)
    writer = FastSegmentWriter(ix, _lk=False)
    for segment in group:
        reader = SegmentReader(storage, ix.schema, segment)
        writer.add_reader(reader)  # the documents' data now; the postings are copied at the end
        reader.close()
    merged = writer._finalize_segment()
    del writer  # its pools, before the segment is read back
    _write_decoded(storage, ix.schema, merged)
    results.put((number, merged))


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
    groups = contiguous_groups(segments, parts)
    merged = {number: group[0] for number, group in enumerate(groups) if len(group) == 1}
    results: Queue = Queue()
    processes = [
        Process(target=_merge_group, args=(storage, indexname, number, group, results), daemon=True)
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
