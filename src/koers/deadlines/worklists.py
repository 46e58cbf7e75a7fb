"""The worklist as a list people work with: every open item of the user, one row each, with
who works it, its branch and where it stands (docs/deadlines.md, "Worklists").

The items come from :func:`koers.deadlines.selectors.open_items` (one query per rule, built
in memory): this module turns them into :class:`WorkRow`s that ``core.listing`` sorts,
filters, pages and exports like any other list (its sequence mode), and filters them by
the worklist's own codes (status, rule, coach, branch). Who works an item is read in at
most three more queries, however many items: the volunteer of a match's item, the coach of
a trajectory's item, else the client's coach (their running trajectory's, the latest
started, as ``coaching.selectors`` decides who coaches on the day), each through the user's
own scope.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from koers.coaching.models import Trajectory
from koers.coaching.selectors import coach_on, running_on
from koers.core.actors import Viewer
from koers.core.listing import text_sort_key
from koers.core.models import Location
from koers.deadlines import selectors
from koers.deadlines.selectors import DeadlineItem, open_items
from koers.matching.models import Match
from koers.staff.models import StaffMember


class Status:
    """Where an item stands on the day: the worklist's groups, as codes in the address."""

    OVERDUE = "te-laat"
    WEEK = "week"
    MONTH = "maand"
    LATER = "later"
    ALL = "alle"

    # the default (no code): the worklist of the spec, overdue or due within 30 days
    choices = [
        ("", _("te laat of binnen 30 dagen")),
        (ALL, _("alle open termijnen")),
        (OVERDUE, _("te laat")),
        (WEEK, _("deze week (binnen 7 dagen)")),
        (MONTH, _("deze maand (binnen 8 tot 30 dagen)")),
        (LATER, _("later (over meer dan 30 dagen)")),
    ]
    labels = {
        OVERDUE: _("te laat"),
        WEEK: _("deze week"),
        MONTH: _("deze maand"),
        LATER: _("later"),
    }
    order = {OVERDUE: 0, WEEK: 1, MONTH: 2, LATER: 3}
    # the code of each of the selectors' groups (:func:`koers.deadlines.selectors.group_of`)
    of_group = {
        selectors.OVERDUE: OVERDUE,
        selectors.THIS_WEEK: WEEK,
        selectors.THIS_MONTH: MONTH,
        selectors.LATER: LATER,
    }


NO_COACH = "geen"


@dataclass
class WorkRow:
    """One item as the worklist shows it. ``record_url``, ``person_url`` and where it is
    closed (``action``) are added for the rows of the page only
    (:func:`koers.deadlines.views.item_rows`)."""

    item: DeadlineItem
    worker: StaffMember | None
    location: Location | None
    record_url: str = ""
    person_url: str = ""
    action: str = ""

    @property
    def status(self) -> str:
        return Status.of_group[selectors.group_of(self.item)]

    @property
    def status_label(self) -> str:
        return str(Status.labels[self.status])

    @property
    def status_rank(self) -> int:
        return Status.order[self.status]

    @property
    def worker_name(self) -> str:
        return str(self.worker) if self.worker is not None else ""

    @property
    def location_name(self) -> str:
        return self.location.name if self.location is not None else ""

    @property
    def what(self) -> str:
        """The rule's name, and the step of a dossier-step item."""
        item = self.item
        return f"{item.rule_name}: {item.detail}" if item.detail else item.rule_name


def _workers(user: Viewer, items: list[DeadlineItem], on: datetime.date) -> dict[str, StaffMember]:
    """Who works each item (by ``html_id``), where the user may see it: three queries at most.
    A client's coach is the one of their trajectories running on ``on`` (the latest started)
    as coaching decides it (``running_on``, ``coach_on``): the coach the client's file names."""
    people = {item.person_pk for item in items}
    running = (
        Trajectory.objects.for_user(user)
        .filter(running_on(on), person_id__in=people, started_on__lte=on)
        .annotate(worker_id=coach_on(on))
        .filter(worker_id__isnull=False)
        .order_by("started_on", "pk")
        .values_list("uid", "person_id", "worker_id")
    )
    coached = list(running) if people else []
    staff = StaffMember.objects.in_bulk({worker for _uid, _person, worker in coached})
    by_trajectory, by_person = {}, {}
    for uid, person, worker in coached:
        by_trajectory[str(uid)] = by_person[person] = staff[worker]
    matches = {item.record_uid for item in items if item.kind == "match"}
    by_match = (
        {
            str(match.uid): match.staff
            for match in Match.objects.for_user(user)
            .filter(uid__in=matches, staff__isnull=False)
            .select_related("staff")
            .only("uid", "staff")
        }
        if matches
        else {}
    )
    workers = {}
    for item in items:
        own = {"match": by_match, "trajectory": by_trajectory}.get(item.kind, {})
        worker = own.get(item.record_uid) or by_person.get(item.person_pk)
        if worker is not None:
            workers[item.html_id] = worker
    return workers


def work_rows(*, user: Viewer, on: datetime.date, locations: list[Location]) -> list[WorkRow]:
    """Every item open on ``on`` at ``locations`` that the user may see, overdue or not, due
    soon or later (the filter's default leaves out the later ones), in the order of
    :func:`open_items` (by due date)."""
    items = open_items(on=on, user=user, locations=locations)
    workers = _workers(user, items, on)
    branches = {location.pk: location for location in locations}
    return [
        WorkRow(item, workers.get(item.html_id), branches.get(item.location_id)) for item in items
    ]


def filtered(
    rows: list[WorkRow],
    *,
    status: str = "",
    termijn: str = "",
    coach: str = "",
    locatie: Location | None = None,
) -> list[WorkRow]:
    """The rows with the filter's codes: a status (none: overdue or due within 30 days;
    :attr:`Status.ALL`: every open item), a rule's code, a coach's id (or :data:`NO_COACH`),
    a branch."""
    if not status:
        rows = [row for row in rows if row.status != Status.LATER]
    elif status != Status.ALL:
        rows = [row for row in rows if row.status == status]
    if termijn:
        rows = [row for row in rows if row.item.rule == termijn]
    if coach == NO_COACH:
        rows = [row for row in rows if row.worker is None]
    elif coach:
        rows = [row for row in rows if row.worker is not None and str(row.worker.pk) == coach]
    if locatie is not None:
        rows = [row for row in rows if row.item.location_id == locatie.pk]
    return rows


def coaches_of(rows: list[WorkRow]) -> list[StaffMember]:
    """The coaches and volunteers who work the rows, by name (the coach filter's choices)."""
    found = {row.worker.pk: row.worker for row in rows if row.worker is not None}
    return sorted(
        found.values(), key=lambda s: (text_sort_key(s.family_name), text_sort_key(s.given_name))
    )


def rules_of(rows: list[WorkRow]) -> list[tuple[str, str]]:
    """The rules of the rows, (code, name) by name (the filter's kinds of term)."""
    found = {row.item.rule: row.item.rule_name for row in rows}
    return sorted(found.items(), key=lambda rule: text_sort_key(rule[1]))
