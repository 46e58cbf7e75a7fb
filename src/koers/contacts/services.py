"""Logging contacts with their topics (one change-log row holds the contact and its topics)."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.coaching.models import Trajectory
from koers.contacts.models import Contact, ContactTopic, Topic
from koers.core import writes
from koers.core.actors import Actor
from koers.core.changes import change_entry, diff, snapshot, subjects_keep
from koers.core.models import ChangeLogEntry, Location
from koers.core.services import ConflictError, require_correct, require_write
from koers.people.models import Person
from koers.staff.models import StaffMember


def _check(
    *,
    person: Person | None,
    location: Location,
    trajectory: Trajectory | None,
    topics: Sequence[str],
) -> None:
    if person is not None and person.location_id != location.pk:
        raise ValidationError(_("Deze cliënt hoort bij een andere locatie."))
    if trajectory is not None and trajectory.person_id != getattr(person, "pk", None):
        raise ValidationError({"trajectory": _("Dit traject hoort niet bij deze cliënt.")})
    unknown = set(topics) - set(Topic.values)
    if unknown:
        raise ValidationError(_("Onbekend onderwerp: %(codes)s") % {"codes": ", ".join(unknown)})


def _authors(contact: Contact) -> list[int]:
    """Who the contact was with is its author (the staff record's login)."""
    return [contact.staff.user_id] if contact.staff and contact.staff.user_id else []


def _topics(contact: Contact) -> list[str]:
    return sorted(contact.topics.values_list("topic", flat=True))


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    kind: str,
    date: datetime.date,
    trajectory: Trajectory | None,
    note: str,
    expected_version: int,
    by: Actor,
    topics: Sequence[str] | None = None,
    visitor_ref: str | None = None,
    venue: str | None = None,
) -> Contact:
    """Correct a contact (kind, date, trajectory, topics, note; ``None``: as it is): its
    author or the team leader; the change log holds the fields and topics before and
    after, in one row. The client and branch stay: a contact about someone else is new."""
    fresh = (
        Contact.objects.select_for_update(of=("self",)).select_related("staff").get(pk=contact.pk)
    )
    require_write(by, Contact, fresh.pk)
    require_correct(by, fresh, location=fresh.location, authors=_authors(fresh))
    if fresh.version != expected_version:
        raise ConflictError(fresh, {"kind": kind, "date": date, "note": note})
    codes = _topics(fresh) if topics is None else sorted(set(topics))
    _check(person=fresh.person, location=fresh.location, trajectory=trajectory, topics=codes)
    before = {**snapshot(fresh), "topics": _topics(fresh)}
    fresh.kind, fresh.date, fresh.trajectory, fresh.note = kind, date, trajectory, note
    if visitor_ref is not None and fresh.person_id is None:
        fresh.visitor_ref = visitor_ref
    if venue is not None:
        fresh.venue = venue
    fresh.full_clean()
    changes = diff(before, {**snapshot(fresh), "topics": codes})
    if not changes:
        return fresh
    fresh.version = F("version") + 1
    fresh.updated_at = timezone.now()
    with writes.changing(Contact, [fresh.pk]):  # its topics count where it does
        fresh.save()
        fresh.refresh_from_db()
        if "topics" in changes:
            fresh.topics.all().delete()
            ContactTopic.objects.bulk_create(ContactTopic(contact=fresh, topic=c) for c in codes)
    require_write(by, Contact, fresh.pk)  # still the user's after the change
    change_entry(fresh, ChangeLogEntry.Action.UPDATE, by=by, changes=changes).save()
    return fresh


@transaction.atomic
def contact_delete(*, contact: Contact, expected_version: int, by: Actor) -> None:
    """Delete a contact logged by mistake: its author or the team leader. Published
    editions keep their figures (``reports.PublishedReport`` is frozen); the report shows
    the difference since publication."""
    fresh = (
        Contact.objects.select_for_update(of=("self",)).select_related("staff").get(pk=contact.pk)
    )
    require_write(by, Contact, fresh.pk)
    require_correct(by, fresh, location=fresh.location, authors=_authors(fresh))
    if fresh.version != expected_version:
        raise ConflictError(fresh, {})
    topics = _topics(fresh)
    subjects_keep(fresh)
    change_entry(
        fresh,
        ChangeLogEntry.Action.DELETE,
        by=by,
        changes=diff({**snapshot(fresh), "topics": topics}, {}),
    ).save()
    with writes.deleting(Contact, [fresh.pk]):
        fresh.delete()


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
    _check(person=person, location=location, trajectory=trajectory, topics=topics)
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
    writes.created(Contact, [contact.pk])  # its topics count where it does
    change_entry(
        contact,
        ChangeLogEntry.Action.CREATE,
        by=by,
        changes=diff({}, {**snapshot(contact), "topics": codes}),
    ).save()
    return contact
