"""Rate-limit tests count requests in one long counting window, so a burst never straddles two windows."""

import time

from django_ratelimit.core import _get_window

# A day: a burst of a few seconds starts within its last 20 s once in ~4,000 runs, and then waits them out.
LONG_WINDOW = 24 * 3600


def fresh_window(address: str, margin: float = 20, window: int = LONG_WINDOW) -> None:
    """Counters restart at a fixed instant of each window per address (django-ratelimit's stagger). Make sure
    a burst starts with at least `margin` seconds of its window left, so that it is all counted in one."""
    left = _get_window(address, window) - time.time()
    if left < margin:
        time.sleep(max(left, 0) + 1)
