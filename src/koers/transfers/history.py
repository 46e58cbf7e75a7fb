"""Which branch a client (or a household) belonged to on a day, after moves between branches.

A person's records that carry no branch of their own (trajectories, dossiers, matches,
civic-integration plans, the participation statement) belong to the person's branch, and
a household's first housing to the household's. A move changes that branch from its day
on; the figures of a period count such a record at the branch that had the client on the
period's **last day**: so every figure of a period before a move stays what it was for
both branches, and the period of the move counts the client at the new branch.

On a day, a person's branch is the ``from_location`` of their first accepted move after
that day, or, without one, their branch now. The moves are few: both conditions are
semi-joins on the small table of moved people, and the common case (never moved) keeps
the index on the branch.
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from koers.transfers.models import Transfer, TransferPerson, TransferState

Moved = TransferPerson


def _moved_after(day: datetime.date):
    return Moved.objects.filter(
        transfer__state=TransferState.ACCEPTED, transfer__moved_on__gt=day
    ).order_by()


def people_at(path: str, location_ids: list[int], day: datetime.date) -> Q:
    """Rows whose person (at ``path``; ``""`` for a person itself) belonged to one of
    ``location_ids`` on ``day``."""
    person = path or "pk"
    prefix = f"{path}__" if path else ""
    moved = _moved_after(day)
    first = moved.filter(transfer__from_location__in=location_ids).exclude(
        Exists(
            moved.filter(
                person=OuterRef("person"), transfer__moved_on__lt=OuterRef("transfer__moved_on")
            )
        )
    )
    return (
        Q(**{f"{prefix}location__in": location_ids})
        & ~Q(**{f"{person}__in": moved.values("person")})
    ) | Q(**{f"{person}__in": first.values("person")})


def households_at(path: str, location_ids: list[int], day: datetime.date) -> Q:
    """Rows whose household (at ``path``) belonged to one of ``location_ids`` on ``day``."""
    moved = Transfer.objects.filter(state=TransferState.ACCEPTED, moved_on__gt=day).order_by()
    first = moved.filter(from_location__in=location_ids).exclude(
        Exists(moved.filter(household=OuterRef("household"), moved_on__lt=OuterRef("moved_on")))
    )
    return (
        Q(**{f"{path}__location__in": location_ids})
        & ~Q(**{f"{path}__in": moved.values("household")})
    ) | Q(**{f"{path}__in": first.values("household")})
