"""Contacts on the client's timeline: every conversation, visit or consultation the user
may see (legal hours only for legal roles, as in the file's contacts section)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.contacts.selectors import contacts_of, contacts_to_correct
from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry


def contacts(user: Viewer, person) -> list[TimelineEntry]:
    rows = list(contacts_of(person, user))
    correctable = contacts_to_correct(user, rows)
    file_url = reverse("people:file", kwargs={"person_uid": person.uid})
    entries = []
    for contact in rows:
        topics = ", ".join(str(topic.get_topic_display()) for topic in contact.topics.all())
        with_whom = _("met %(staff)s") % {"staff": contact.staff} if contact.staff else ""
        entries.append(
            TimelineEntry(
                on=contact.date,
                title=_("Contact: %(kind)s") % {"kind": contact.get_kind_display()},
                detail=" · ".join(part for part in (topics, with_whom) if part),
                url=(
                    reverse("contacts:edit", kwargs={"contact_uid": contact.uid})
                    if contact.pk in correctable
                    else file_url
                ),
            )
        )
    return entries
