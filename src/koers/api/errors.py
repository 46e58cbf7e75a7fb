"""The API's answers when a request is not served: one JSON shape, a stable ``code``.

``{"code": "...", "detail": "...", "errors": [{"field": "...", "message": "..."}]}``:
``detail`` says it in Dutch, as the screens do; ``code`` is for programs; ``errors``
locates each refused field (``field`` is ``""`` for the request as a whole).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from koers.core.services import ConflictError, WriteRefused


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    code: str
    detail: str
    errors: list[FieldError] = []


class Stale(Error):
    """412: the record changed since the version the client sent."""

    current_version: int


class ApiProblem(Exception):
    """A refusal with its status, code and message (and headers, e.g. ``Retry-After``)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def not_found(field: str | None = None, message: str = "") -> ApiProblem:
    """404; with ``field``: the body's reference to a record the user may not reach."""
    errors = [{"field": field, "message": message}] if field is not None else None
    return ApiProblem(404, "not_found", _("Niet gevonden."), errors=errors)


def invalid(field: str, message: str) -> ApiProblem:
    """422 for one field of the request."""
    return ApiProblem(
        422, "invalid", _("De aanvraag klopt niet."), errors=[{"field": field, "message": message}]
    )


def read_only() -> ApiProblem:
    return ApiProblem(403, "read_only", _("Uw rol mag dit record lezen, niet wijzigen."))


def field_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": str(message)}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": str(message)} for message in error.messages]


def _location(loc: tuple | list) -> str:
    """pydantic's location of a refused value, without the parameter group ("body", ...)."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] in {"payload", "filters", "data"}:
        parts = parts[1:]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    """Every refusal as :class:`Error` JSON, with the right status."""

    def answer(request: HttpRequest, status: int, body: dict, headers=None) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiProblem)
    def problem(request, exc: ApiProblem):
        body = {"code": exc.code, "detail": exc.detail, "errors": exc.errors}
        return answer(request, exc.status, body, exc.headers)

    @api.exception_handler(Http404)
    def missing(request, exc):
        return answer(
            request, 404, {"code": "not_found", "detail": _("Niet gevonden."), "errors": []}
        )

    @api.exception_handler(WriteRefused)
    def refused(request, exc: WriteRefused):
        """A service's own write check (``core.services.require_write``): the same answer as
        a record the role may read but not change."""
        problem = read_only()
        return answer(request, 403, {"code": problem.code, "detail": problem.detail, "errors": []})

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        body = {"code": "forbidden", "detail": _("Dit mag uw rol niet."), "errors": []}
        return answer(request, 403, body)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        body = {
            "code": "unauthorized",
            "detail": _("Geef een geldige API-sleutel: Authorization: Bearer <sleutel>."),
            "errors": [],
        }
        return answer(request, 401, body, {"WWW-Authenticate": 'Bearer realm="koers"'})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        """Ninja's own refusals (a body that is not JSON): 422 like every invalid request."""
        status = 422 if exc.status_code == 400 else exc.status_code
        body = {
            "code": "invalid",
            "detail": _("De aanvraag klopt niet."),
            "errors": [{"field": "", "message": str(exc)}],
        }
        return answer(request, status, body)

    @api.exception_handler(RequestValidationError)
    def invalid_request(request, exc: RequestValidationError):
        errors = [
            {"field": _location(error.get("loc", ())), "message": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        body = {"code": "invalid", "detail": _("De aanvraag klopt niet."), "errors": errors}
        return answer(request, 422, body)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc: DjangoValidationError):
        body = {"code": "invalid", "detail": _("Niet opgeslagen."), "errors": field_errors(exc)}
        return answer(request, 422, body)

    @api.exception_handler(ConflictError)
    def conflict(request, exc: ConflictError):
        version = int(getattr(exc.current, "version", 0) or 0)
        body = {
            "code": "stale_version",
            "detail": _(
                "Iemand anders heeft dit record intussen gewijzigd (nu versie %(version)s): "
                "haal het opnieuw op en pas uw wijziging daarop toe."
            )
            % {"version": version},
            "errors": [],
            "current_version": version,
        }
        return answer(request, 412, body, {"ETag": etag(version)})


def etag(version: int) -> str:
    return f'"{version}"'
