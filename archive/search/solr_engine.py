"""haystack's Solr engine, knowing the archive's field types (configure it as
`archive.search.solr_engine.ArchiveSolrEngine`; needs pysolr).

haystack's `build_solr_schema` makes every field it does not know analysed English text (`text_en`): the
exact fields (countries, organisations, source, year, month, day) must be `string` and multi-valued to
be filtered and counted as given, and the date sort key a `long`.
"""

from __future__ import annotations

from haystack.backends.solr_backend import SolrEngine, SolrSearchBackend

SOLR_TYPES = {"exact": ("string", "true"), "sortkey": ("long", "false"), "stored": ("string", "false")}


class ArchiveSolrSearchBackend(SolrSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema_fields = super().build_schema(fields)
        types = {field.index_fieldname: field.field_type for field in fields.values()}
        for field in schema_fields:
            solr_type = SOLR_TYPES.get(types.get(field["field_name"], ""))
            if solr_type is not None:
                field["type"], field["multi_valued"] = solr_type
        return content_field_name, schema_fields


class ArchiveSolrEngine(SolrEngine):
    backend = ArchiveSolrSearchBackend
