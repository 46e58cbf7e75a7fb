"""The schema and the documentation page: OpenAPI 3 at ``/api/v1/schema/``, and a page that
works without the internet (Koers' own static files, no CDN, no validator badge)."""

import json
import re

from django.test import Client

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
