"""The machine a benchmark ran on, with a CPU reference figure to compare runs across hosts."""

from __future__ import annotations

import os
import time

from archive.benchmark.memory import total_memory


def cpu_reference_ms(repeats: int = 5) -> float:
    """Best-of time of a fixed pure-Python loop (`sum(range(10**6))`): how fast this host runs Python.

    Shared hosts differ several-fold; dividing a figure by this one compares runs across hosts.
    """
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def machine() -> dict:
    import platform

    import numpy
    import whoosh
    from django import get_version

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(total_memory() / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "django": get_version(),
        "whoosh": whoosh.versionstring(),
        "numpy": numpy.__version__,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpu_reference_ms": cpu_reference_ms(),
    }
