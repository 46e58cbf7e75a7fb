"""Enrolments in groups on the client's timeline: enrolled and left."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.groups.models import Enrolment, Group


def enrolments(user: Viewer, person) -> list[TimelineEntry]:
    rows = list(Enrolment.objects.for_user(user).filter(person=person).select_related("group"))
    # a link only to the groups the user may open (a volunteer: the groups they run)
    openable = set(
        Group.objects.for_user(user)
        .filter(pk__in={row.group_id for row in rows})
        .values_list("pk", flat=True)
    )
    entries = []
    for enrolment in rows:
        group = enrolment.group
        name = group.get_program_display()
        if group.level:
            name = f"{name} ({group.get_level_display()})"
        url = (
            reverse("groups:group_detail", kwargs={"group_uid": group.uid})
            if group.pk in openable
            else ""
        )
        entries.append(
            TimelineEntry(
                on=enrolment.enrolled_on,
                title=_("Ingeschreven in groep: %(group)s") % {"group": name},
                url=url,
            )
        )
        if enrolment.left_on:
            entries.append(
                TimelineEntry(
                    on=enrolment.left_on,
                    title=_("Uitgeschreven uit groep: %(group)s") % {"group": name},
                    url=url,
                    rank=1,
                )
            )
    return entries
