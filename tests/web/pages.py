"""Reading the site's pages in a test: a page's HTML, a search page's count."""

from __future__ import annotations

import re


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def result_count(client, url: str) -> int:
    heading = re.search(r'id="results-heading"[^>]*>\s*([\d,]+) article', html_of(client, url))
    return int(heading.group(1).replace(",", ""))
