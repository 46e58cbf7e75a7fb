"""The start page, built from the sections the apps register, and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from koers.core.access import ANY, PUBLIC, view_scope
from koers.core.panels import log_sections, start_sections
from koers.core.registry import registry
from koers.core.scoping import memberships


@view_scope(ANY)
@require_GET
def home(request):
    """The start page: every registered start-page section the user may see, in order.

    A user whose only role has a start page of its own (the municipality's figures, the
    administrator's user list) goes there. Every client a section shows is logged.
    """
    user = request.user
    roles = {m.role for m in memberships(user)}
    if not user.is_superuser and len(roles) == 1:
        target = registry["role_start_pages"].get(next(iter(roles)))
        if target:
            return redirect(target)
    sections = start_sections(request)
    log_sections(request, sections)
    return render(request, "core/home.html", {"roles": roles, "panels": sections})


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token (an old page, another site): the Dutch refusal
    page in the normal layout, status 403 (settings.CSRF_FAILURE_VIEW; Django's own page is
    English and has no menu). Called by the CSRF middleware, not through a URL."""
    return render(request, "csrf_failure.html", status=403)


@view_scope(PUBLIC)
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
