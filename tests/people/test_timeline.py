"""The client file's timeline: every kind of event from the registered sources, newest first
and grouped by month, filtered by kind, scoped like the file's sections, logged, and read
in a number of queries that does not grow with the history."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.coaching.models import CoachPeriod, Trajectory
from koers.core.models import AccessLogEntry
from koers.core.registry import registry
from koers.core.scoping import Category, Role
from koers.core.timeline import TimelineSource, timeline_of
from koers.documents.models import Document
from tests.coaching.factories import (
    ReferralFactory,
    TrajectoryEvaluationFactory,
    TrajectoryPlanFactory,
)
from tests.factories import (
    ContactFactory,
    DossierFactory,
    DossierStepFactory,
    EnrolmentFactory,
    GroupFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

D = datetime.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url_of(person) -> str:
    return reverse("people:timeline", kwargs={"person_uid": person.uid})


@pytest.fixture
def history(branch, users):
    """One client with one record of every kind, each on a day of its own (2017-2023)."""
    person = PersonFactory(location=branch, given_name="Mahlet", family_name="Berhane")
    PlacementFactory(
        person=person,
        housed_on=D(2017, 2, 15),
        dwelling__postcode="3011 XY",
        dwelling__house_number="7",
    )
    first = StaffMemberFactory(location=branch, given_name="Fenna", family_name="Mulder")
    volunteer = users[Role.VOLUNTEER].staff_member
    trajectory = TrajectoryFactory(
        person=person,
        kind="settling_in",
        coach=volunteer,
        coach_since=D(2017, 6, 1),
        started_on=D(2017, 3, 1),
    )
    CoachPeriod.objects.create(
        trajectory=trajectory,
        coach=first,
        started_on=D(2017, 3, 1),
        ended_on=D(2017, 5, 31),
        reason="Stopt als vrijwilliger",
    )
    TrajectoryPlanFactory(trajectory=trajectory, agreed_on=D(2017, 3, 15))
    TrajectoryEvaluationFactory(trajectory=trajectory, held_on=D(2017, 9, 1))
    ContactFactory(location=branch, person=person, kind="home_visit", date=D(2017, 4, 3))
    ContactFactory(location=branch, person=person, kind="legal_hours", date=D(2017, 4, 10))
    ReferralFactory(person=person, trajectory=trajectory, referred_on=D(2017, 4, 20))
    dossier = DossierFactory(person=person, opened_on=D(2017, 5, 2))
    DossierStepFactory(dossier=dossier, step="application_filed", done_on=D(2017, 5, 9))
    DossierStepFactory(dossier=dossier, step="ind_decision", due_on=D(2030, 1, 1))  # not done
    MatchFactory(person=person, requested_on=D(2018, 1, 15), started_on=D(2018, 2, 1))
    EnrolmentFactory(group=GroupFactory(location=branch), person=person, enrolled_on=D(2018, 3, 1))
    LinkingFactory(person=person, linked_on=D(2023, 3, 1))
    IntegrationPlanFactory(
        person=person, obligation_on=D(2023, 1, 10), pip_on=D(2023, 3, 20), route="b1"
    )
    return person


def titles(person, user, **options) -> list[tuple[datetime.date, str]]:
    return [(entry.on, entry.title) for entry in timeline_of(user, person, **options).entries]


def test_every_kind_of_event_newest_first(history, users):
    assert titles(history, users[Role.TEAM_LEADER]) == [
        (D(2023, 3, 20), "PIP vastgesteld"),
        (D(2023, 3, 1), "Gekoppeld aan de gemeente door het COA"),
        (D(2023, 1, 10), "Inburgeringsplichtig geworden"),
        (D(2018, 3, 1), "Ingeschreven in groep: participatieverklaringstraject"),
        (D(2018, 2, 1), "Koppeling gestart: taalcoaching"),
        (D(2018, 1, 15), "Aangemeld voor taalcoaching"),
        (D(2017, 9, 1), "Evaluatie traject: coaching vestiging"),
        (D(2017, 6, 1), f"Nieuwe coach: {users[Role.VOLUNTEER].staff_member}"),
        (D(2017, 5, 9), "Dossierstap: aanvraag ingediend"),
        (D(2017, 5, 2), "Dossier geopend: gezinshereniging"),
        (D(2017, 4, 20), "Verwezen naar Voedselbank"),
        (D(2017, 4, 10), "Contact: juridisch spreekuur"),
        (D(2017, 4, 3), "Contact: huisbezoek"),
        (D(2017, 3, 15), "Plan afgesproken: coaching vestiging"),
        (D(2017, 3, 1), "Traject gestart: coaching vestiging"),
        (D(2017, 2, 15), "Gehuisvest: 3011 XY 7"),
    ]


def test_the_first_coach_is_named_at_the_start(history, users):
    start = next(
        e
        for e in timeline_of(users[Role.TEAM_LEADER], history).entries
        if e.title.startswith("Traject gestart")
    )
    assert start.detail == "Coach: Fenna Mulder"


def test_a_filter_shows_only_the_chosen_kinds(history, users):
    chosen = titles(history, users[Role.TEAM_LEADER], kinds=["dossier", "plaatsing", "onzin"])
    assert [title for _, title in chosen] == [
        "Dossierstap: aanvraag ingediend",
        "Dossier geopend: gezinshereniging",
        "Gehuisvest: 3011 XY 7",
    ]


def test_a_legal_volunteer_sees_dossiers_and_legal_contacts_only(history, users):
    seen = timeline_of(users[Role.LEGAL], history)
    assert {source.kind for source in seen.kinds} == {"contact", "dossier", "document"}
    assert [e.title for e in seen.entries] == [
        "Dossierstap: aanvraag ingediend",
        "Dossier geopend: gezinshereniging",
        "Contact: juridisch spreekuur",
    ]


def test_a_volunteer_sees_the_coaching_of_a_client_they_coach_but_no_dossier(history, users):
    seen = timeline_of(users[Role.VOLUNTEER], history)
    kinds = {entry.kind for entry in seen.entries}
    assert "dossier" not in {source.kind for source in seen.kinds}
    assert {"traject", "plaatsing", "koppeling", "groep"} <= kinds
    assert "Contact: juridisch spreekuur" not in [e.title for e in seen.entries]


def test_the_page_groups_by_month_in_dutch_with_the_year_and_links_each_record(history, users):
    response = client_for(users[Role.TEAM_LEADER]).get(url_of(history))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Maart 2023" in body and "April 2017" in body
    assert "20 mrt. 2023" in body and "15 feb. 2017" in body
    dossier = history.dossiers.get()
    assert reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier.uid}) in body
    trajectory = Trajectory.objects.get(person=history)
    assert reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid}) in body
    assert "16 gebeurtenissen" in body
    assert "settling_in" not in body and "home_visit" not in body  # labels, not codes


def test_the_page_filters_by_kind_and_logs_the_view(history, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.get(url_of(history), {"soort": ["koppeling", "groep"]})
    body = response.content.decode()
    assert "3 gebeurtenissen" in body
    assert "Aangemeld voor taalcoaching" in body and "Dossier geopend" not in body
    assert 'value="koppeling" id="soort-koppeling" checked' in body
    logged = AccessLogEntry.objects.filter(username="teamleider", person_id=history.pk)
    assert list(logged.values_list("what", flat=True)) == ["tijdlijn"]


def test_another_branchs_client_is_not_found(history, users):
    for role in ("other_team_leader", Role.MUNICIPALITY_VIEWER, "no_role"):
        assert client_for(users[role]).get(url_of(history)).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_volunteer_who_does_not_work_with_the_client_gets_404(branch, users):
    stranger = PersonFactory(location=branch)
    ContactFactory(location=branch, person=stranger)
    assert client_for(users[Role.VOLUNTEER]).get(url_of(stranger)).status_code == 404


def add_a_year_of_records(person, branch, year: int) -> None:
    """More of every kind, so a constant query count means no query per row."""
    trajectory = TrajectoryFactory(
        person=person, started_on=D(year, 3, 1), ended_on=D(year, 12, 1), end_reason="completed"
    )
    CoachPeriod.objects.create(
        trajectory=trajectory,
        coach=StaffMemberFactory(location=branch),
        started_on=D(year, 3, 1),
        ended_on=D(year, 3, 31),
        reason="Wissel",
    )
    Trajectory.objects.filter(pk=trajectory.pk).update(
        coach=StaffMemberFactory(location=branch), coach_since=D(year, 4, 1)
    )
    TrajectoryPlanFactory(trajectory=trajectory, agreed_on=D(year, 3, 10))
    TrajectoryEvaluationFactory(trajectory=trajectory, held_on=D(year, 6, 1))
    for month in (4, 5, 6):
        ContactFactory(
            location=branch,
            person=person,
            date=D(year, month, 2),
            staff=StaffMemberFactory(location=branch),
            topic_codes=["housing", "work"],
        )
    ReferralFactory(person=person, trajectory=trajectory, referred_on=D(year, 5, 1))
    ReferralFactory(person=person, trajectory=None, referred_on=D(year, 5, 2))
    dossier = DossierFactory(
        person=person, opened_on=D(year, 2, 1), closed_on=D(year, 11, 1), outcome="granted"
    )
    DossierStepFactory(dossier=dossier, done_on=D(year, 2, 10))
    MatchFactory(
        person=person,
        requested_on=D(year, 1, 5),
        started_on=D(year, 2, 1),
        staff=StaffMemberFactory(location=branch),
        extended_on=D(year, 8, 1),
        ended_on=D(year, 10, 1),
        outcome="completed",
        end_reason="goal_reached",
    )
    EnrolmentFactory(group=GroupFactory(location=branch), person=person, enrolled_on=D(year, 3, 1))
    PlacementFactory(person=person, housed_on=D(year, 1, 20))
    Document.objects.create(
        person=person,
        dossier=dossier,
        kind="ind_decision",
        title=f"Beschikking {year}",
        file_name="beschikking.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
        storage_key=f"timeline-{year}",
        created_at=datetime.datetime(year, 11, 2, 10, tzinfo=datetime.UTC),
    )


def test_the_query_count_does_not_grow_with_the_history(history, branch, users):
    user = users[Role.TEAM_LEADER]
    client = client_for(user)
    url = url_of(history)
    client.get(url)  # the session and the user's memberships, as on every page
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    before = len(timeline_of(user, history).entries)
    for year in (2019, 2020, 2021):
        add_a_year_of_records(history, branch, year)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # a year: trajectory (start, new coach, plan, evaluation, end), 3 contacts, 2 referrals,
    # dossier (opened, step, closed), match (request, start, extended, end), enrolment,
    # placement, document
    assert len(timeline_of(user, history).entries) == before + 3 * 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_failing_source_is_named_and_the_rest_still_shows(history, users):
    def broken(user, person):
        raise RuntimeError("kapot")

    source = TimelineSource("kapot", "Kapotte bron", (Category.COACHING,), broken, 5)
    registry["timeline_sources"].append(source)
    try:
        seen = timeline_of(users[Role.TEAM_LEADER], history)
    finally:
        registry["timeline_sources"].remove(source)
    assert seen.unavailable == ["Kapotte bron"]
    assert len(seen.entries) == 16
