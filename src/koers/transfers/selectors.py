"""Reading transfers: the ones a team leader's branches offered or were offered.

A transfer is read by the team leaders (``transfer``) of either side. Who it moves is
shown to the offering side until the move, to the receiving side while the offer is
pending (it must know whom it accepts) and after it accepted; after the move the old
branch keeps only the record of the move (when, to which branch, how many people, who
decided), and after a decline or revoke the receiving side the same (``shows_people``).
"""

from typing import Any

from django.db.models import Count, Q, QuerySet

from koers.core.actors import Actor
from koers.core.scoping import Capability, capability_q, is_system, may
from koers.people.models import Person
from koers.transfers.models import Transfer, TransferPerson, TransferState

RELATED = ("from_location", "to_location", "offered_by", "decided_by", "revoked_by")


def transfers_for(user: Actor) -> QuerySet[Transfer]:
    """The transfers from or to a branch where the user holds ``transfer``."""
    queryset = Transfer.objects.select_related(*RELATED).annotate(size=Count("moved"))
    if is_system(user):
        return queryset
    return queryset.filter(
        capability_q(user, Capability.TRANSFER, "from_location")
        | capability_q(user, Capability.TRANSFER, "to_location")
    )


def transfer_list(user: Actor, state: str = "", direction: str = "") -> QuerySet[Transfer]:
    """The transfers list: ``state`` one of :class:`TransferState`, ``direction``
    ``in`` (to the user's branches) or ``out`` (offered by them)."""
    queryset = transfers_for(user)
    if state:
        queryset = queryset.filter(state=state)
    if direction == "in" and not is_system(user):
        queryset = queryset.filter(capability_q(user, Capability.TRANSFER, "to_location"))
    if direction == "out" and not is_system(user):
        queryset = queryset.filter(capability_q(user, Capability.TRANSFER, "from_location"))
    return queryset


def with_members(user: Actor, transfers: list[Any]) -> None:
    """Per transfer ``incoming``, ``names`` (:func:`shows_people`) and, where it names
    people, ``members`` (oldest first): every transfer's people in one query."""
    by_transfer = {}
    for transfer in transfers:
        transfer.incoming = is_receiver(user, transfer)
        transfer.names = shows_people(user, transfer)
        transfer.members = []
        if transfer.names:
            by_transfer[transfer.pk] = transfer
    if not by_transfer:
        return
    links = (
        TransferPerson.objects.filter(transfer__in=by_transfer)
        .select_related("person")
        .order_by("person__birth_date", "person__pk")
    )
    for link in links:
        by_transfer[link.transfer_id].members.append(link.person)


def incoming(user: Actor) -> QuerySet[Transfer]:
    """Offers to the user's branches that wait for an answer, oldest first."""
    return (
        transfers_for(user)
        .filter(capability_q(user, Capability.TRANSFER, "to_location"))
        .filter(state=TransferState.PENDING)
        .order_by("offered_at", "pk")
    )


def is_receiver(user: Actor, transfer: Transfer) -> bool:
    return may(user, Capability.TRANSFER, location=transfer.to_location)


def is_offerer(user: Actor, transfer: Transfer) -> bool:
    return may(user, Capability.TRANSFER, location=transfer.from_location)


def shows_people(user: Actor, transfer: Transfer) -> bool:
    """Whether the user sees who the transfer moves (see the module)."""
    if is_receiver(user, transfer) and transfer.state in (
        TransferState.PENDING,
        TransferState.ACCEPTED,
    ):
        return True
    return is_offerer(user, transfer) and transfer.state != TransferState.ACCEPTED


def people_of(transfer: Transfer) -> list[Person]:
    return list(Person.objects.filter(moves__transfer=transfer).order_by("birth_date", "pk"))


def moves_of(person: Person) -> QuerySet[Transfer]:
    """The accepted moves of the person, oldest first (the file's history)."""
    return (
        Transfer.objects.filter(moved__person=person, state=TransferState.ACCEPTED)
        .select_related(*RELATED)
        .order_by("moved_on", "pk")
    )


def pending_of(person: Person) -> Transfer | None:
    return (
        Transfer.objects.filter(
            Q(household_id=person.household_id) | Q(moved__person=person),
            state=TransferState.PENDING,
        )
        .select_related(*RELATED)
        .distinct()
        .first()
    )
