"""A parser run in a child process that a hostile file cannot turn against the importing process.

Both sides of it: the parent (`run_isolated`) starts `python -m <module>` with the file on stdin, the memory cap
as the last argument and a timeout on the clock, and reads one JSON answer; the child (`serve_child`, called from
the module's `if __name__ == "__main__"`) caps its address space, reads stdin, and answers the work's result, its
IngestError or its MemoryError as {"error": ...}. pdf_extract.py (the text layer) and pdf_ocr.py (rendering
scanned pages) use it. Pure Python, no Django.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from archive.ingest.types import IngestError

__all__ = ["limit_memory", "run_isolated", "serve_child"]

_ROOT = Path(__file__).resolve().parents[2]  # where `python -m archive...` finds the package


def run_isolated(module: str, arguments: list[str], data: bytes, *, memory: int, timeout: float, what: str) -> dict:
    """Run ``python -m module *arguments memory`` with ``data`` on stdin; its JSON answer, or IngestError."""
    command = [sys.executable, "-m", module, *arguments, str(memory)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, cwd=_ROOT, check=False)
    except subprocess.TimeoutExpired:
        raise IngestError(f"{what} did not finish in {timeout:g} s; split it") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise IngestError(f"broken PDF: {what} failed (exit status {done.returncode}: {last[:200]})") from None
    if "error" in answer:
        raise IngestError(answer["error"])
    return answer


def limit_memory(limit: int) -> None:
    """In a child: cap its address space, so a hostile file raises MemoryError instead of taking the host's."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve_child(work: Callable[[bytes, list[str]], dict], *, out_of_memory: str) -> None:
    """The child's side: `work(stdin's bytes, the arguments before the memory cap)` answered as JSON on stdout.

    ``out_of_memory`` is the message for a MemoryError, with ``{mib}`` standing for the cap in MiB.
    """
    *arguments, memory = sys.argv[1:]
    limit_memory(int(memory))
    data = sys.stdin.buffer.read()
    try:
        answer = work(data, arguments)
    except IngestError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": out_of_memory.format(mib=int(memory) // 1024**2)}
    sys.stdout.write(json.dumps(answer))
