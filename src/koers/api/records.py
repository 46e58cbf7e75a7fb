"""The records the API reads: one declaration per resource, one list and one detail route.

Each list starts from ``Model.objects.for_user(user)`` (the browser's one scope filter),
404s as a whole for a role that never reaches the resource's category (as its pages
do), pages by cursor, filters on dates, location and kind, and writes one access-log
row per client whose records it returns, in bulk.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field, create_model

from koers.api import schemas
from koers.api.auth import on_behalf_of
from koers.api.errors import Error, etag, not_found
from koers.api.pagination import DEFAULT_LIMIT, page
from koers.api.types import Count, Day, Moment, Text
from koers.coaching.models import Trajectory, TrajectoryEvaluation, TrajectoryKind
from koers.contacts.models import Contact, ContactKind
from koers.core.access import AGGREGATE, log_access, user_reaches
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import Category, aggregate_location_ids, scope_q
from koers.groups.models import Attendance, Enrolment, Group, GroupProgram, GroupSession
from koers.legal.models import Dossier, DossierKind, DossierStep, StepKind
from koers.matching.models import Match, MatchProgram
from koers.people.models import Dwelling, Household, Person, Placement
from koers.reports.models import PublishedReport
from koers.staff.models import StaffKind, StaffMember

READ_ERRORS = {401: Error, 404: Error, 422: Error, 429: Error}


@dataclass(frozen=True)
class Resource:
    """One kind of record the API lists: where it lives and how it is filtered."""

    path: str  # the URL segment: /api/v1/<path>/
    model: type[models.Model]
    out: type[Schema]
    scope: str  # a Category, or AGGREGATE for what figure readers see (editions)
    tag: str
    what: str  # the access log's "what", in Dutch
    date: str | None = None  # the field ``from``/``to`` filter on
    kind: str | None = None  # the field ``kind`` filters on
    kinds: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prefetch: Callable[[Any], list] = field(default=lambda user: [])

    @property
    def location_path(self) -> str:
        path = self.model.scope.location
        return "external_id" if path == "pk" else f"{path}__external_id"

    @property
    def person_path(self) -> str | None:
        return getattr(self.model.scope, "person", None)

    @property
    def name(self) -> str:
        return self.model._meta.object_name or self.path

    def queryset(self, user) -> models.QuerySet:
        if self.model is Location:  # the branches of one's records, and of one's figures
            return Location.objects.filter(
                scope_q(user, Location) | Q(pk__in=aggregate_location_ids(user))
            )
        if self.scope == AGGREGATE:
            rows = self.model._default_manager.filter(location__in=aggregate_location_ids(user))
        else:
            rows = self.model.objects.for_user(user)
        return rows.select_related(*self.related).prefetch_related(*self.prefetch(user))

    def reachable(self, user) -> bool:
        if self.model is Location:
            return user_reaches(user, self.scope) or user_reaches(user, AGGREGATE)
        return user_reaches(user, self.scope)


def visible(model: type[models.Model], user, **kwargs) -> models.QuerySet:
    """A prefetch queryset of ``model`` narrowed to what the user may see."""
    return model._default_manager.filter(scope_q(user, model), **kwargs)


RESOURCES: list[Resource] = [
    Resource(
        "locations",
        Location,
        schemas.LocationOut,
        Category.BRANCH,
        "Locaties",
        "locaties",
    ),
    Resource(
        "people",
        Person,
        schemas.PersonOut,
        Category.PERSON,
        "Cliënten en huishoudens",
        "personen",
        date="permit_granted_on",
        related=("location", "household"),
    ),
    Resource(
        "households",
        Household,
        schemas.HouseholdOut,
        Category.PERSON,
        "Cliënten en huishoudens",
        "huishoudens",
        related=("location",),
        prefetch=lambda user: [Prefetch("members", queryset=visible(Person, user).order_by("uid"))],
    ),
    Resource(
        "dwellings",
        Dwelling,
        schemas.DwellingOut,
        Category.COACHING,
        "Huisvesting",
        "woningen",
        date="available_on",
        related=("location",),
    ),
    Resource(
        "placements",
        Placement,
        schemas.PlacementOut,
        Category.COACHING,
        "Huisvesting",
        "plaatsingen",
        date="housed_on",
        related=("person", "dwelling"),
    ),
    Resource(
        "trajectories",
        Trajectory,
        schemas.TrajectoryOut,
        Category.COACHING,
        "Begeleiding",
        "trajecten",
        date="started_on",
        kind="kind",
        kinds=tuple(TrajectoryKind.values),
        related=("person", "coach", "plan"),
        prefetch=lambda user: [
            Prefetch(
                "evaluations",
                queryset=visible(TrajectoryEvaluation, user).order_by("-held_on", "uid"),
                to_attr="visible_evaluations",
            )
        ],
    ),
    Resource(
        "contacts",
        Contact,
        schemas.ContactOut,
        Category.COACHING,
        "Contacten",
        "contacten",
        date="date",
        kind="kind",
        kinds=tuple(ContactKind.values),
        related=("location", "person", "trajectory", "staff"),
        prefetch=lambda user: ["topics"],
    ),
    Resource(
        "dossiers",
        Dossier,
        schemas.DossierOut,
        Category.LEGAL,
        "Juridisch",
        "dossiers",
        date="opened_on",
        kind="kind",
        kinds=tuple(DossierKind.values),
        related=("person",),
        prefetch=lambda user: [
            Prefetch(
                "steps",
                queryset=visible(DossierStep, user)
                .select_related("dossier")
                .order_by("due_on", "done_on", "uid"),
                to_attr="visible_steps",
            )
        ],
    ),
    Resource(
        "dossier-steps",
        DossierStep,
        schemas.StepOut,
        Category.LEGAL,
        "Juridisch",
        "dossierstappen",
        date="due_on",
        kind="step",
        kinds=tuple(StepKind.values),
        related=("dossier",),
    ),
    Resource(
        "matches",
        Match,
        schemas.MatchOut,
        Category.COACHING,
        "Koppelingen",
        "koppelingen",
        date="requested_on",
        kind="program",
        kinds=tuple(MatchProgram.values),
        related=("person", "staff", "previous"),
        prefetch=lambda user: ["languages"],
    ),
    Resource(
        "groups",
        Group,
        schemas.GroupOut,
        Category.BRANCH,
        "Groepen",
        "groepen",
        date="started_on",
        kind="program",
        kinds=tuple(GroupProgram.values),
        related=("location",),
        prefetch=lambda user: ["staff"],
    ),
    Resource(
        "sessions",
        GroupSession,
        schemas.SessionOut,
        Category.BRANCH,
        "Groepen",
        "bijeenkomsten",
        date="date",
        related=("group",),
    ),
    Resource(
        "enrolments",
        Enrolment,
        schemas.EnrolmentOut,
        Category.COACHING,
        "Groepen",
        "inschrijvingen",
        date="enrolled_on",
        related=("group", "person"),
    ),
    Resource(
        "attendance",
        Attendance,
        schemas.AttendanceOut,
        Category.COACHING,
        "Groepen",
        "aanwezigheid",
        related=("session", "person"),
    ),
    Resource(
        "staff",
        StaffMember,
        schemas.StaffOut,
        Category.STAFF,
        "Medewerkers",
        "medewerkers",
        date="started_on",
        kind="kind",
        kinds=tuple(StaffKind.values),
        related=("location",),
        prefetch=lambda user: ["roles", "languages"],
    ),
    Resource(
        "report-editions",
        PublishedReport,
        schemas.EditionOut,
        AGGREGATE,
        "Rapportages",
        "jaarverslagen",
        date="published_on",
        related=("location",),
    ),
]
BY_PATH = {resource.path: resource for resource in RESOURCES}


def filters_model(resource: Resource) -> type[Schema]:
    """The query parameters of a resource's list: page, dates, location, kind, changes."""
    fields: dict[str, Any] = {
        "limit": (Count, Field(DEFAULT_LIMIT, ge=1, le=500, description="rijen per pagina")),
        "cursor": (
            Text,
            Field(
                None,
                max_length=22,
                pattern=r"^[A-Za-z0-9_-]{22}$",
                description="next_cursor van de vorige pagina",
            ),
        ),
        "location": (
            Text,
            Field(None, max_length=64, description="extern id van de locatie"),
        ),
        "updated_since": (
            Moment,
            Field(None, description="alleen records die sindsdien zijn gewijzigd"),
        ),
    }
    if resource.date:
        fields["date_from"] = (
            Day,
            Field(None, alias="from", description=f"{resource.date} vanaf"),
        )
        fields["date_to"] = (
            Day,
            Field(None, alias="to", description=f"{resource.date} tot en met"),
        )
    if resource.kind:
        fields["kind"] = (Literal[resource.kinds], Field(None, description=resource.kind))  # type: ignore[valid-type]
    return create_model(
        f"{resource.name}Filters",
        __base__=Schema,
        __config__=None,
        **fields,
    )


