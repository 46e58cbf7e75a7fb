"""The definitions of integration-2021.md as query expressions, written once.

The indicators, the deadline rules and the pipeline page all read these, so "the
housing date of a linking", "waiting on day d", "the route on day d" and "running on
day d" mean the same everywhere. Each works on a queryset of its own model; ``prefix``
leads there from another model (``"linking__"``).
"""

import datetime

from django.db.models import DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.expressions import BaseExpression
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual

from koers.people.models import Placement


def housing_date(prefix: str = "") -> Subquery:
    """A linking's housing date: the earliest ``housed_on`` among its person's counted
    placements in dwellings of the linking's location, on or after ``linked_on``."""
    return Subquery(
        Placement.objects.filter(
            person=OuterRef(f"{prefix}person"),
            counts_for_quota=True,
            dwelling__location=OuterRef(f"{prefix}location"),
            housed_on__gte=OuterRef(f"{prefix}linked_on"),
        )
        .order_by("housed_on")
        .values("housed_on")[:1],
        output_field=DateField(),
    )


def linking_waiting_on(day: datetime.date, housed: BaseExpression | None = None) -> Q:
    """Linked on or before ``day``, not cancelled on or before it, not housed by then."""
    housed = housed if housed is not None else housing_date()
    return (
        Q(linked_on__lte=day)
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
        & (Q(IsNull(housed, True)) | Q(GreaterThan(housed, day)))
    )


def route_on(day: datetime.date | BaseExpression | F, route: str) -> Q:
    """The plan's route on ``day`` is ``route``: ``route_before`` before the switch, else
    ``route`` (``day`` is a date, or an expression such as ``F("pip_on")``)."""
    if not hasattr(day, "resolve_expression"):
        day = Value(day, output_field=DateField())
    before_switch = Q(route_switched_on__isnull=False) & Q(GreaterThan(F("route_switched_on"), day))
    after_switch = Q(route_switched_on__isnull=True) | Q(
        LessThanOrEqual(F("route_switched_on"), day)
    )
    return (before_switch & Q(route_before=route)) | (after_switch & Q(route=route))


def plan_running_on(day: datetime.date) -> Q:
    """The PIP is decided on or before ``day``; neither completed nor exempted by then."""
    return (
        Q(pip_on__lte=day)
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=day))
        & (Q(exempted_on__isnull=True) | Q(exempted_on__gt=day))
    )


def plan_waiting_for_pip_on(day: datetime.date) -> Q:
    """Obliged on or before ``day``, no PIP by then, not exempted by then."""
    return (
        Q(obligation_on__lte=day)
        & (Q(pip_on__isnull=True) | Q(pip_on__gt=day))
        & (Q(exempted_on__isnull=True) | Q(exempted_on__gt=day))
    )
