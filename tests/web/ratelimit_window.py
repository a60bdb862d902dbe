"""Start a rate-limit burst inside one counting window, for tests that count requests up to the limit."""

import time

from django_ratelimit.core import _get_window


def fresh_window(address: str, margin: float = 20) -> None:
    """Counters restart at a fixed instant of each minute per address (django-ratelimit's window). Start a
    burst with at least `margin` seconds of its window left, so that it is all counted in one window."""
    left = _get_window(address, 60) - time.time()
    if left < margin:
        time.sleep(max(left, 0) + 1)
