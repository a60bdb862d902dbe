"""The recipe for a new operation (archive/api/__init__.py, README): a streamed, non-JSON download is documented
with its media types, its errors as JSON, and ninja hands the view's StreamingHttpResponse through untouched."""

import json

from django.http import StreamingHttpResponse
from ninja import Router
from ninja.testing import TestClient
from openapi_spec_validator import validate

from archive.api.core import LIMITED, ArchiveAPI, described, errors


def export_router() -> Router:
    router = Router(tags=["export"])

    @router.get(
        "/things/export",
        response=errors(400, *LIMITED, 503),  # no 200 here: the view returns the response itself
        openapi_extra=described(
            retry_after=(*LIMITED, 503),
            files={"text/csv": "UTF-8 CSV with a header row", "application/x-ndjson": "one JSON object a line"},
        ),
        operation_id="export_things",
        url_name="export-things",
    )
    def export(request, format: str = "csv"):
        rows = (f"{n},thing {n}\r\n" for n in range(3))
        return StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")

    return router


def test_a_streamed_download_is_documented_with_its_media_types():
    # GIVEN an operation written as the recipe says, on an API like ours
    recipe = ArchiveAPI(title="recipe", urls_namespace="recipe", docs_url=None, openapi_url=None)
    recipe.add_router("", export_router())
    # WHEN its document is built THEN it is valid OpenAPI 3.1, the 200 lists the media types, errors are JSON
    document = json.loads(json.dumps(recipe.get_openapi_schema(path_prefix="/api/")))
    validate(document)
    operation = document["paths"]["/api/things/export"]["get"]
    assert set(operation["responses"]) == {"200", "400", "429", "503"}
    assert set(operation["responses"]["200"]["content"]) == {"text/csv", "application/x-ndjson"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert [p["name"] for p in operation["parameters"]] == ["format"]


def test_ninja_passes_the_stream_through():
    response = TestClient(export_router()).get("/things/export?format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    assert response.content == b"0,thing 0\r\n1,thing 1\r\n2,thing 2\r\n"
