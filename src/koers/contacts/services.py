"""Logging contacts with their topics (one change-log row holds the contact and its topics)."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic, Topic
from koers.core.actors import Actor
from koers.core.changes import change_entry, diff, snapshot
from koers.core.models import ChangeLogEntry, Location
from koers.core.services import record_update, require_write
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


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    expected_version: int,
    by: Actor,
    topics: Sequence[str] | None = None,
    **fields: Any,
) -> Contact:
    """Change a contact's details and (``topics`` given) its topics; ConflictError if someone
    saved in between. The client and branch stay: a contact about someone else is a new one."""
    if set(fields) & {"location", "person", "visitor_ref"}:
        raise ValidationError(_("De cliënt en locatie van een contact veranderen niet."))
    trajectory = fields.get("trajectory", contact.trajectory)
    if trajectory is not None and trajectory.person_id != contact.person_id:
        raise ValidationError({"trajectory": _("Dit traject hoort niet bij deze cliënt.")})
    unknown = set(topics or ()) - set(Topic.values)
    if unknown:
        raise ValidationError(_("Onbekend onderwerp: %(codes)s") % {"codes": ", ".join(unknown)})
    updated = record_update(contact, by=by, expected_version=expected_version, **fields)
    if topics is None:
        return updated
    before = sorted(updated.topics.values_list("topic", flat=True))
    codes = sorted(set(topics))
    if codes == before:
        return updated
    updated.topics.all().delete()
    ContactTopic.objects.bulk_create(ContactTopic(contact=updated, topic=code) for code in codes)
    if updated.version == expected_version:  # only the topics changed: still a new version
        Contact.objects.filter(pk=updated.pk).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        updated.refresh_from_db()
    change_entry(
        updated, ChangeLogEntry.Action.UPDATE, by=by, changes={"topics": [before, codes]}
    ).save()
    return updated
