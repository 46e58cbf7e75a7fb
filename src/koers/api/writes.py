"""Creating and changing records through the API: the services the screens use.

Every write goes through the app's service (validation, change log, optimistic locking)
and then must land inside the user's write reach (``for_user(user, write=True)``), or
it is rolled back: a role that may not write there gets 403 (it may read the record)
or 404 (it may not even see it), and nothing changes.

An update names the version it changes: ``If-Match: "<version>"`` (the ``ETag`` of the
record), required (428 without it); a stale one gets 412 and the current version.
"""

import uuid
from collections.abc import Callable
from operator import attrgetter
from typing import Annotated, Any, Literal, TypeVar

from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Router, Status
from pydantic import Field

from koers.api.auth import on_behalf_of
from koers.api.errors import ApiProblem, Error, Stale, etag, invalid, not_found, read_only
from koers.api.records import BY_PATH, Resource
from koers.api.types import Day, In, Text, Uid
from koers.coaching import services as coaching
from koers.coaching.models import Trajectory, TrajectoryEndReason, TrajectoryKind
from koers.contacts.models import Contact, ContactKind, Topic
from koers.contacts.selectors import kinds_for_user, locations_to_log, staff_record_of
from koers.contacts.services import contact_log, contact_update
from koers.core.access import log_access
from koers.core.models import AccessLogEntry
from koers.core.scoping import scope_q
from koers.groups.models import Attendance, GroupSession
from koers.groups.services import attendance_save
from koers.legal import services as legal
from koers.legal.models import Dossier, DossierStep, StepKind
from koers.people.models import NATIONALITY_CHOICES, ArrivalRoute, Household, Person, Sex
from koers.people.selectors import locations_to_register
from koers.people.services import household_register, person_create, person_update
from koers.staff.models import StaffMember

M = TypeVar("M", bound=models.Model)

WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}
UPDATE_ERRORS = {**WRITE_ERRORS, 412: Stale, 428: Error}
IF_MATCH = "If-Match"
NO_VERSION = -1
RECORD = "{uuid:uid}/"  # a record's path under its resource's

IfMatch = Annotated[
    str | None,
    Header(None, alias=IF_MATCH, description='de ETag van het record, bijv. "3"'),
]


def _text(max_length: int, **kwargs: Any) -> Any:
    return Field(max_length=max_length, **kwargs)


def log_edit(request: HttpRequest, people: list[int | None], what: str) -> None:
    log_access(
        request,
        [person for person in people if person is not None],
        action=AccessLogEntry.Action.EDIT,
        what=f"API: {what}",
        on_behalf_of=on_behalf_of(request),
    )


def writable(request: HttpRequest, queryset: models.QuerySet, uid: uuid.UUID) -> Any:
    """The record the user may change: 404 if they may not see it, 403 if only read it."""
    model = queryset.model
    record = queryset.filter(scope_q(request.user, model, write=True), uid=uid).first()
    if record is not None:
        return record
    if model._default_manager.filter(scope_q(request.user, model), uid=uid).exists():
        raise read_only()
    raise not_found()


def referenced(request: HttpRequest, queryset: models.QuerySet, uid: uuid.UUID | None, name: str):
    """A record a body refers to, which the user may write to; else 404 naming the field."""
    if uid is None:
        return None
    record = queryset.filter(scope_q(request.user, queryset.model, write=True), uid=uid).first()
    if record is None:
        raise not_found(name, _("Onbekend record, of niet het uwe."))
    return record


