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


def logging_configuration(level: str) -> dict:
    """settings.LOGGING: everything to stderr, with tracebacks, whatever DEBUG is (Django's default sends request
    errors to the console only with DEBUG on and otherwise to ADMINS by mail, so a 500 in production logged
    nothing); the archive's own loggers at `level` (ARCHIVE_LOG_LEVEL). gunicorn's own messages (worker crashes
    and timeouts) go to stderr through its errorlog setting."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
        },
        "filters": {"one_line": {"()": "archive.logs.OneLine"}},
        "handlers": {
            # logging.Formatter appends the traceback of any record logged with exc_info.
            "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            # django.request logs every 5xx at ERROR with the exception, 4xx at WARNING.
            "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            # A Host the archive does not serve (400): one line, the host named, no traceback.
            "django.security.DisallowedHost": {
                "handlers": ["stderr"],
                "level": "INFO",
                "filters": ["one_line"],
                "propagate": False,
            },
            "archive": {"handlers": ["stderr"], "level": level, "propagate": False},
            # trafilatura's "discarding data: None" for a page too short for it: archive/ingest/html.py says so
            # itself ("no article text found"), or reads a short e-mail part whole; only its errors are worth a line.
            "trafilatura": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        },
    }
