"""haystack's Elasticsearch 7 engine (also OpenSearch 1.x), knowing the archive's field types (configure it
as `archive.search.elasticsearch_engine.ArchiveElasticsearch7Engine`; needs elasticsearch>=7,<8).

haystack maps a field type it does not know to analysed text: the exact fields (countries, organisations,
source, year, month, day) must be `keyword` to be filtered and counted as given (aggregations need it),
the date sort key a `long`, the fingerprint stored only.
"""

from __future__ import annotations

from haystack.backends.elasticsearch7_backend import Elasticsearch7SearchBackend, Elasticsearch7SearchEngine


class ArchiveElasticsearch7Backend(Elasticsearch7SearchBackend):
    FIELD_MAPPINGS = {
        **Elasticsearch7SearchBackend.FIELD_MAPPINGS,
        "exact": {"type": "keyword"},
        "sortkey": {"type": "long"},
        "stored": {"type": "keyword", "index": False},
    }


class ArchiveElasticsearch7Engine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearch7Backend