def page_model(resource: Resource) -> type[Schema]:
    return create_model(
        f"{resource.name}Page",
        __base__=Schema,
        results=(list[resource.out], ...),  # type: ignore[name-defined]
        next_cursor=(str | None, None),
    )


def filtered(resource: Resource, rows: models.QuerySet, filters: Any) -> models.QuerySet:
    if filters.location:
        rows = rows.filter(**{resource.location_path: filters.location})
    if filters.updated_since:
        rows = rows.filter(updated_at__gte=filters.updated_since)
    if resource.date:
        if filters.date_from:
            rows = rows.filter(**{f"{resource.date}__gte": filters.date_from})
        if filters.date_to:
            rows = rows.filter(**{f"{resource.date}__lte": filters.date_to})
    if resource.kind and filters.kind:
        rows = rows.filter(**{resource.kind: filters.kind})
    return rows


def log_reads(request: HttpRequest, resource: Resource, records: list) -> None:
    """One access-log row per client whose records this answer holds (one query, one insert)."""
    path = resource.person_path
    if not records or path is None or resource.scope not in {c.value for c in Category}:
        return
    if Category(resource.scope) not in {Category.PERSON, Category.COACHING, Category.LEGAL}:
        return
    pks = [record.pk for record in records]
    if path == "pk":
        people = set(pks)
    else:
        people = set(
            resource.model._default_manager.filter(
                pk__in=pks, **{f"{path}__isnull": False}
            ).values_list(path, flat=True)
        )
    log_access(
        request,
        sorted(people),
        action=AccessLogEntry.Action.VIEW,
        what=f"API: {resource.what}",
        on_behalf_of=on_behalf_of(request),
    )


