"""A past of one branch with every kind of record about clients, made through the services.

Synthetic names only. Made through ``record_create`` and ``record_update`` so the change
log holds what a real history holds: names, birth dates and notes, before and after.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from koers.coaching.models import (
    BudgetLine,
    Referral,
    Signal,
    Trajectory,
    TrajectoryEvaluation,
    TrajectoryPlan,
)
from koers.contacts.models import Contact, ContactTopic
from koers.core.services import record_create, record_update
from koers.groups.models import Attendance, Enrolment
from koers.legal.models import Dossier, DossierStep
from koers.matching.models import Match, MatchEvaluation
from koers.people.models import CivicIntegrationResult, Dwelling, Household, Person, Placement
from koers.reports.models import ReportNarrative
from tests.factories import GroupFactory, GroupSessionFactory

GIVEN = ["Tesfalem", "Zinabu", "Marjaneh", "Ghebremedhin", "Nouriya", "Habtom", "Shirindokht"]
FAMILY = ["Woldegiorgis", "Kebedeworku", "Rostampour", "Abdirahmanov", "Tsegazeab"]


@dataclass
class Client:
    person: Person
    names: list[str]
    v_number: str
    birth_date: datetime.date


@dataclass
class History:
    clients: list[Client] = field(default_factory=list)


def _person(location, household, n: int, *, born: datetime.date, by) -> Client:
    given, family = GIVEN[n % len(GIVEN)] + str(n), FAMILY[n % len(FAMILY)] + str(n)
    v_number = f"{4100000000 + n * 7919:010d}"
    person = record_create(
        Person,
        by=by,
        location=location,
        household=household,
        given_name=given,
        family_name=family,
        birth_date=born,
        sex="F" if n % 2 else "M",
        nationality="ERI",
        v_number=v_number,
        arrival_route="family_reunification" if n % 3 else "regular",
    )
    return Client(person, [given, family], v_number, born)


def household_history(location, n: int, *, year: int, by) -> list[Client]:
    """A parent and a child housed in ``year``, with a full file each, all ended long ago."""
    household = record_create(Household, by=by, location=location)
    parent = _person(location, household, 2 * n, born=datetime.date(1975, 2, 28), by=by)
    # Housed one day after the 18th birthday: the birth date must keep "adult" for figures.
    child = _person(location, household, 2 * n + 1, born=datetime.date(year - 18, 2, 28), by=by)
    renamed = f"Hagosnew{n}"
    parent.person = record_update(
        parent.person, by=by, expected_version=parent.person.version, given_name=renamed
    )
    parent.names.append(renamed)
    dwelling = record_create(
        Dwelling,
        by=by,
        location=location,
        postcode="3012 KX",
        house_number=f"{40 + n}b",
        landlord="Woonstichting",
    )
    housed = datetime.date(year, 3, 1)
    for client in (parent, child):
        record_create(Placement, by=by, person=client.person, dwelling=dwelling, housed_on=housed)
    _coaching(parent, location, housed, by=by)
    _legal_and_matching(parent, housed, by=by)
    _groups(child, location, housed)
    record_create(
        BudgetLine,
        by=by,
        household=household,
        kind="debt",
        description=f"schuld bij {parent.names[1]}-incasso",
        amount=120,
        counterparty=f"Incassobureau {parent.names[1]}",
    )
    _branch_text(parent, location, year, by=by)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(parent.person.pk),
        object_repr=str(parent.person),
        action_flag=CHANGE,
        user=by,
    )
    return [parent, child]


def _branch_text(client: Client, location, year: int, *, by) -> None:
    """Free text of the branch that should name nobody, but does (as happens)."""
    record_create(
        Signal,
        by=by,
        location=location,
        topic="housing",
        description=f"Wachttijd woning, zie {client.names[-1]} {client.names[1]}",
        noticed_on=datetime.date(year, 5, 1),
    )
    story = record_create(
        ReportNarrative, by=by, location=location, year=year, section="stories", text="concept"
    )
    record_update(
        story,
        by=by,
        expected_version=story.version,
        text=f"Het verhaal van de familie {client.names[1].upper()} (V {client.v_number}).",
    )


def _note(client: Client, what: str) -> str:
    return f"{what} met {client.names[0]} {client.names[1]} (V {client.v_number})"


def _coaching(client: Client, location, housed: datetime.date, *, by) -> None:
    ended = housed + datetime.timedelta(days=400)
    trajectory = record_create(
        Trajectory,
        by=by,
        person=client.person,
        kind="settling_in",
        started_on=housed,
        ended_on=ended,
        end_reason="completed",
        exit_conversation_on=ended,
        exit_summary=_note(client, "exitgesprek"),
    )
    record_create(
        TrajectoryPlan,
        by=by,
        trajectory=trajectory,
        goals=_note(client, "doelen"),
        agreed_on=housed,
    )
    record_create(
        TrajectoryEvaluation,
        by=by,
        trajectory=trajectory,
        held_on=housed + datetime.timedelta(days=90),
        notes=_note(client, "evaluatie"),
    )
    record_create(
        Referral,
        by=by,
        person=client.person,
        trajectory=trajectory,
        partner="food_bank",
        partner_detail=f"Voedselbank, contactpersoon {client.names[1]}",
        referred_on=housed + datetime.timedelta(days=30),
        reason=_note(client, "verwijzing"),
        outcome_note=_note(client, "uitkomst"),
    )
    contact = record_create(
        Contact,
        by=by,
        location=location,
        date=housed + datetime.timedelta(days=10),
        kind="social_hours",
        person=client.person,
        trajectory=trajectory,
        venue="Kerkstraat",
        note=_note(client, "spreekuur"),
    )
    ContactTopic.objects.create(contact=contact, topic="housing")
    record_create(
        CivicIntegrationResult,
        by=by,
        person=client.person,
        outcome="exam_passed",
        decided_on=housed + datetime.timedelta(days=300),
        note=_note(client, "examen"),
    )


def _legal_and_matching(client: Client, housed: datetime.date, *, by) -> None:
    dossier = record_create(
        Dossier,
        by=by,
        person=client.person,
        kind="family_reunification",
        opened_on=housed,
        closed_on=housed + datetime.timedelta(days=200),
        outcome="granted",
        family_members=2,
    )
    record_create(
        DossierStep,
        by=by,
        dossier=dossier,
        step="application_filed",
        done_on=housed + datetime.timedelta(days=5),
        note=_note(client, "aanvraag"),
    )
    match = record_create(
        Match,
        by=by,
        program="language_coaching",
        person=client.person,
        requested_on=housed,
        started_on=housed + datetime.timedelta(days=20),
        ended_on=housed + datetime.timedelta(days=220),
        outcome="completed",
        end_reason="goal_reached",
        end_note=_note(client, "einde koppeling"),
    )
    record_create(
        MatchEvaluation,
        by=by,
        match=match,
        moment="3m",
        held_on=housed + datetime.timedelta(days=110),
        note=_note(client, "evaluatie koppeling"),
    )


def _groups(client: Client, location, housed: datetime.date) -> None:
    group = GroupFactory(
        location=location, started_on=housed, ended_on=housed + datetime.timedelta(days=60)
    )
    session = GroupSessionFactory(group=group, date=housed + datetime.timedelta(days=7))
    Enrolment.objects.create(group=group, person=client.person, enrolled_on=housed)
    Attendance.objects.create(session=session, person=client.person, present=True)


def past_of(location, *, by, years=range(2005, 2009)) -> History:
    history = History()
    for n, year in enumerate(years):
        history.clients += household_history(location, n + 10 * location.pk, year=year, by=by)
    return history
