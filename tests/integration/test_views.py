"""The pipeline and the plan in daily work, per role: what each sees and records, the
Dutch messages next to the field when input is wrong, the access log and query counts.

Dates of waiting are relative to the ``today`` fixture (the app's ``localdate``).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.integration.models import IntegrationPlan, Linking
from koers.people.models import Person, Placement
from tests.factories import DwellingFactory, PersonFactory, TrajectoryFactory
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory
from tests.searching import searched

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def linking_url(name: str, linking: Linking) -> str:
    return reverse(f"integration:{name}", kwargs={"linking_uid": linking.uid})


def plan_url(name: str, plan: IntegrationPlan) -> str:
    return reverse(f"integration:{name}", kwargs={"integrationplan_uid": plan.uid})


@pytest.fixture
def waiting(branch, today):
    """Three linked people of the branch: 71 days, 70 days and 3 weeks ago."""
    return [
        LinkingFactory(
            person=PersonFactory(location=branch, given_name=name), linked_on=today - days * DAY
        )
        for name, days in (("Lang", 71), ("Precies", 70), ("Kort", 21))
    ]


def test_the_pipeline_shows_who_waits_how_long_over_10_weeks_in_red(users, waiting, other_branch):
    LinkingFactory(person=PersonFactory(location=other_branch, given_name="Elders"))
    response = client_for(users[Role.TEAM_LEADER]).get(reverse("integration:pipeline"))
    rows = response.context["rows"]
    assert [(row.person.given_name, row.weeks, row.over) for row in rows] == [
        ("Lang", 10, True),
        ("Precies", 10, False),
        ("Kort", 3, False),
    ]
    body = response.content.decode()
    assert body.count('class="badge late-badge"') == 1  # the one row over 10 weeks
    assert "Elders" not in body
    assert (response.context["counts"].waiting, response.context["counts"].over_ten_weeks) == (
        3,
        1,
    )
    logged = AccessLogEntry.objects.filter(what="gekoppeld").values_list("person", flat=True)
    assert sorted(logged) == sorted(linking.person_id for linking in waiting)


def test_the_pipeline_filters_housed_and_cancelled_with_their_reason(branch, users, waiting, today):
    first, second, _third = waiting
    first.cancelled_on, first.cancel_reason = today, "housed_elsewhere"
    first.save()
    Placement.objects.create(
        person=second.person, dwelling=DwellingFactory(location=branch), housed_on=today
    )
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:pipeline")
    cancelled = client.get(url, {"status": "cancelled"}, headers={"HX-Request": "true"})
    assert cancelled.context["rows"] == [first]
    assert "elders gehuisvest" in cancelled.content.decode()
    assert "<html" not in cancelled.content.decode()  # the htmx swap: the table only
    housed = client.get(url, {"status": "housed"})
    assert housed.context["rows"] == [second]


def test_the_pipeline_is_searched_by_name_and_the_name_stays_out_of_the_url(branch, users, today):
    wanted = LinkingFactory(
        person=PersonFactory(location=branch, given_name="Yohannes", family_name="Tesfaye"),
        linked_on=today,
    )
    LinkingFactory(
        person=PersonFactory(location=branch, given_name="Amina", family_name="Haddad"),
        linked_on=today,
    )
    client = client_for(users[Role.TEAM_LEADER])
    found = searched(
        client,
        reverse("integration:pipeline"),
        q="Tesfaye",
        status="waiting",
        headers={"HX-Request": "true"},
    )
    assert found.context["rows"] == [wanted]
    assert "Tesfaye" not in found.request["QUERY_STRING"]
    assert "status=waiting" in found.request["QUERY_STRING"]


def test_the_pipeline_costs_the_same_queries_for_more_records(
    branch, users, today, django_assert_max_num_queries
):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:pipeline")
    LinkingFactory(person=PersonFactory(location=branch), linked_on=today)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(15):
        LinkingFactory(person=PersonFactory(location=branch), linked_on=today - n * DAY)
    with django_assert_max_num_queries(40) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_team_leader_records_a_linked_household_in_one_form(branch, users, today):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:linking_register")
    assert client.get(url).status_code == 200
    member = {
        "leden-TOTAL_FORMS": "2",
        "leden-INITIAL_FORMS": "0",
        "leden-0-given_name": "Mebrat",
        "leden-0-family_name": "Tesfay",
        "leden-0-birth_date": "1991-04-02",
        "leden-0-sex": "F",
        "leden-0-nationality": "ERI",
        "leden-0-arrival_route": "regular",
        "leden-1-given_name": "Selam",
        "leden-1-family_name": "Tesfay",
        "leden-1-birth_date": "2016-08-09",
        "leden-1-sex": "F",
        "leden-1-nationality": "ERI",
        "leden-1-arrival_route": "regular",
        "location": branch.pk,
        "linked_on": today.isoformat(),
    }
    response = client.post(url, member)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(Linking.objects.values_list("person__given_name", flat=True)) == [
        "Mebrat",
        "Selam",
    ]


def test_bad_input_gets_a_dutch_message_next_to_the_field_and_saves_nothing(branch, users, today):
    client = client_for(users[Role.TEAM_LEADER])
    data = {
        "leden-TOTAL_FORMS": "1",
        "leden-INITIAL_FORMS": "0",
        "leden-0-given_name": "Mebrat",
        "leden-0-family_name": "Tesfay",
        "leden-0-sex": "F",
        "leden-0-nationality": "ERI",
        "leden-0-arrival_route": "regular",
        "location": branch.pk,
        "linked_on": "morgen",
    }
    response = client.post(reverse("integration:linking_register"), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Vul een datum in." in body  # the birth date, beside its field
    assert "Vul een datum in als 6-12-2026." in body
    assert not Person.objects.exists() and not Linking.objects.exists()


def test_an_existing_client_is_found_and_linked(branch, users, today):
    person = PersonFactory(location=branch, given_name="Yohannes", family_name="Gebremariam")
    client = client_for(users[Role.TEAM_LEADER])
    found = searched(
        client,
        reverse("integration:linking_register"),
        zoek="Johannes",
        headers={"HX-Request": "true"},
    )
    assert "Johannes" not in found.request["QUERY_STRING"]  # the name stays out of the URL
    link = reverse("integration:linking_for_person", kwargs={"person_uid": person.uid})
    body = found.content.decode()
    assert link in body and "<form" not in body  # htmx gets the results alone
    response = client.post(link, {"linked_on": today.isoformat()})
    assert response.status_code == 302
    assert Linking.objects.get().person == person


def test_housing_the_household_from_the_pipeline_closes_both_linkings(branch, users, today):
    household = PersonFactory(location=branch).household
    linkings = [
        LinkingFactory(
            person=PersonFactory(location=branch, household=household), linked_on=today - 9 * DAY
        )
        for _ in range(2)
    ]
    dwelling = DwellingFactory(location=branch, postcode="3131 AB", house_number="5")
    linkings[0].planned_dwelling = dwelling
    linkings[0].save()
    client = client_for(users[Role.TEAM_LEADER])
    url = linking_url("linking_house", linkings[0])
    form = client.get(url).context["form"]
    assert list(form.initial["members"]) == [linkings[0], linkings[1]] or set(
        form.initial["members"]
    ) == set(linkings)
    assert form.initial["dwelling"] == dwelling
    response = client.post(
        url,
        {
            "members": [link.pk for link in linkings],
            "dwelling": dwelling.pk,
            "housed_on": today.isoformat(),
            "counts_for_quota": "on",
        },
    )
    assert response.status_code == 302
    assert set(Placement.objects.values_list("person", flat=True)) == {
        link.person_id for link in linkings
    }
    pipeline = client.get(reverse("integration:pipeline"))
    assert pipeline.context["rows"] == []


def test_housing_before_the_linking_day_is_refused_beside_the_date(branch, users, today):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=today)
    response = client_for(users[Role.TEAM_LEADER]).post(
        linking_url("linking_house", linking),
        {
            "members": [linking.pk],
            "postcode": "3131ab",
            "house_number": "2",
            "housed_on": (today - DAY).isoformat(),
            "counts_for_quota": "on",
        },
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "huisvesting ligt op of na die dag" in " ".join(errors["housed_on"])
    assert not Placement.objects.exists()


def test_a_coach_records_the_pip_and_a_late_switch_is_refused_beside_its_field(
    branch, users, today
):
    volunteer = users[Role.VOLUNTEER]
    person = PersonFactory(location=branch)
    TrajectoryFactory(person=person, coach=volunteer.staff_member, started_on=today)
    plan = IntegrationPlanFactory(person=person, obligation_on=D(2022, 1, 3))
    client = client_for(volunteer)
    file = client.get(reverse("people:file", kwargs={"person_uid": person.uid}))
    assert plan_url("plan_pip", plan) in file.content.decode()
    saved = client.post(
        plan_url("plan_pip", plan),
        {"pip_on": "2022-01-31", "route": "education", "version": plan.version},
    )
    assert saved.status_code == 302
    late = client.post(
        plan_url("plan_switch", plan),
        {"route_switched_on": "2023-08-01", "route": "b1", "version": plan.version + 1},
    )
    assert late.status_code == 422
    assert late.context["form"].errors["route_switched_on"] == [
        "Wisselen van leerroute kan tot 18 maanden na het PIP, dus uiterlijk op 31 jul. 2023."
    ]
    plan.refresh_from_db()
    assert (plan.route, plan.route_switched_on) == ("education", None)


def test_a_stale_form_shows_the_conflict_and_overwrites_nothing(branch, users):
    plan = IntegrationPlanFactory(person=PersonFactory(location=branch))
    client = client_for(users[Role.TEAM_LEADER])
    url = plan_url("plan_extend", plan)
    assert client.post(url, {"term_extension_months": "3", "version": "1"}).status_code == 302
    stale = client.post(url, {"term_extension_months": "6", "version": "1"})
    assert stale.status_code == 422
    assert "Iemand anders heeft dit intussen opgeslagen." in stale.content.decode()
    plan.refresh_from_db()
    assert plan.term_extension_months == 3


def test_the_client_file_shows_the_plan_at_a_glance(branch, users, today):
    person = PersonFactory(location=branch)
    IntegrationPlanFactory(
        person=person,
        obligation_on=D(2023, 1, 2),
        pip_on=D(2023, 1, 31),
        route="education",
        route_switched_on=D(2023, 6, 1),
        route_before="b1",
        term_extension_months=1,
        unburdening_from=D(2023, 2, 1),
        unburdening_until=D(2023, 7, 31),
    )
    body = (
        client_for(users[Role.TEAM_LEADER])
        .get(reverse("people:file", kwargs={"person_uid": person.uid}))
        .content.decode()
    )
    assert "onderwijsroute" in body and "eerder B1-route" in body
    assert "28 feb. 2026" in body  # 31 January 2023 + 36 + 1 months
    assert "1 feb. 2023 tot en met 31 jul. 2023" in body
    assert "Module arbeidsmarkt en participatie (MAP) afronden" in body


def test_who_reaches_the_pipeline_and_a_plan(branch, users, waiting):
    plan = IntegrationPlanFactory(person=waiting[0].person)
    detail = linking_url("linking_detail", waiting[0])
    assert client_for(users[Role.TEAM_LEADER]).get(detail).status_code == 200
    assert client_for(users[Role.REGIONAL_MANAGER]).get(detail).status_code == 200
    assert (
        client_for(users[Role.REGIONAL_MANAGER])
        .get(linking_url("linking_house", waiting[0]))
        .status_code
        == 404
    )
    for role in (Role.LEGAL, Role.MUNICIPALITY_VIEWER, "other_team_leader", Role.VOLUNTEER):
        assert client_for(users[role]).get(detail).status_code == 404, role
        assert (
            client_for(users[role]).get(plan_url("integrationplan_detail", plan)).status_code == 404
        )
    assert client_for(users[Role.LEGAL]).get(reverse("integration:pipeline")).status_code == 404
    assert (
        client_for(users[Role.VOLUNTEER]).get(reverse("integration:linking_register")).status_code
        == 404
    )


def test_the_worklist_closes_the_pip_decision_in_place(branch, users, today):
    plan = IntegrationPlanFactory(
        person=PersonFactory(location=branch), obligation_on=today - 65 * DAY
    )  # due in 5 days
    client = client_for(users[Role.TEAM_LEADER])
    worklist = client.get(reverse("deadlines:worklist")).content.decode()
    assert "PIP vaststellen" in worklist
    url = reverse("integration:close_pip", kwargs={"integrationplan_uid": plan.uid})
    response = client.post(
        url,
        {"version": plan.version, "pip_on": today.isoformat(), "route": "z"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert (plan.pip_on, plan.route) == (today, "z")


def test_the_start_page_of_a_team_leader_shows_the_pipeline(users, waiting):
    body = client_for(users[Role.TEAM_LEADER]).get(reverse("home")).content.decode()
    assert "3 gekoppelde personen wachten op huisvesting" in body
    assert "1 langer dan 10 weken" in body


def test_the_plan_list_costs_the_same_queries_for_more_plans(
    branch, users, django_assert_max_num_queries
):
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("integration:plan_list")
    IntegrationPlanFactory(person=PersonFactory(location=branch), pip_on=D(2023, 3, 1), route="z")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(12):
        IntegrationPlanFactory(
            person=PersonFactory(location=branch), pip_on=D(2023, 3, n + 1), route="b1"
        )
    with django_assert_max_num_queries(40) as many:
        response = client.get(url)
    assert len(response.context["page"]) == 13
    assert len(many.captured_queries) == len(few.captured_queries)
