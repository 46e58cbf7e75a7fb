"""The daily digest: one plain-text e-mail per user whose worklist holds something.

Each user's items come from the same scoped worklist as the screen, so a mail never
shows a client the user could not open; it names a client by given name and initial
only, and links to the worklist for the rest. Safe to run daily: it only reads.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from koers.accounts.models import Membership
from koers.core.actors import Actor
from koers.core.scoping import Capability, roles_with
from koers.deadlines.selectors import worklist


def digest_recipients():
    """Active users with an e-mail address and a current role that has a worklist."""
    current = Membership.objects.current().filter(role__in=roles_with(Capability.WORKLIST))
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=current.values("user"))
        .exclude(Q(email="") | Q(email__isnull=True))
        .order_by("pk")
    )


def digest_message(user: Actor, *, on: datetime.date) -> EmailMessage | None:
    """The user's digest for ``on``, or None when nothing is due."""
    work = worklist(user=user, on=on)
    if not work.total:
        return None
    base_url = settings.KOERS_BASE_URL.rstrip("/")
    with translation.override("nl"):
        body = render_to_string(
            "deadlines/digest.txt",
            {"user": user, "worklist": work, "url": base_url + reverse("deadlines:worklist")},
        )
        subject = render_to_string(
            "deadlines/digest_subject.txt", {"worklist": work, "on": on}
        ).strip()
    return EmailMessage(subject=subject, body=body, to=[user.email])


def digest_send(*, on: datetime.date) -> int:
    """Send every recipient their digest for ``on``; the number of e-mails sent."""
    messages = [
        message
        for user in digest_recipients()
        if (message := digest_message(user, on=on)) is not None
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
