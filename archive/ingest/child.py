"""A parser run in a child process that a hostile file cannot turn against the importing process.

Both sides of it: the parent (`run_isolated`) starts `python -m <module>` with the file on stdin, the memory cap
as the last argument and a timeout on the clock (cut to the caller's deadline, if any), and reads one JSON answer;
the child (`serve_child`, called from the module's `if __name__ == "__main__"`) caps its address space, reads stdin,
and answers the work's result, its IngestError or its MemoryError as {"error": ...}. pdf_extract.py (the text
layer) and pdf_ocr.py (rendering scanned pages) use it. Pure Python, no Django.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from archive.ingest.types import Deadline, IngestError, OutOfTime

__all__ = ["limit_memory", "run_isolated", "serve_child"]

_ROOT = Path(__file__).resolve().parents[2]  # where `python -m archive...` finds the package


def run_isolated(
    module: str,
    arguments: list[str],
    data: bytes,
    *,
    memory: int,
    timeout: float,
    what: str,
    deadline: Deadline | None = None,
) -> dict:
    """Run ``python -m module *arguments memory`` with ``data`` on stdin; its JSON answer, or IngestError.

    The child is killed after ``timeout`` s, or at ``deadline`` if that comes first (OutOfTime: not the file's fault).
    """
    limit = timeout if deadline is None else min(timeout, deadline.remaining())
    if limit <= 0 and deadline is not None:
        raise OutOfTime(f"{what} was not started: the time for the upload was up")
    command = [sys.executable, "-m", module, *arguments, str(memory)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=limit, cwd=_ROOT, check=False)
    except subprocess.TimeoutExpired:  # subprocess.run has killed the child
        if limit < timeout:
            raise OutOfTime(f"{what} was stopped after {limit:.0f} s: the time for the upload was up") from None
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
