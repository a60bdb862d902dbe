"""On/off switches read from the environment, for the settings and for gunicorn's configuration alike.

Dependency-free (no Django, nothing else of the archive's): gunicorn's master loads this file by its path and must
hold none of the archive's modules (archive/gunicorn.conf.py).
"""

from __future__ import annotations

import os

ON = ("1", "true", "yes", "on", "y")
OFF = ("0", "false", "no", "off", "n")


def env_switch(name: str, default: bool) -> bool:
    """An on/off setting; unset is its default and empty is off, as they always were (an env file's `DJANGO_DEBUG=`
    must not turn debugging on). Any other value raises ValueError naming the variable and the values accepted: a
    misspelled "ture" was read as off (no TLS to the mail server, no proxy), silently."""
    if name not in os.environ:
        return default
    value = os.environ[name].strip().lower()
    if value in ("", *OFF):
        return False
    if value in ON:
        return True
    pairs = [f"{on}/{off}" for on, off in zip(ON, OFF, strict=True)]
    accepted = f"{', '.join(pairs[:-1])} or {pairs[-1]}"
    raise ValueError(f"{name} must be on or off: {accepted}, in any case (it is {os.environ[name]!r}).")
