"""The 12-hour maximum of a session, whatever the activity (the 30-minute idle limit is
Django's own ``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.login_flow import LOGIN_AT_KEY


class SessionLifetimeMiddleware:
    """End a session ``KOERS_SESSION_MAX_AGE`` seconds after its login, and say so.

    A session without a login moment (made by ``force_login`` in tests) starts
    counting at its first request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(LOGIN_AT_KEY, now)
            if now - started > settings.KOERS_SESSION_MAX_AGE:
                return self.ended(request)
        return self.get_response(request)

    def ended(self, request):
        logout(request)
        hours = settings.KOERS_SESSION_MAX_AGE // 3600
        messages.info(
            request,
            _("U bent na %(hours)s uur automatisch uitgelogd. Log opnieuw in.") % {"hours": hours},
        )
        target = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target["Location"]
            return response
        return target
