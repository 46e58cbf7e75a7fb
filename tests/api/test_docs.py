"""The schema and the documentation page: OpenAPI 3 at ``/api/v1/schema/``, and a page that
works without the internet (Koers' own static files, no CDN, no validator badge)."""

import json
import re

from django.test import Client

from koers.core.management.commands.serve import REQUEST_LINE_BYTES

RESOURCES = [
    "locations",
    "people",
    "households",
    "dwellings",
    "placements",
    "trajectories",
    "contacts",
    "dossiers",
    "dossier-steps",
    "matches",
    "groups",
    "sessions",
    "enrolments",
    "attendance",
    "staff",
    "deadlines",
    "report-editions",
]


def test_the_schema_is_openapi_3_and_lists_every_resource_the_issue_names(db):
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["version"] == "1"
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"], resource
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_documentation_page_loads_nothing_from_elsewhere(db):
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses and all(a.startswith("/static/") for a in addresses), addresses
    assert "http://" not in page and "https://" not in page
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', page, re.S)[1])
    assert settings["url"] == "/api/v1/schema/" and settings["validatorUrl"] is None


def test_every_address_under_api_that_names_no_route_answers_json_404(db):
    client = Client()
    for path in ("/api/v2/people/", "/api/v1/groups/not-a-uid/", "/api/v1/jobs/a%0Ab/", "/api/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found", path
    assert Client().get("/api/v1/people/").status_code == 401  # a route: asks for a token


def test_every_operation_documents_the_servers_414(db):
    schema = Client().get("/api/v1/schema/").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], (method, path)


def encoded_length(schema: dict) -> int:
    """The most bytes a query value of this schema takes in an address, percent-encoded:
    12 a character (4 bytes of UTF-8), 3 where the pattern allows ASCII only."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    schema = options[0]
    if "enum" in schema:
        return max(len(str(value)) for value in schema["enum"]) * 3
    if schema.get("type") == "integer" or schema.get("format") in {"date", "date-time"}:
        return 40
    assert "maxLength" in schema, schema  # no text without a limit
    ascii_only = "pattern" in schema and schema["pattern"].isascii()
    return schema["maxLength"] * (3 if ascii_only else 12)


def test_the_longest_address_of_every_operation_fits_the_servers_request_line(db):
    schema = Client().get("/api/v1/schema/").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            longest = len(f"{method.upper()} {path.replace('{uid}', 'u' * 36)}? HTTP/1.1") + sum(
                len(p["name"]) + 2 + encoded_length(p["schema"]) for p in query
            )
            assert longest < REQUEST_LINE_BYTES, (method, path, longest)