def expected_version(request: HttpRequest, if_match: str | None, body: int | None) -> int:
    """The version the client changes: ``If-Match`` (required), agreeing with the body's."""
    if not if_match:
        raise ApiProblem(
            428,
            "precondition_required",
            _("Stuur If-Match met de ETag (de versie) van het record dat u wijzigt."),
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 9 or (body is not None and body != int(value)):
        return NO_VERSION  # names no version of the record: stale, answered with the current one
    return int(value)


def within_reach(request: HttpRequest, resource: Resource, write: Callable[[], M]) -> M:
    """Run ``write`` atomically; roll it back unless its record is in the user's write reach."""
    model = resource.model
    with transaction.atomic():
        record = write()
        mine = scope_q(request.user, model, write=True)
        if not model._default_manager.filter(mine, pk=record.pk).exists():
            raise read_only()
    return record


def created(
    request: HttpRequest,
    resource: Resource,
    response: HttpResponse,
    write: Callable[[], M],
    what: str,
    person_of: Callable[[M], int | None] = attrgetter("person_id"),
):
    """A new record: written in the user's reach, its client's edit in the access log
    (``what``), answered 201 with the record and its ETag."""
    record = within_reach(request, resource, write)
    log_edit(request, [person_of(record)], what)
    return Status(201, answer(resource, request, record, response))


def answer(resource: Resource, request: HttpRequest, record: models.Model, response: HttpResponse):
    """The record as the list shows it, with its new ETag."""
    fresh = resource.queryset(request.user).get(pk=record.pk)
    response["ETag"] = etag(fresh.version)
    return fresh


def add_write(
    router: Router,
    resource: Resource,
    method: str,
    path: str,
    view: Callable,
    summary: str,
) -> None:
    """One write operation of ``resource`` at ``/<resource>/<path>``, answering the record
    as its list shows it: a POST creates (201), a PATCH or PUT changes what exists (200,
    with ``If-Match``'s 412 and 428). Its operation id is the resource's and the view's
    name (``contacts_update``)."""
    out = resource.out
    created = method == "POST"
    router.add_api_operation(
        f"/{resource.path}/{path}",
        [method],
        view,
        response={201: out, **WRITE_ERRORS} if created else {200: out, **UPDATE_ERRORS},
        operation_id=f"{resource.path.replace('-', '_')}_{view.__name__}",
        summary=summary,
        tags=[resource.tag],
    )


def check_stale(record: models.Model, expected: int) -> None:
    """A stale version refused before the service is asked (services check again, locked)."""
    from koers.core.services import ConflictError

    if getattr(record, "version", None) != expected:
        raise ConflictError(record, {})


# People --------------------------------------------------------------------------------


Nationality = Literal[tuple(code for code, _label in NATIONALITY_CHOICES)]  # type: ignore[valid-type]
VNumber = Annotated[str, Field(pattern=r"^([0-9]{10})?$")]


class PersonFields(In):
    given_name: Text = _text(200, min_length=1)
    family_name: Text = _text(200, min_length=1)
    birth_date: Day
    sex: Literal[tuple(Sex.values)]  # type: ignore[valid-type]
    nationality: Nationality
    v_number: VNumber = ""
    arrival_route: Literal[tuple(ArrivalRoute.values)]  # type: ignore[valid-type]
    permit_granted_on: Day | None = None
    civic_integration_required: bool | None = None
    participation_statement_signed_on: Day | None = None


class PersonCreate(PersonFields):
    """A new client: in an existing household (``household``), or in a new one at
    ``location`` (one of the two)."""

    household: Uid | None = None
    location: Uid | None = None


class PersonUpdate(In):
    version: int | None = None
    given_name: Text | None = _text(200, min_length=1, default=None)
    family_name: Text | None = _text(200, min_length=1, default=None)
    birth_date: Day | None = None
    sex: Literal[tuple(Sex.values)] | None = None  # type: ignore[valid-type]
    nationality: Nationality | None = None
    v_number: VNumber | None = None
    arrival_route: Literal[tuple(ArrivalRoute.values)] | None = None  # type: ignore[valid-type]
    permit_granted_on: Day | None = None
    civic_integration_required: bool | None = None
    participation_statement_signed_on: Day | None = None


NULLABLE_PERSON = {
    "permit_granted_on",
    "civic_integration_required",
    "participation_statement_signed_on",
}


def changed_fields(body: In, nullable: set[str]) -> dict[str, Any]:
    """The fields the client sent (``null`` clears a nullable one), without ``version``."""
    sent = body.model_dump(exclude_unset=True)
    sent.pop("version", None)
    for name, value in list(sent.items()):
        if value is None and name not in nullable:
            raise invalid(name, _("Dit veld kan niet leeg."))
    return sent


def person_routes(router: Router) -> None:
    people = BY_PATH["people"]

    def create(request: HttpRequest, payload: PersonCreate, response: HttpResponse):
        fields = payload.model_dump(exclude={"household", "location"})
        if (payload.household is None) == (payload.location is None):
            raise invalid("household", _("Geef een huishouden of een locatie."))
        if payload.household is not None:
            household = referenced(
                request,
                Household.objects.select_related("location"),
                payload.household,
                "household",
            )

            def write():
                return person_create(
                    location=household.location, household=household, by=request.user, **fields
                )
        else:
            location = locations_to_register(request.user).filter(uid=payload.location).first()
            if location is None:
                raise not_found("location", _("Hier mag u niemand inschrijven."))

            def write():
                household = household_register(location=location, members=[fields], by=request.user)
                return household.members.get()

        return created(request, people, response, write, "persoon ingeschreven", attrgetter("pk"))

    def update(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: PersonUpdate,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        expected = expected_version(request, if_match, payload.version)
        person = writable(request, Person.objects.select_related("location"), uid)
        if hasattr(person, "anonymisation"):
            raise ApiProblem(
                409,
                "anonymised",
                _("Deze persoon is geanonimiseerd: de gegevens zijn niet te wijzigen."),
            )
        fields = changed_fields(payload, NULLABLE_PERSON)
        log_edit(request, [person.pk], "persoonsgegevens")
        saved = within_reach(
            request,
            people,
            lambda: person_update(
                person=person, expected_version=expected, by=request.user, **fields
            ),
        )
        return answer(people, request, saved, response)

    add_write(router, people, "POST", "", create, "Persoon inschrijven")
    add_write(router, people, "PATCH", RECORD, update, "Persoonsgegevens wijzigen")


# Contacts ------------------------------------------------------------------------------


Topics = list[Literal[tuple(Topic.values)]]  # type: ignore[valid-type]


class ContactCreate(In):
    kind: Literal[tuple(ContactKind.values)]  # type: ignore[valid-type]
    date: Day
    person: Uid | None = Field(None, description="de cliënt; zonder: een bezoeker zonder dossier")
    location: Uid | None = Field(None, description="alleen voor een bezoeker zonder dossier")
    visitor_ref: Text = _text(64, default="")
    trajectory: Uid | None = None
    topics: Topics = []
    note: Text = _text(10_000, default="")
    venue: Text = _text(200, default="")


class ContactUpdate(In):
    version: int | None = None
    kind: Literal[tuple(ContactKind.values)] | None = None  # type: ignore[valid-type]
    date: Day | None = None
    trajectory: Uid | None = None
    topics: Topics | None = None
    note: Text | None = _text(10_000, default=None)
    venue: Text | None = _text(200, default=None)


def contact_kind_allowed(request: HttpRequest, kind: str) -> None:
    if kind not in {value for value, _label in kinds_for_user(request.user)}:
        raise ApiProblem(
            403,
            "forbidden",
            _("Dit soort contact legt uw rol niet vast."),
            errors=[{"field": "kind", "message": _("Niet voor uw rol.")}],
        )


def contact_routes(router: Router) -> None:
    contacts = BY_PATH["contacts"]

    def create(request: HttpRequest, payload: ContactCreate, response: HttpResponse):
        contact_kind_allowed(request, payload.kind)
        person = referenced(
            request, Person.objects.select_related("location"), payload.person, "person"
        )
        if person is not None:
            location = person.location
        else:
            location = locations_to_log(request.user).filter(uid=payload.location).first()
            if location is None:
                raise not_found("location", _("Geef uw locatie (of een cliënt)."))
        if location not in locations_to_log(request.user):
            raise read_only()
        trajectory = referenced(request, Trajectory.objects.all(), payload.trajectory, "trajectory")
        return created(
            request,
            contacts,
            response,
            lambda: contact_log(
                location=location,
                kind=payload.kind,
                date=payload.date,
                person=person,
                visitor_ref=payload.visitor_ref if person is None else "",
                trajectory=trajectory,
                staff=staff_record_of(request.user, location),
                topics=payload.topics,
                note=payload.note,
                venue=payload.venue,
                by=request.user,
            ),
            "contact vastgelegd",
        )

    def update(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: ContactUpdate,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        expected = expected_version(request, if_match, payload.version)
        contact = writable(request, Contact.objects.select_related("trajectory"), uid)
        fields = changed_fields(payload, {"trajectory"})
        if "kind" in fields:
            contact_kind_allowed(request, fields["kind"])
        if "trajectory" in fields:
            fields["trajectory"] = referenced(
                request, Trajectory.objects.all(), payload.trajectory, "trajectory"
            )
        topics = fields.pop("topics", None)
        log_edit(request, [contact.person_id], "contact")
        saved = within_reach(
            request,
            contacts,
            lambda: contact_update(
                contact=contact,
                expected_version=expected,
                by=request.user,
                topics=topics,
                kind=fields.get("kind", contact.kind),
                date=fields.get("date", contact.date),
                trajectory=fields.get("trajectory", contact.trajectory),
                note=fields.get("note", contact.note),
                venue=fields.get("venue"),
            ),
        )
        return answer(contacts, request, saved, response)

    add_write(router, contacts, "POST", "", create, "Contact vastleggen")
    add_write(router, contacts, "PATCH", RECORD, update, "Contact wijzigen")


# Attendance ----------------------------------------------------------------------------


class AttendanceCreate(In):
    session: Uid
    person: Uid
    present: bool


class AttendanceUpdate(In):
    version: int | None = None
    present: bool


def attendance_routes(router: Router) -> None:
    attendance = BY_PATH["attendance"]

    def record(request: HttpRequest, session: GroupSession, person_id: int, present: bool):
        return attendance_save(
            session=session,
            user=request.user,
            present={person_id: present},
            expected_version=session.version,
            by=request.user,
        )

    def create(request: HttpRequest, payload: AttendanceCreate, response: HttpResponse):
        session = referenced(
            request, GroupSession.objects.select_related("group"), payload.session, "session"
        )
        person = referenced(request, Person.objects.all(), payload.person, "person")
        if Attendance.objects.filter(session=session, person=person).exists():
            raise ApiProblem(
                409,
                "exists",
                _("De aanwezigheid van deze persoon bij deze bijeenkomst staat er al: wijzig die."),
            )

        def write():
            record(request, session, person.pk, payload.present)
            return Attendance.objects.get(session=session, person=person)

        return created(request, attendance, response, write, "aanwezigheid")

    def update(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: AttendanceUpdate,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        expected = expected_version(request, if_match, payload.version)
        row = writable(request, Attendance.objects.select_related("session__group"), uid)
        log_edit(request, [row.person_id], "aanwezigheid")

        def write():
            fresh = Attendance.objects.select_for_update().get(pk=row.pk)
            check_stale(fresh, expected)
            record(request, fresh.session, fresh.person_id, payload.present)
            return Attendance.objects.get(pk=row.pk)

        saved = within_reach(request, attendance, write)
        return answer(attendance, request, saved, response)

    add_write(router, attendance, "POST", "", create, "Aanwezigheid vastleggen")
    add_write(router, attendance, "PATCH", RECORD, update, "Aanwezigheid wijzigen")


# Trajectories --------------------------------------------------------------------------


class TrajectoryCreate(In):
    person: Uid
    kind: Literal[tuple(TrajectoryKind.values)]  # type: ignore[valid-type]
    started_on: Day
    coach: Uid | None = Field(None, description="een medewerker van de locatie van de cliënt")


class TrajectoryClose(In):
    """Ending a trajectory with its exit conversation (the only change a trajectory takes)."""

    version: int | None = None
    ended_on: Day
    end_reason: Literal[tuple(TrajectoryEndReason.values)]  # type: ignore[valid-type]
    exit_conversation_on: Day | None = None
    exit_summary: Text = _text(10_000, default="")


class PlanIn(In):
    version: int | None = None
    goals: Text = _text(10_000, min_length=1)
    actions: Text = _text(10_000, default="")
    agreed_on: Day


class EvaluationIn(In):
    held_on: Day
    notes: Text = _text(10_000, min_length=1)


def trajectory_routes(router: Router) -> None:
    trajectories = BY_PATH["trajectories"]
    related = Trajectory.objects.select_related("person__location")

    def create(request: HttpRequest, payload: TrajectoryCreate, response: HttpResponse):
        person = referenced(
            request, Person.objects.select_related("location"), payload.person, "person"
        )
        coach = None
        if payload.coach is not None:
            coach = (
                StaffMember.objects.for_user(request.user)
                .filter(location=person.location, uid=payload.coach)
                .first()
            )
            if coach is None:
                raise not_found("coach", _("Geen medewerker van deze locatie."))
        return created(
            request,
            trajectories,
            response,
            lambda: coaching.trajectory_start(
                person=person,
                kind=payload.kind,
                coach=coach,
                started_on=payload.started_on,
                by=request.user,
            ),
            "traject gestart",
        )

    def close(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: TrajectoryClose,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        expected = expected_version(request, if_match, payload.version)
        trajectory = writable(request, related, uid)
        if trajectory.ended_on is not None:
            raise ApiProblem(409, "closed", _("Dit traject is al afgesloten."))
        log_edit(request, [trajectory.person_id], "traject afsluiten")
        saved = within_reach(
            request,
            trajectories,
            lambda: coaching.trajectory_close(
                trajectory=trajectory,
                ended_on=payload.ended_on,
                end_reason=payload.end_reason,
                exit_conversation_on=payload.exit_conversation_on,
                exit_summary=payload.exit_summary,
                expected_version=expected,
                by=request.user,
            ),
        )
        return answer(trajectories, request, saved, response)

    def plan(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: PlanIn,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        trajectory = writable(request, related, uid)
        current = getattr(trajectory, "plan", None) if hasattr(trajectory, "plan") else None
        expected = None
        if current is not None:
            expected = expected_version(request, if_match, payload.version)
            check_stale(current, expected)
        log_edit(request, [trajectory.person_id], "trajectplan")
        within_reach(
            request,
            trajectories,
            lambda: (
                coaching.plan_save(
                    trajectory=trajectory,
                    goals=payload.goals,
                    actions=payload.actions,
                    agreed_on=payload.agreed_on,
                    expected_version=expected,
                    by=request.user,
                ).trajectory
            ),
        )
        return answer(trajectories, request, trajectory, response)

    def evaluate(
        request: HttpRequest, uid: uuid.UUID, payload: EvaluationIn, response: HttpResponse
    ):
        trajectory = writable(request, related, uid)
        log_edit(request, [trajectory.person_id], "evaluatie traject")
        within_reach(
            request,
            trajectories,
            lambda: (
                coaching.evaluation_create(
                    trajectory=trajectory,
                    held_on=payload.held_on,
                    notes=payload.notes,
                    by=request.user,
                ).trajectory
            ),
        )
        return Status(201, answer(trajectories, request, trajectory, response))

    add_write(router, trajectories, "POST", "", create, "Traject starten")
    add_write(router, trajectories, "PATCH", RECORD, close, "Traject afsluiten")
    plan_summary = "Trajectplan vastleggen (If-Match: de versie van het plan, als er een is)"
    add_write(router, trajectories, "PUT", f"{RECORD}plan/", plan, plan_summary)
    add_write(
        router, trajectories, "POST", f"{RECORD}evaluations/", evaluate, "Evaluatie toevoegen"
    )


# Dossier steps -------------------------------------------------------------------------


class StepCreate(In):
    dossier: Uid
    step: Literal[tuple(StepKind.values)]  # type: ignore[valid-type]
    due_on: Day | None = None
    done_on: Day | None = None
    note: Text = _text(10_000, default="")


class StepDone(In):
    version: int | None = None
    done_on: Day


def step_routes(router: Router) -> None:
    steps = BY_PATH["dossier-steps"]

    def create(request: HttpRequest, payload: StepCreate, response: HttpResponse):
        dossier = referenced(request, Dossier.objects.all(), payload.dossier, "dossier")
        return created(
            request,
            steps,
            response,
            lambda: legal.step_add(
                dossier=dossier,
                step=payload.step,
                due_on=payload.due_on,
                done_on=payload.done_on,
                note=payload.note,
                by=request.user,
            ),
            "dossierstap",
            lambda step: step.dossier.person_id,
        )

    def done(
        request: HttpRequest,
        uid: uuid.UUID,
        payload: StepDone,
        response: HttpResponse,
        if_match: IfMatch = None,
    ):
        expected = expected_version(request, if_match, payload.version)
        step = writable(request, DossierStep.objects.select_related("dossier"), uid)
        log_edit(request, [step.dossier.person_id], "dossierstap")
        saved = within_reach(
            request,
            steps,
            lambda: legal.step_mark_done(
                step=step, done_on=payload.done_on, expected_version=expected, by=request.user
            ),
        )
        return answer(steps, request, saved, response)

    add_write(router, steps, "POST", "", create, "Dossierstap toevoegen")
    add_write(router, steps, "PATCH", RECORD, done, "Dossierstap gedaan")


def add_routes(router: Router) -> None:
    person_routes(router)
    contact_routes(router)
    attendance_routes(router)
    trajectory_routes(router)
    step_routes(router)
