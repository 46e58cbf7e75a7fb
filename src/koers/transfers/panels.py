"""The transfers on the client file, the offers waiting on a team leader's start page, and
the menu entry of the list."""

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.panels import Section
from koers.core.scoping import Capability, may
from koers.transfers import selectors
from koers.transfers.models import TransferPerson


def person_panel(request, person) -> Section | None:
    """The moves of the client ("overgedragen van X op <datum>"), a pending offer, and for
    the team leader the buttons to offer the household and to export it."""
    user = request.user
    moves = list(selectors.moves_of(person))
    pending = selectors.pending_of(person)
    may_transfer = may(user, Capability.TRANSFER, location=person.location)
    may_export = may(user, Capability.EXCHANGE, location=person.location)
    if not (moves or pending or may_transfer or may_export):
        return None
    return Section(
        title=_("Overdracht"),
        template="transfers/person_panel.html",
        context={
            "person": person,
            "moves": moves,
            "pending": pending,
            "may_transfer": may_transfer and pending is None,
            "may_export": may_export,
        },
        clients=[person],
        order=90,
    )


def home_panel(request) -> Section | None:
    """Offers to the team leader's branches that wait for an answer."""
    user = request.user
    if not may(user, Capability.TRANSFER):
        return None
    waiting = list(selectors.incoming(user)[:10])
    if not waiting:
        return None
    members = {}
    for link in TransferPerson.objects.filter(transfer__in=waiting).select_related("person"):
        members.setdefault(link.transfer_id, []).append(link.person)
    for transfer in waiting:
        transfer.members = sorted(members.get(transfer.pk, []), key=lambda p: (p.birth_date, p.pk))
    return Section(
        title=_("Overdrachten om te beoordelen"),
        template="transfers/home_panel.html",
        context={"waiting": waiting},
        clients=[person for people in members.values() for person in people],
        what=_("overdrachten"),
        order=12,
    )


def nav_link(request) -> dict | None:
    if not may(request.user, Capability.TRANSFER):
        return None
    return {"label": _("Overdrachten"), "url": reverse("transfers:list"), "order": 85}
