"""Lockout after repeated failed logins, keyed on the user name *and* the client address.

Five failures for one (user name, address) pair within 15 minutes refuse that pair
for 15 minutes: a whole branch behind one address is not locked out by one person
mistyping, and a guesser cannot lock out a colleague from another address. A
ceiling of 50 failures an hour per user name, over all addresses, stops guessing
spread over many addresses. The same rules hold whether the user name exists.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import LoginAttempt

PAIR_LIMIT = 5
PAIR_WINDOW = datetime.timedelta(minutes=15)
PAIR_LOCKOUT = datetime.timedelta(minutes=15)
USERNAME_LIMIT = 50
USERNAME_WINDOW = datetime.timedelta(hours=1)
KEPT_FOR = max(PAIR_WINDOW + PAIR_LOCKOUT, USERNAME_WINDOW)
REFUSED_MESSAGE = _("Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.")


def normalised(username: str) -> str:
    """User names are matched case-insensitively, so attempts are counted that way too."""
    return username.strip().lower()[:150]


def pair_locked_until(failures: list[datetime.datetime]) -> datetime.datetime | None:
    """When a pair's lockout ends: 15 minutes after the latest run of 5 failures in 15 minutes."""
    until = None
    ordered = sorted(failures)
    for first, last in zip(ordered, ordered[PAIR_LIMIT - 1 :], strict=False):
        if last - first <= PAIR_WINDOW:
            until = last + PAIR_LOCKOUT
    return until


def is_refused(username: str, address: str | None) -> bool:
    """Whether logins for this user name from this address are refused right now."""
    now = timezone.now()
    name = normalised(username)
    by_name = LoginAttempt.objects.filter(username=name)
    if by_name.filter(at__gt=now - USERNAME_WINDOW).count() >= USERNAME_LIMIT:
        return True
    pair = by_name.filter(address=address, at__gt=now - PAIR_WINDOW - PAIR_LOCKOUT)
    until = pair_locked_until(list(pair.values_list("at", flat=True)))
    return until is not None and until > now


def failure_record(username: str, address: str | None) -> None:
    """Count one failed attempt, and drop the attempts no window needs any more."""
    now = timezone.now()
    LoginAttempt.objects.filter(at__lt=now - KEPT_FOR).delete()
    LoginAttempt.objects.create(username=normalised(username), address=address, at=now)


def failures_clear(username: str, address: str | None) -> None:
    """A completed login from this address forgets the failures made from it."""
    LoginAttempt.objects.filter(username=normalised(username), address=address).delete()
