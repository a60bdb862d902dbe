"""Logging helpers the settings name (settings.LOGGING): nothing here imports the rest of the archive."""

from __future__ import annotations

import logging


class OneLine(logging.Filter):
    """A record logged without its traceback: for errors whose message says everything (a request for a host the
    archive does not serve, as scanners send by the thousand: fifteen lines each buried the real 500s)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
