"""html-metadata, the scraper Wikipedia's Citoid runs on a page it is asked to cite, over our pages' HTML.

It reads Highwire Press, Dublin Core, PRISM, Open Graph, JSON-LD and the rest from the <head>; what it returns is
what a reader's citation tool gets from the page.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.checkers.tools import HTML_METADATA, INSTALL, required

_SCRIPT = """
const scrape = require(process.argv[1]);
let html = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { html += chunk; });
process.stdin.on("end", () => scrape.loadFromString(html).then((found) => process.stdout.write(JSON.stringify(found))));
"""


def scraped(html: str) -> dict:
    """{"highwirePress": {...}, "dublinCore": {...}, "prism": {...}, "jsonLd": {...}, "openGraph": {...}, ...}"""
    node = shutil.which("node")
    if not node:
        pytest.fail(f"node is not installed: {INSTALL}")
    run = subprocess.run(
        [node, "-e", _SCRIPT, str(required(HTML_METADATA))],
        input=html, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)
