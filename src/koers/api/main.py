"""The API under ``/api/v1/``: its routes, its schema at ``schema/``, its docs at ``docs/``.

Every route but the schema and the docs needs a token (``Authorization: Bearer …``);
see docs/api.md.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Swagger

from koers.api import deadlines, errors, figures, jobs_api, records, writes
from koers.api.auth import TokenAuth

DESCRIPTION = """De API van Koers voor partners en dashboards.

Elke aanvraag gaat met een API-sleutel (`Authorization: Bearer <sleutel>`) en ziet precies
wat de persoon van die sleutel in de browser ziet. Records dragen hun `uid` en
`external_id`; lijsten bladeren met `next_cursor`; wijzigen vraagt `If-Match` met de
`ETag` (de versie) van het record. Zie docs/api.md.
"""


URI_TOO_LONG = "Het adres is te lang: de webserver weigert het voordat Koers het ziet."


class KoersAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with ``If-Match`` required on every update (PATCH): the handler answers
        its absence itself, with 428 rather than a validation error. Every operation may
        also get 414 from the server in front of Koers (gunicorn refuses a request line over
        4,094 bytes before Koers sees it), with the server's own body."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for parameter in operations.get("patch", {}).get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "If-Match":
                    parameter["required"] = True
            for operation in operations.values():
                operation["responses"].setdefault("414", {"description": URI_TOO_LONG})
        return schema

    def create_response(self, request: HttpRequest, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return with_rate_headers(request, response)


def with_rate_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The token's budget in every answer (``RateLimit-*``, as the IETF draft names them)."""
    check = getattr(request, "api_rate", None)
    if check is not None:
        response["RateLimit-Limit"] = str(check.limit)
        response["RateLimit-Remaining"] = str(check.remaining)
        response["RateLimit-Reset"] = str(check.retry_after)
    return response


api = KoersAPI(
    title="Koers API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    openapi_url="/schema/",
    # Served from Koers' own static files (``ninja`` in INSTALLED_APPS), never a CDN; no
    # validator badge either (Swagger UI would send the schema's address to swagger.io).
    docs=Swagger(
        settings={"persistAuthorization": False, "tryItOutEnabled": True, "validatorUrl": None}
    ),
    docs_url="/docs/",
)
errors.install(api)

resources = Router()
for resource in records.RESOURCES:
    records.add_routes(resources, resource)
writes.add_routes(resources)
api.add_router("", resources)
api.add_router("", deadlines.router)
api.add_router("", figures.router)
api.add_router("", jobs_api.router)
