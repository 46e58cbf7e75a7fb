"""What the API answers: one schema per resource, every record with its ``uid``,
``external_id`` and ``version``, references to other records as ``{uid, external_id}``.
"""

import datetime
import uuid
from decimal import Decimal

from ninja import Schema

from koers.api.types import RefOf, RefsOf, codes_of
from koers.coaching.models import TrajectoryPlan


class RecordOut(Schema):
    uid: uuid.UUID
    external_id: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LocationOut(RecordOut):
    name: str
    municipality: str
    region: str


class PersonOut(RecordOut):
    location: RefOf
    household: RefOf
    given_name: str
    family_name: str
    birth_date: datetime.date
    sex: str
    nationality: str
    v_number: str
    arrival_route: str
    permit_granted_on: datetime.date | None
    civic_integration_required: bool | None
    participation_statement_signed_on: datetime.date | None


class HouseholdOut(RecordOut):
    location: RefOf
    members: RefsOf


class DwellingOut(RecordOut):
    location: RefOf
    postcode: str
    house_number: str
    landlord: str
    available_on: datetime.date | None


class PlacementOut(RecordOut):
    person: RefOf
    dwelling: RefOf
    housed_on: datetime.date
    counts_for_quota: bool


class PlanOut(RecordOut):
    goals: str
    actions: str
    agreed_on: datetime.date


class EvaluationOut(RecordOut):
    held_on: datetime.date
    notes: str


class TrajectoryOut(RecordOut):
    person: RefOf
    kind: str
    coach: RefOf | None
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    exit_conversation_on: datetime.date | None
    exit_summary: str
    plan: PlanOut | None
    evaluations: list[EvaluationOut]

    @staticmethod
    def resolve_plan(trajectory) -> object:
        try:
            return trajectory.plan
        except TrajectoryPlan.DoesNotExist:
            return None

    @staticmethod
    def resolve_evaluations(trajectory) -> list:
        return getattr(trajectory, "visible_evaluations", [])


class ContactOut(RecordOut):
    location: RefOf
    date: datetime.date
    kind: str
    person: RefOf | None
    visitor_ref: str
    trajectory: RefOf | None
    staff: RefOf | None
    venue: str
    note: str
    topics: codes_of("topic")


class StepOut(RecordOut):
    dossier: RefOf
    step: str
    done_on: datetime.date | None
    due_on: datetime.date | None
    note: str


class DossierOut(RecordOut):
    person: RefOf
    kind: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    outcome: str
    guardianship: bool | None
    family_members: int | None
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(dossier) -> list:
        return getattr(dossier, "visible_steps", [])


class MatchOut(RecordOut):
    program: str
    person: RefOf
    staff: RefOf | None
    requested_on: datetime.date
    started_on: datetime.date | None
    ended_on: datetime.date | None
    outcome: str
    extended_on: datetime.date | None
    end_reason: str
    end_note: str
    daytime: bool
    evening: bool
    weekend: bool
    languages: codes_of("language")
    previous: RefOf | None


class GroupOut(RecordOut):
    location: RefOf
    program: str
    level: str
    language: str
    evening: bool | None
    started_on: datetime.date
    ended_on: datetime.date | None
    staff: RefsOf


class SessionOut(RecordOut):
    group: RefOf
    date: datetime.date


class EnrolmentOut(RecordOut):
    group: RefOf
    person: RefOf
    enrolled_on: datetime.date
    left_on: datetime.date | None


class AttendanceOut(RecordOut):
    session: RefOf
    person: RefOf
    present: bool


class StaffOut(RecordOut):
    location: RefOf
    given_name: str
    family_name: str
    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    agreement_signed_on: datetime.date | None
    conduct_certificate_on: datetime.date | None
    hours_per_week: Decimal | None
    roles: codes_of("role")
    languages: codes_of("language")


class EditionOut(RecordOut):
    location: RefOf
    year: int
    edition: int
    published_on: datetime.date
    definitions_version: str
    figures: dict[str, int | float | str | None]
    previous_figures: dict[str, int | float | str | None]


class DeadlineOut(Schema):
    rule: str
    rule_name: str
    kind: str
    location: str
    person: RefOf
    record: RefOf
    detail: str
    anchor_on: datetime.date
    due_on: datetime.date
    status: str
