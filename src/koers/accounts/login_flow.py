"""The two steps of a login, held together by the session.

The password step does not log in: it remembers the user as *pending* for a few
minutes (with their session hash, so a password change or 2FA reset in between
voids it). Only the second step, a code from the app or a recovery code, calls
``login()``, stamps the login moment (for the 12-hour maximum) and records the
login in the user's history.
"""

import datetime
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme

from koers.accounts import lockout
from koers.accounts.models import User
from koers.accounts.services import login_event_record

PENDING_KEY = "koers_pending_login"
LOGIN_AT_KEY = "koers_login_at"
RECOVERY_CODES_KEY = "koers_recovery_codes"
PENDING_FOR = datetime.timedelta(minutes=5)


def client_address(request) -> str | None:
    """The address of the client, for the lockout and the login history.

    ``REMOTE_ADDR`` is the peer of the application server. Behind a reverse proxy that
    is the proxy itself, so when the peer is one of ``KOERS_TRUSTED_PROXIES`` the
    address is the right-most entry of ``X-Forwarded-For`` that no trusted proxy
    added (entries further left are the client's own to forge).
    """
    address = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.KOERS_TRUSTED_PROXIES)
    if address in trusted:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed([hop.strip() for hop in forwarded if hop.strip()]):
            if hop not in trusted:
                address = hop
                break
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def pending_start(request, user: User, *, next_url: str) -> None:
    """After the right password: a fresh session key, and the user waiting for step two."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
        "hash": user.get_session_auth_hash(),
        "until": (timezone.now() + PENDING_FOR).timestamp(),
        "next": next_url,
    }


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def pending_user(request):
    """The user between the two steps, or ``None`` (none, expired, or changed since)."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if pending["until"] < timezone.now().timestamp():
        pending_clear(request)
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), pending["hash"]):
        pending_clear(request)
        return None
    user.backend = pending["backend"]
    return user


def pending_next(request) -> str:
    return request.session.get(PENDING_KEY, {}).get("next") or settings.LOGIN_REDIRECT_URL


def login_complete(request, user: User, *, method: str) -> str:
    """Log the pending user in after their second factor; where they go next."""
    next_url = pending_next(request)
    pending_clear(request)
    login(request, user, backend=user.backend)  # type: ignore[attr-defined]
    request.session[LOGIN_AT_KEY] = timezone.now().timestamp()
    address = client_address(request)
    lockout.failures_clear(user.get_username(), address)
    login_event_record(
        user=user,
        address=address,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        method=method,
    )
    return next_url
