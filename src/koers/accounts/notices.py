"""A mail to the user after a change to how they log in (ASVS 5.0 V6.3.7), so that a change
they did not make does not go unnoticed. The mail names what changed, never a secret."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.models import User

logger = logging.getLogger(__name__)


def security_notice(user: User, *, what: str) -> None:
    """Mail ``what`` happened to the user's login, once the change is committed."""
    if not user.email:
        return
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

    def send() -> None:
        try:
            send_mail(subject, body, None, [user.email])
        except OSError:
            logger.warning("security notice mail could not be sent (user id %s)", user.pk)

    transaction.on_commit(send)
