"""The writes of privacy: the scheduled retention run and a client's erasure request.

Both end in :func:`koers.privacy.anonymise.anonymise_people`; both respect the same
blockers (:mod:`koers.privacy.terms`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koers.core.actors import SystemActor, User
from koers.core.services import require_write
from koers.people.models import Person
from koers.privacy.anonymise import anonymise_people
from koers.privacy.models import Anonymisation, AnonymisationReason, ErasureRequest
from koers.privacy.terms import blockers_of, due_for_retention

BATCH_SIZE = 200
RETENTION = SystemActor("retention")  # the daily run: the change log's source of its rows


@dataclass
class RetentionResult:
    """What one retention run did: counts per kind of record, and the batches it took."""

    counts: Counter = field(default_factory=Counter)
    batches: int = 0


def retention_run(
    *, today: datetime.date, people: QuerySet | None = None, batch_size: int = BATCH_SIZE
) -> RetentionResult:
    """Anonymise every client due for retention on ``today``; one transaction per batch.

    A failing batch leaves the batches before it done and stops the run; the next
    daily run picks up the rest.
    """
    result = RetentionResult()
    due = list(due_for_retention(today=today, people=people).values_list("pk", flat=True))
    for start in range(0, len(due), batch_size):
        batch = Person.objects.filter(pk__in=due[start : start + batch_size])
        result.counts += anonymise_people(
            list(batch), by=RETENTION, reason=AnonymisationReason.RETENTION
        )
        result.batches += 1
    return result


@transaction.atomic
def erasure_request(
    *, person: Person, reason: str, by: User, today: datetime.date
) -> ErasureRequest:
    """Record a client's request to be erased and answer it: anonymise now, or refuse with why.

    Raises ValidationError for a request that cannot be judged (no reason, already
    anonymised); a refusal is an answer, recorded and returned with ``granted=False``.
    """
    require_write(by, Person, person.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Vul in hoe en wanneer het verzoek binnenkwam.")})
    if Anonymisation.objects.filter(person=person).exists():
        raise ValidationError(_("Deze cliënt is al geanonimiseerd."))
    blockers = blockers_of(person, today=today)
    request = ErasureRequest.objects.create(
        person=person,
        by=by,
        reason=reason,
        granted=not blockers,
        refusal="; ".join(blockers),
    )
    if not blockers:
        anonymise_people([person], by=by, reason=AnonymisationReason.ERASURE)
    return request
