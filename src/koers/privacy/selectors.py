"""Reads of privacy: a client's rights page and access-request export, for their team leader.

Only the team leader of the client's branch (or a superuser) reaches them, the same
rule as for the access log (``Capability.READ_ACCESS_LOG`` at the client's branch).
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actors import Actor
from koers.core.models import AccessLogEntry, ChangeLogEntry, Record
from koers.core.scoping import Capability, get_for_user, may
from koers.people.models import Person
from koers.people.selectors import access_log_of
from koers.privacy.holdings import Holding, changes_of, holdings_of
from koers.privacy.models import Anonymisation, AnonymisationReason, ErasureRequest
from koers.privacy.scrub import ANONYMISED_KEY
from koers.privacy.terms import blockers_of

# Plumbing, not data about the client (the external id heads each record instead).
HIDDEN_FIELDS = {
    "id",
    "uid",
    "version",
    "name_key",
    "external_id",
    "created_at",
    "updated_at",
    "storage_key",  # a document's random name in the store: Koers' own, nothing of the client
}


def person_for_rights(user: Actor, person_uid: str) -> Person:
    """The client whose rights page the user may open, else 404 (also for "not yours")."""
    person = get_for_user(
        Person.objects.select_related("location", "household"), user, uid=person_uid
    )
    if not may(user, Capability.READ_ACCESS_LOG, location=person.location):
        raise Http404
    return person


def record_url(record: Record) -> str | None:
    """The page where a record is corrected: its edit form, else its detail page."""
    name = record._meta.model_name
    for view in ("edit", "detail", "file"):
        try:
            return reverse(
                f"{record._meta.app_label}:{name}_{view}", kwargs={f"{name}_uid": record.uid}
            )
        except NoReverseMatch:
            continue
    if isinstance(record, Person):
        return reverse("people:edit", kwargs={"person_uid": record.uid})
    return None


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.name not in HIDDEN_FIELDS]


def display(record: models.Model, field: models.Field) -> str:
    """A field's value as a reader of the export reads it."""
    if field.choices:
        value = getattr(record, f"get_{field.name}_display")()
    elif field.is_relation:
        value = getattr(record, field.name)
        value = getattr(value, "external_id", value)
    else:
        value = getattr(record, field.attname)
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass
class ChangeRow:
    """One field of one change, as the history shows it."""

    entry: ChangeLogEntry
    record: str
    field: str
    before: object
    after: object


def model_field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if attname in (field.attname, field.name):
            return field
    return None


def field_label(model: type[models.Model] | None, attname: str) -> str:
    if attname == ANONYMISED_KEY:
        return str(_("geanonimiseerd"))
    field = model_field(model, attname)
    return str(field.verbose_name) if field else attname


def readable(model: type[models.Model] | None, attname: str, value: Any) -> Any:
    """A logged value as the page shows it: a choice's label, yes/no, else as stored."""
    if attname == ANONYMISED_KEY:
        return (
            str(AnonymisationReason(value).label) if value in AnonymisationReason.values else value
        )
    field = model_field(model, attname)
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if field is not None and field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return value


def record_names(holdings: Iterable[Holding]) -> dict[tuple[type | None, str], str]:
    """What each record held is called on a page (``str``: a name, or what it is and its
    day), by model and external id: the history names a record so, never by its id."""
    return {
        (type(record), external_id): str(record)
        for holding in holdings
        for record in holding.records
        # the rows that are not records have none
        if (external_id := getattr(record, "external_id", None))
    }


def change_rows(
    entries: Iterable[ChangeLogEntry],
    *,
    every_field_of_a_creation: bool = True,
    names: dict[tuple[type | None, str], str] | None = None,
) -> list[ChangeRow]:
    """Field by field: who changed what, from what, to what.

    Without ``every_field_of_a_creation`` a creation is one row: its first values show
    as the "before" of the first correction, and the page stays readable.
    """
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        label = str(model._meta.verbose_name) if model else entry.content_type.model
        # A record no longer held (deleted, anonymised) is named by what it was.
        record = (names or {}).get((model, entry.external_id)) or label
        if entry.action == ChangeLogEntry.Action.CREATE and not every_field_of_a_creation:
            rows.append(ChangeRow(entry, record, "—", None, entry.get_action_display()))
            continue
        for attname, (before, after) in sorted(entry.changes.items()):
            rows.append(
                ChangeRow(
                    entry=entry,
                    record=record,
                    field=field_label(model, attname),
                    before=readable(model, attname, before),
                    after=readable(model, attname, after),
                )
            )
    return rows


@dataclass
class Rights:
    """What the rights page shows of one client."""

    person: Person
    holdings: list[Holding]
    changes: list[ChangeRow]
    access_log: models.QuerySet  # of AccessLogEntry, newest first; read only where needed
    anonymisation: Anonymisation | None
    erasure_requests: list[ErasureRequest]
    blockers: list[str]


