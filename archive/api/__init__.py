"""The JSON API under /api/ (django-ninja), described by /api/openapi.json (OpenAPI 3.1).

core.py holds the one NinjaAPI instance and the error shapes, schemas.py the response schemas; each group of
operations is a Router in its own module, mounted here. To add one: write the Router in a new module (see
search.py), list every status it can answer in `response=` (`errors(...)` for the error bodies, `LIMITED` for
the rate limit's 429), and add it below.
"""

from archive.api import articles, batch, concordance, entities, exports, search, timelines
from archive.api.core import api

api.add_router("", search.router)
api.add_router("", exports.router)
api.add_router("", articles.router)
api.add_router("", entities.router)
api.add_router("", batch.router)
api.add_router("", timelines.router)
api.add_router("", concordance.router)

__all__ = ["api"]
