"""Logging contacts with their topics (one change-log row holds the contact and its topics)."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic, Topic
from koers.core.actors import Actor
from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import ChangeLogEntry, Location
from koers.core.services import require_write
from koers.people.models import Person
from koers.staff.models import StaffMember


@transaction.atomic
def contact_log(
    *,
    location: Location,
    kind: str,
    date: datetime.date,
    by: Actor,
    person: Person | None = None,
    visitor_ref: str = "",
    trajectory: Trajectory | None = None,
    staff: StaffMember | None = None,
    topics: Sequence[str] = (),
    note: str = "",
    venue: str = "",
) -> Contact:
    """Record one conversation, visit or consultation and what it was about."""
    if person is not None and person.location_id != location.pk:
        raise ValidationError(_("Deze cliënt hoort bij een andere locatie."))
    if trajectory is not None and trajectory.person_id != getattr(person, "pk", None):
        raise ValidationError(_("Dit traject hoort niet bij deze cliënt."))
    unknown = set(topics) - set(Topic.values)
    if unknown:
        raise ValidationError(_("Onbekend onderwerp: %(codes)s") % {"codes": ", ".join(unknown)})
    contact = Contact(
        location=location,
        kind=kind,
        date=date,
        person=person,
        visitor_ref=visitor_ref,
        trajectory=trajectory,
        staff=staff,
        note=note,
        venue=venue,
    )
    contact.full_clean()
    contact.save()
    require_write(by, Contact, contact.pk)  # refused: rolled back, nothing stays
    codes = sorted(set(topics))
    ContactTopic.objects.bulk_create(ContactTopic(contact=contact, topic=code) for code in codes)
    change_entry(
        contact,
        ChangeLogEntry.Action.CREATE,
        by=by,
        changes=diff({}, {**snapshot(contact), "topics": codes}),
    ).save()
    return contact
