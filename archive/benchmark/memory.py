"""Memory figures of the benchmark: the peak of a process with its children, and the resident size.

psutil is a development requirement, imported where it is used, so the commands can import the
benchmark and say what is missing (`archive.benchmark.missing_requirements`) instead of failing.
"""

from __future__ import annotations

import contextlib
import threading


class PeakMemory:
    """Samples the memory of this process and all its children every `interval` seconds.

    `peak` is the largest sum of PSS (proportional set size: pages shared between the processes,
    as forked children share their parent's, are divided among them, so nothing counts twice);
    `peak_rss` the largest sum of RSS, which counts shared pages once per process.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def current() -> tuple[int, int]:
        """(PSS sum, RSS sum) of this process and its children."""
        import psutil

        me = psutil.Process()
        pss = rss = 0
        for process in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a child may exit between listing and asking
                info = process.memory_full_info()
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
        return pss, rss

    def _sample(self) -> None:
        pss, rss = self.current()
        self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def rss() -> int:
    """This process's resident set size, in bytes."""
    import psutil

    return psutil.Process().memory_info().rss


def total_memory() -> int:
    """The host's memory, in bytes."""
    import psutil

    return psutil.virtual_memory().total


def mb(n_bytes: int | float) -> float:
    return round(n_bytes / 2**20, 1)
