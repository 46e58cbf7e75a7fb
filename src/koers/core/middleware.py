"""Response headers that protect a refugee's file in the browser, and the Dutch page of a
refused method."""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",  # no inline script, no eval
        "style-src 'self' 'unsafe-inline'",  # style attributes in admin and inline SVG
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; ``no-store`` on every page for a logged-in user.

    Pages behind a login show personal data, so no browser or proxy may keep them
    (a shared computer at a walk-in desk is the case this protects).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
        ):
            response.headers["Cache-Control"] = "no-store"
        return response


class MethodNotAllowedPageMiddleware:
    """A request with a method the page does not take (a form posted to a page that only
    shows, an old bookmark of a POST): Django answers 405 with an empty body, which a browser
    shows as its own bare English error. This gives it the Dutch refusal page in the normal
    layout with a way back (templates/405.html), status 405 and its ``Allow`` header kept.
    The API keeps its own answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or request.path.startswith("/api/"):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page
