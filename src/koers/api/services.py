"""Writes of the API's own records: tokens made, used and revoked; rate-limit counts.

A token is ``koers_`` and 43 random URL-safe characters (256 bits). Only its keyed hash
is stored (HMAC-SHA256 with ``KOERS_API_TOKEN_KEY``, by default the ``SECRET_KEY``): a
stolen database gives no usable token, and checking one is a single indexed lookup.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from koers.accounts.models import User
from koers.api.models import TOKEN_NAME_LENGTH, ApiToken, RateWindow
from koers.core.actors import Actor, SystemActor

TOKEN_PREFIX = "koers_"  # noqa: S105  (the public prefix of every token, not a secret)
SHOWN_PREFIX = 12  # characters kept to recognise a token in a list ("koers_Ab3x9Q")
DEFAULT_DAYS = 90
MAX_DAYS = 366 * 2
LAST_USE_PRECISION = datetime.timedelta(minutes=1)  # at most one write a minute for it


def token_digest(raw: str) -> str:
    key = getattr(settings, "KOERS_API_TOKEN_KEY", "") or settings.SECRET_KEY
    return salted_hmac("koers.api.token", raw, secret=key, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the record, and the secret, shown this once."""

    token: ApiToken
    secret: str


def who(by: Actor) -> str:
    return by.name if isinstance(by, SystemActor) else by.get_username()


def token_create(*, user: User, name: str, days: int = DEFAULT_DAYS, by: Actor) -> NewToken:
    """A new token for ``user``; ``days`` until it expires (1 to two years)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Geef de sleutel een naam.")})
    if len(name) > TOKEN_NAME_LENGTH:
        raise ValidationError(
            {
                "name": _("Deze naam is te lang (hoogstens %(max)s tekens).")
                % {"max": TOKEN_NAME_LENGTH}
            }
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("Een sleutel is 1 tot %(max)s dagen geldig.") % {"max": MAX_DAYS}}
        )
    if not user.is_active:
        raise ValidationError(_("Deze gebruiker is uitgeschakeld."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user,
                name=name,
                prefix=raw[:SHOWN_PREFIX],
                digest=token_digest(raw),
                created_at=now,
                created_by=who(by),
                expires_at=now + datetime.timedelta(days=days),
            )
    except IntegrityError:
        raise ValidationError({"name": _("Er is al een geldige sleutel met deze naam.")}) from None
    return NewToken(token=token, secret=raw)


def token_revoke(*, token: ApiToken, by: Actor) -> ApiToken:
    """Stop the token now (revoking twice keeps the first moment)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def token_authenticate(raw: str, *, now: datetime.datetime | None = None) -> ApiToken | None:
    """The usable token for ``raw`` (its user active), its last use noted (at most once a
    ``LAST_USE_PRECISION``); else None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    now = now or timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@dataclass(frozen=True)
class RateCheck:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends


def rate_count(*, token: ApiToken, now: datetime.datetime | None = None) -> RateCheck:
    """Count one request of ``token`` in the current window, in the database (so every
    server process counts together); ``allowed`` is False past the limit."""
    limit = settings.KOERS_API_RATE_LIMIT
    length = settings.KOERS_API_RATE_WINDOW
    moment = int((now or timezone.now()).timestamp())
    window = moment // length
    retry_after = max(1, (window + 1) * length - moment)
    with transaction.atomic():
        counted = RateWindow.objects.filter(token=token, window=window).update(count=F("count") + 1)
        if not counted:
            RateWindow.objects.filter(token=token, window__lt=window).delete()
            try:
                with transaction.atomic():
                    RateWindow.objects.create(token=token, window=window, count=1)
            except IntegrityError:  # another process opened the window first
                RateWindow.objects.filter(token=token, window=window).update(count=F("count") + 1)
        count = RateWindow.objects.filter(token=token, window=window).values_list(
            "count", flat=True
        )[0]
    return RateCheck(
        allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        retry_after=retry_after,
    )
