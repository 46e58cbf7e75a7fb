"""The daily digest: one plain-text e-mail per user whose worklist holds something.

Each user's items come from the same scoped worklist as the screen, so a mail never
shows a client the user could not open; it names a client by given name and initial
only, and links to the worklist for the rest. Each digest sent is recorded (a
:class:`~koers.deadlines.models.Digest`: the day, the moment, the items), and a user gets
one per day: running it twice on a day mails nobody twice. The record is claimed before
the mail goes and dropped if it cannot be sent, so two runs at once cannot both send
and a failed mail is sent by the next run. It is written in the user's language (their
choice on the account page; Dutch when they made none).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Membership
from koers.accounts.notices import in_language_of
from koers.core.actors import Actor
from koers.core.scoping import Capability, roles_with
from koers.deadlines.models import Digest
from koers.deadlines.selectors import Worklist, my_worklist_locations, worklist

KEPT_DAYS = 90
logger = logging.getLogger(__name__)


def digest_recipients():
    """Active users with an e-mail address and a current role that has a worklist."""
    current = Membership.objects.current().filter(role__in=roles_with(Capability.WORKLIST))
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=current.values("user"))
        .exclude(Q(email="") | Q(email__isnull=True))
        .order_by("pk")
    )


def digest_items(work: Worklist) -> list[dict]:
    """What a digest held, as references (no names): kept with the digest."""
    return [
        {
            "group": group,
            "rule": item.rule,
            "rule_name": item.rule_name,
            "detail": item.detail,
            "due_on": item.due_on.isoformat(),
            "person": item.person_pk,
            "record": item.record_uid,
            "anchor": item.html_id,
        }
        for group, items in work.groups
        for item in items
    ]


def digest_message(
    user: Actor, *, on: datetime.date, work: Worklist | None = None
) -> EmailMessage | None:
    """The user's digest for ``on``, or None when nothing is due."""
    work = work or worklist(user=user, on=on, locations=my_worklist_locations(user))
    if not work.total:
        return None
    base_url = settings.KOERS_BASE_URL.rstrip("/")
    with in_language_of(user):
        body = render_to_string(
            "deadlines/digest.txt",
            {"user": user, "worklist": work, "url": base_url + reverse("deadlines:worklist")},
        )
        subject = render_to_string(
            "deadlines/digest_subject.txt", {"worklist": work, "on": on}
        ).strip()
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _claim(user, on: datetime.date, items: list[dict]) -> Digest | None:
    """The user's digest record for the day, or None when one exists (sent already)."""
    try:
        with transaction.atomic():
            return Digest.objects.create(user=user, on=on, items=items, sent_at=timezone.now())
    except IntegrityError:
        return None


def digest_send(*, on: datetime.date) -> tuple[int, int]:
    """Send every recipient their digest for ``on`` unless they had it; (sent, had it)."""
    Digest.objects.filter(on__lt=on - datetime.timedelta(days=KEPT_DAYS)).delete()
    had = set(Digest.objects.filter(on=on).values_list("user_id", flat=True))
    sent = 0
    connection = get_connection()
    for user in digest_recipients().exclude(pk__in=had):
        work = worklist(user=user, on=on, locations=my_worklist_locations(user))
        message = digest_message(user, on=on, work=work)
        if message is None:
            continue
        claimed = _claim(user, on, digest_items(work))
        if claimed is None:
            had.add(user.pk)
            continue
        try:
            delivered = connection.send_messages([message])
        except OSError:
            delivered = 0
        if not delivered:
            claimed.delete()  # not sent: the next run tries again
            logger.warning("digest mail could not be sent (user id %s)", user.pk)
            continue
        sent += 1
    return sent, len(had)
