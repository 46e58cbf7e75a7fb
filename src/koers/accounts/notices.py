"""Mails about a user's login.

A notice after a change to how they log in (ASVS 5.0 V6.3.7), so that a change they did
not make does not go unnoticed: it names what changed, never a secret or a link to act
on. And the invitation to set up the authenticator app, which is such a link: it goes
only to the user's own address, works once and expires.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from koers.accounts.models import User
from koers.core.formatting import moment_text
from koers.core.stored_text import in_default_language

logger = logging.getLogger(__name__)


def in_language_of(user: User):
    """Write to ``user`` in their language (their choice, else Dutch), whoever acts."""
    return translation.override(user.language or settings.LANGUAGE_CODE)


def security_notice(user: User, *, what: str) -> None:
    """Mail ``what`` happened to the user's login, once the change is committed.

    ``what`` is a message in the language of whoever acted; the mail says it in the
    recipient's.
    """
    if not user.email:
        return
    message = in_default_language(what)
    with in_language_of(user):
        subject, body = _security_notice_text(user, _(message))
    _send_after_commit(user, subject, body, what="security notice")


def _security_notice_text(user: User, what: str) -> tuple[str, str]:
    subject = _("Koers: uw inloggegevens zijn gewijzigd")
    body = _(
        "Beste %(name)s,\n\n"
        "%(what)s\n\n"
        "Heeft u dit zelf gedaan, dan hoeft u niets te doen. Zo niet, neem dan meteen contact "
        "op met uw teamleider of de beheerder van Koers.\n\n"
        "Koers, %(foundation)s\n%(url)s\n"
    ) % {
        "name": user.get_full_name() or user.get_username(),
        "what": what,
        "foundation": settings.KOERS_FOUNDATION_NAME,
        "url": settings.KOERS_BASE_URL,
    }
    return subject, body


def invitation_mail(user, *, link: str, expires_at: datetime.datetime) -> None:
    """Mail the invitation link to the user's own address, once the invitation is committed."""
    if not user.email:
        return
    with in_language_of(user):
        subject, body = _invitation_text(user, link=link, expires_at=expires_at)
    _send_after_commit(user, subject, body, what="invitation")


def _invitation_text(user, *, link: str, expires_at: datetime.datetime) -> tuple[str, str]:
    subject = _("Koers: stel uw authenticator-app in")
    body = _(
        "Beste %(name)s,\n\n"
        "Met deze link stelt u de authenticator-app in waarmee u in Koers inlogt "
        "(gebruikersnaam: %(username)s):\n\n%(link)s\n\n"
        "De link werkt één keer en tot %(until)s. Deel hem met niemand. Verwachtte u deze "
        "mail niet, neem dan contact op met uw teamleider of de beheerder van Koers.\n\n"
        "Koers, %(foundation)s\n"
    ) % {
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "link": link,
        "until": moment_text(expires_at),
        "foundation": settings.KOERS_FOUNDATION_NAME,
    }
    return subject, body


def _send_after_commit(user, subject: str, body: str, *, what: str) -> None:
    def send() -> None:
        try:
            send_mail(subject, body, None, [user.email])
        except OSError:
            logger.warning("%s mail could not be sent (user id %s)", what, user.pk)

    transaction.on_commit(send)
