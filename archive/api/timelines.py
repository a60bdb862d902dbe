"""GET /api/timeline/: a search month by month, compared with other queries, as /timeline/ shows it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router
from ninja.decorators import decorate_view
from ninja.responses import Status

from archive import conditional
from archive.api.core import LIMITED, described, errors
from archive.api.schemas import Timeline
from archive.api.search import SearchFilters
from archive.timelines import timeline_dict, timeline_page

router = Router(tags=["search"])


class TimelineQuery(SearchFilters):
    compare: list[str] = Field(
        [],
        json_schema_extra={"example": ["gold OR silver"]},
        description="Another query, under the same filters, counted over the same months; repeat for up to 4.",
    )


@router.get(
    "/timeline/",
    response={200: Timeline, 304: None, 400: Timeline, **errors(412, *LIMITED, 503)},
    operation_id="timeline",
    summary="A search month by month",
    url_name="timeline",
    openapi_extra=described(retry_after=(*LIMITED, 503)),
)
@decorate_view(conditional.kept_until_change)
def timeline(request: HttpRequest, filters: Query[TimelineQuery]):
    """The search's articles each month from its first month to its last, each with all the archive's articles
    that month and the share they are (its attention over time); with `compare`, up to four other queries' over the
    same months. The counts are the search's date facet by month: a month's count is that month's search's total.
    A query that cannot be run answers 400 with the same body, its `error` saying why."""
    # `filters` describes the parameters; the page's service reads the request itself, as the page does.
    body = timeline_dict(timeline_page(request.GET), request.build_absolute_uri)
    return Status(400 if body["error"] else 200, body)
