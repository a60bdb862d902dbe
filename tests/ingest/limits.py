"""A generous safety limit for the hostile-input tests: a hang fails the test instead of stalling the suite.

No test measures speed with it (the project's rule: no assertions on wall-clock time as a
figure); the limit is 10 s per 100 KB, while the quadratic cases it guards against took
15-90 s per 100 KB. ``re`` checks for signals while it matches, so a runaway regex is
interrupted too.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import pytest

SECONDS_PER_100_KB = 10.0


@contextlib.contextmanager
def within_safety_limit(size: int, what: str = "") -> Iterator[None]:
    """Fail (not hang) when the block runs past SECONDS_PER_100_KB per 100 KB of ``size`` (at least one 100 KB)."""
    limit = SECONDS_PER_100_KB * max(1.0, size / 100_000)

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    except TimeoutError:
        pytest.fail(f"{what or 'input'} of {size:,} characters ran past the {limit:.0f} s safety limit")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
