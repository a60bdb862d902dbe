"""GET /api/concordance/: a search's key words in context, as /concordance/ shows them."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status

from archive import conditional
from archive.api.core import LIMITED, described, errors
from archive.api.schemas import Concordance
from archive.api.search import SearchFilters
from archive.concordance import concordance, concordance_dict

router = Router(tags=["search"])


class ConcordanceQuery(SearchFilters):
    sort: str | None = Field(
        None, description="The order the stories are read in: relevance, newest or oldest (as the search's)."
    )
    versions: str | None = Field(None, description="all: read every version of a story (default: each story once).")
    context: str | None = Field(
        None, json_schema_extra={"example": "8"}, description="Words each side of a keyword, 2 to 25 (default 8)."
    )
    by: str | None = Field(
        None,
        json_schema_extra={"example": "right"},
        description="article (the search's order, then the text's; default), left or right (the words before or "
        "after, nearest first), or keyword.",
    )


@router.get(
    "/concordance/",
    response={200: Concordance, 304: None, 400: Concordance, **errors(412, *LIMITED, 503)},
    operation_id="concordance",
    summary="A search's key words in context",
    url_name="concordance",
    openapi_extra=described(retry_after=(*LIMITED, 503)),
)
@decorate_view(conditional.kept_until_change(keep=False))  # as the page: 304s, nothing kept in memory
def concordance_lines(request: HttpRequest, filters: Query[ConcordanceQuery]):
    """Each place the query's words occur in the text of the search's first stories (as many as the page reads),
    with the words before and after it; a phrase counts where its words stand together, and words side by side are
    one keyword. A query that cannot be run, or one without words to look for (a filter alone), answers 400 with
    the same body, its `error` saying why. Every line of every article is in the CSV at `csv_url`."""
    # `filters` describes the parameters; the page's service reads the request itself, as the page does.
    body = concordance_dict(concordance(request.GET), request.build_absolute_uri)
    return Status(400 if body["error"] else 200, body)