def rights_of(
    person: Person, *, user: Actor, today: datetime.date, every_field: bool = True
) -> Rights:
    """What is held about the person, newest change first (creations in full or in one row)."""
    holdings = holdings_of(person, user=user)
    entries = changes_of(person, holdings).order_by("-at", "-id")
    return Rights(
        person=person,
        holdings=holdings,
        changes=change_rows(
            entries, every_field_of_a_creation=every_field, names=record_names(holdings)
        ),
        access_log=access_log_of(person),
        anonymisation=Anonymisation.objects.for_user(user).filter(person=person).first(),
        erasure_requests=list(
            ErasureRequest.objects.for_user(user).filter(person=person).select_related("by")
        ),
        blockers=blockers_of(person, today=today),
    )


# The PDF answer to an access request shows every record in full, and the two logs (who
# changed what, who looked) summarised with their newest rows: its length follows the
# client's file, never the length of a log. The JSON answer holds every log row.
LATEST_CHANGES = 50
LATEST_LOOKS = 25


@dataclass
class Share:
    """One user's (or source's) part of a log: how often, how, first and last time."""

    who: str
    count: int
    first: datetime.datetime
    last: datetime.datetime
    actions: list[tuple[str, int]]


@dataclass
class Year:
    """A year of a log by month (January first)."""

    year: int
    months: list[int]

    @property
    def total(self) -> int:
        return sum(self.months)


@dataclass
class LogSummary:
    total: int
    shares: list[Share]
    years: list[Year]
    latest: list  # the newest rows, newest first

    @property
    def first(self) -> datetime.datetime | None:
        return min((share.first for share in self.shares), default=None)

    @property
    def last(self) -> datetime.datetime | None:
        return max((share.last for share in self.shares), default=None)


def summary_of(
    log: models.QuerySet,
    *,
    names: tuple[str, ...],
    name_of: Callable[[dict], str],
    actions: type[models.TextChoices],
    latest: list,
) -> LogSummary:
    """A log counted per person (``names``: the columns that name them) and per month.

    Two aggregate queries, whatever the length of the log; ``latest`` is given.
    """
    log = log.order_by()
    labels = dict(actions.choices)
    shares: dict[str, Share] = {}
    for row in log.values(*names, "action").annotate(
        count=Count("id"), first=Min("at"), last=Max("at")
    ):
        who = name_of(row)
        share = shares.setdefault(who, Share(who, 0, row["first"], row["last"], []))
        share.count += row["count"]
        share.first, share.last = min(share.first, row["first"]), max(share.last, row["last"])
        share.actions.append((str(labels.get(row["action"], row["action"])), row["count"]))
    months: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    if shares:
        first = min(share.first for share in shares.values())
        last = max(share.last for share in shares.values())
        for start, count in per_month(log, first, last):
            months[start.year][start.month - 1] = count
    for share in shares.values():
        share.actions.sort(key=lambda action: (-action[1], action[0]))
    return LogSummary(
        total=sum(share.count for share in shares.values()),
        shares=sorted(shares.values(), key=lambda share: (-share.count, share.who)),
        years=[Year(year, months[year]) for year in sorted(months)],
        latest=latest,
    )


def month_starts(first: datetime.datetime, last: datetime.datetime) -> list[datetime.datetime]:
    """The local starts of the months from ``first``'s to the one after ``last``'s."""
    day = timezone.localtime(first).date().replace(day=1)
    end = timezone.localtime(last).date()
    starts = []
    while True:
        starts.append(timezone.make_aware(datetime.datetime.combine(day, datetime.time())))
        if day > end:
            return starts
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def per_month(
    log: models.QuerySet, first: datetime.datetime, last: datetime.datetime
) -> list[tuple[datetime.datetime, int]]:
    """Rows per local month in one query (conditional counts: SQLite's month truncation
    calls Python once a row, far slower on a long log)."""
    starts = month_starts(first, last)
    counts = log.aggregate(
        **{
            f"m{index}": Count("id", filter=Q(at__gte=start, at__lt=end))
            for index, (start, end) in enumerate(itertools.pairwise(starts))
        }
    )
    return [(start, counts[f"m{index}"]) for index, start in enumerate(starts[:-1])]


def change_actor(row: dict) -> str:
    """As ``ChangeLogEntry.actor``: the user's name, else the source (import, cli)."""
    if row["user__username"] is None:
        return row["source"]
    full = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return full or row["user__username"]


@dataclass
class Overview:
    """The access request as the PDF shows it: every record, the logs summarised."""

    person: Person
    holdings: list[Holding]
    changes: LogSummary  # latest: ChangeRow (a creation in one row)
    looks: LogSummary  # latest: AccessLogEntry


def overview_of(person: Person, *, user: Actor) -> Overview:
    holdings = holdings_of(person, user=user)
    changes = changes_of(person, holdings)
    looks = access_log_of(person)
    return Overview(
        person=person,
        holdings=holdings,
        changes=summary_of(
            changes,
            names=("user__username", "user__first_name", "user__last_name", "source"),
            name_of=change_actor,
            actions=ChangeLogEntry.Action,
            latest=change_rows(
                changes.order_by("-at", "-id")[:LATEST_CHANGES],
                every_field_of_a_creation=False,
                names=record_names(holdings),
            ),
        ),
        looks=summary_of(
            looks,
            names=("username",),
            name_of=lambda row: row["username"],
            actions=AccessLogEntry.Action,
            latest=list(looks[:LATEST_LOOKS]),
        ),
    )
