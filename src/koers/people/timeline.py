"""Placements on the client's timeline: each time the client was housed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.people.models import Placement


def placements(user: Viewer, person) -> list[TimelineEntry]:
    url = reverse("people:file", kwargs={"person_uid": person.uid}) + "#household"
    entries = []
    rows = Placement.objects.for_user(user).filter(person=person).select_related("dwelling")
    for placement in rows:
        dwelling = placement.dwelling
        address = " ".join(part for part in (dwelling.postcode, dwelling.house_number) if part)
        entries.append(
            TimelineEntry(
                on=placement.housed_on,
                title=(
                    _("Gehuisvest: %(address)s") % {"address": address}
                    if address
                    else _("Gehuisvest")
                ),
                detail="" if placement.counts_for_quota else _("telt niet voor de taakstelling"),
                url=url,
            )
        )
    return entries