def reachable_rows(request: HttpRequest, resource: Resource) -> models.QuerySet:
    if not resource.reachable(request.user):
        raise not_found()
    return resource.queryset(request.user)


def get_record(request: HttpRequest, resource: Resource, uid: uuid.UUID) -> models.Model:
    """One record the user may see, else 404, its read logged."""
    record = reachable_rows(request, resource).filter(uid=uid).first()
    if record is None:
        raise not_found()
    log_reads(request, resource, [record])
    return record


def add_routes(router: Router, resource: Resource) -> None:
    Filters = filters_model(resource)
    Page = page_model(resource)

    def list_records(request: HttpRequest, filters: Query[Filters]):  # type: ignore[valid-type]
        rows = filtered(resource, reachable_rows(request, resource), filters)
        found, next_cursor = page(rows, cursor=filters.cursor, limit=filters.limit)
        log_reads(request, resource, found)
        return {"results": found, "next_cursor": next_cursor}

    def get_one(request: HttpRequest, uid: uuid.UUID, response: HttpResponse):
        record = get_record(request, resource, uid)
        response["ETag"] = etag(record.version)
        return record

    router.add_api_operation(
        f"/{resource.path}/",
        ["GET"],
        list_records,
        response={200: Page, **READ_ERRORS},
        operation_id=f"{resource.path.replace('-', '_')}_list",
        summary=f"{resource.what.capitalize()}: lijst",
        tags=[resource.tag],
    )
    router.add_api_operation(
        f"/{resource.path}/{{uuid:uid}}/",
        ["GET"],
        get_one,
        response={200: resource.out, **READ_ERRORS},
        operation_id=f"{resource.path.replace('-', '_')}_get",
        summary=f"{resource.what.capitalize()}: één record",
        tags=[resource.tag],
    )
