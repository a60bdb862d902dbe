"""The benchmark commands without the development requirements: a one-line message naming how to install
them, not a traceback (Django prints a CommandError as one line)."""

from __future__ import annotations

import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize("command", ["bench_search", "bench_http"])
def test_a_benchmark_without_psutil_names_the_dev_requirements(command, monkeypatch, tmp_path):
    # GIVEN psutil is not installed (None in sys.modules: importing it fails, find_spec finds nothing)
    monkeypatch.setitem(sys.modules, "psutil", None)
    # WHEN the benchmark command runs
    with pytest.raises(CommandError) as raised:
        call_command(command, "--articles", "5", "--corpus", str(tmp_path / "no-corpus"))
    # THEN it says what is missing and how to install it, in one line
    message = str(raised.value)
    assert "psutil" in message and "\n" not in message
    assert "make .venv/.dev-requirements-installed" in message and "pip install -r requirements-dev.txt" in message
