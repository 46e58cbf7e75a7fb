"""The 12-hour maximum of a session, whatever the activity (the 30-minute idle limit is
Django's own ``SESSION_COOKIE_AGE`` with ``SESSION_SAVE_EVERY_REQUEST``); the language of
each request (the user's choice, docs/translations.md)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
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


def chosen_language(request) -> str:
    """The interface language of this request: the user's, else the login page's, else Dutch.

    A logged-in user's saved choice wins; before logging in (or while a user has not chosen)
    the switch on the login page decides, kept in Django's language cookie. The browser's
    Accept-Language is not asked: Dutch stays the default, whatever the browser says
    (docs/translations.md).
    """
    supported = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    saved = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if saved in supported:
        return saved
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in supported:
        return cookie
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the request's language (``chosen_language``) for the view and its templates.

    It replaces Django's ``LocaleMiddleware`` and comes after authentication, so that it
    knows the user. The language is switched back to the default when the response is
    made, so that nothing after the request (a test, a job in the same thread) inherits it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
