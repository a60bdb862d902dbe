"""haystack's Whoosh backend with exact list fields and writes that go through our writer.

haystack's own `update()` joins lists with commas and uses an AsyncWriter; ours keeps lists as
lists and takes the index lock with retry, so `update_index`/`rebuild_index` stay correct too.
"""

from __future__ import annotations

import os
import threading

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_ID
from haystack.exceptions import SkipDocument
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from archive.search.documents import article_document
from archive.search.fields import ArticleIdField, whoosh_field_for
from archive.search.indexes import ArticleIndex

# haystack's SearchIndex keeps the document being prepared on the (shared) index object.
_prepare_lock = threading.Lock()


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def setup(self) -> None:
        from archive.search import storage

        storage.ensure_live_index()
        if self.use_file_storage and os.path.isdir(self.path) and not os.access(self.path, os.W_OK):
            self._setup_read_only()
        else:
            super().setup()

    def _setup_read_only(self) -> None:
        """haystack's setup without its writability check: it refuses an index it cannot write even to
        search it. Reading needs no write access; writes fail later in the writer, and stay queued."""
        from haystack import connections

        self.storage = FileStorage(self.path)
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])
        self.index = self.storage.open_index(schema=self.schema)
        self.setup_complete = True

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            replacement = whoosh_field_for(field.field_type)
            if replacement is not None:
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, replacement)
        schema.remove(DJANGO_ID)
        schema.add(DJANGO_ID, ArticleIdField())
        return content_field_name, schema

    def prepare_document(self, index, obj) -> dict | None:
        """The Whoosh document for a model instance, or None when the index skips it.

        An article's is built directly (`documents.py`), equal to haystack's and several times cheaper.
        """
        if isinstance(index, ArticleIndex):
            doc = article_document(obj)
            if doc is not None:
                return doc
        return self.haystack_document(index, obj)

    def haystack_document(self, index, obj) -> dict | None:
        """The document as haystack prepares it (field by field, the text from its template)."""
        try:
            with _prepare_lock:
                doc = dict(index.full_prepare(obj))
        except SkipDocument:
            return None
        doc.pop("boost", None)
        for key, value in doc.items():
            if isinstance(value, (list, tuple)) and key in self._exact_fieldnames(index):
                doc[key] = list(value)
            else:
                doc[key] = self._from_python(value)
        return doc

    def _exact_fieldnames(self, index) -> set[str]:
        return {f.index_fieldname for f in index.fields.values() if f.field_type == "exact"}

    def update(self, index, iterable, commit=True) -> None:
        from archive.search import writer

        if not self.setup_complete:
            self.setup()
        writer.write_documents(self, index, list(iterable))


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshSearchBackend
