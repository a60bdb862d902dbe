"""The Nu HTML Checker (vnu.jar) over a set of pages in one Java run: its errors, per page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.checkers.tools import VNU_JAR, java, required


def errors(pages: dict[str, str], workdir: Path) -> dict[str, list[str]]:
    """{page name: ["line N: message", ...]} for every page with an error; pages is {name: HTML}."""
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = workdir / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    run = subprocess.run(
        [java(), "-Xss4m", "-jar", str(required(VNU_JAR)), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(run.stderr or "{}")
    found: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        url = message.get("url", "")
        name = files.get(url.removeprefix("file:"), url)
        found.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message.get('message')}")
    return found
