"""The services of the pipeline and the plans: what they write, what they refuse (in Dutch,
at the field), the change log and optimistic locking."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError
from koers.integration import services
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.queries import housing_date
from koers.people.models import Placement
from koers.people.services import NewDwelling
from tests.factories import DwellingFactory, PersonFactory, PlacementFactory
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MEMBER = {
    "given_name": "Selam",
    "family_name": "Haile",
    "birth_date": D(1990, 5, 1),
    "sex": "F",
    "nationality": "ERI",
    "v_number": "",
    "arrival_route": "regular",
    "permit_granted_on": D(2023, 1, 20),
}


def messages_of(error: ValidationError) -> dict:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def housed_on(linking: Linking):
    return Linking.objects.annotate(housed=housing_date()).get(pk=linking.pk).housed


def test_registering_a_linked_household_types_each_person_once(branch, users):
    leader = users[Role.TEAM_LEADER]
    dwelling = DwellingFactory(location=branch)
    linkings = services.linking_register(
        location=branch,
        linked_on=D(2023, 3, 1),
        members=[MEMBER, {**MEMBER, "given_name": "Dawit", "birth_date": D(2015, 2, 2)}],
        planned_dwelling=dwelling,
        by=leader,
    )
    assert [
        (link.person.given_name, link.location, link.planned_dwelling) for link in linkings
    ] == [
        ("Selam", branch, dwelling),
        ("Dawit", branch, dwelling),
    ]
    assert linkings[0].person.household == linkings[1].person.household
    logged = ChangeLogEntry.objects.filter(user=leader, action="create")
    assert logged.filter(external_id__in=[link.external_id for link in linkings]).count() == 2


def test_a_person_with_an_open_linking_is_not_linked_twice(branch, users):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=D(2023, 3, 1))
    with pytest.raises(ValidationError, match="al gekoppeld"):
        services.linking_create(
            person=linking.person, linked_on=D(2023, 4, 1), by=users[Role.TEAM_LEADER]
        )
    linking.cancelled_on, linking.cancel_reason = D(2023, 3, 20), "withdrawn"
    linking.save()
    again = services.linking_create(
        person=linking.person, linked_on=D(2023, 4, 1), by=users[Role.TEAM_LEADER]
    )
    assert again.linked_on == D(2023, 4, 1)


def test_housing_the_household_closes_its_linkings_without_typing_them_again(branch, users):
    leader = users[Role.TEAM_LEADER]
    linkings = services.linking_register(
        location=branch,
        linked_on=D(2023, 3, 1),
        members=[MEMBER, {**MEMBER, "given_name": "Dawit"}],
        by=leader,
    )
    placements = services.linkings_house(
        linkings=linkings,
        new_dwelling=NewDwelling(postcode="3131 AB", house_number="7"),
        housed_on=D(2023, 5, 10),
        by=leader,
    )
    assert {p.person for p in placements} == {link.person for link in linkings}
    assert {p.dwelling.location for p in placements} == {branch}
    assert [housed_on(link) for link in linkings] == [D(2023, 5, 10)] * 2
    with pytest.raises(ValidationError, match="wacht op die dag niet"):
        services.linkings_house(
            linkings=linkings[:1],
            dwelling=placements[0].dwelling,
            housed_on=D(2023, 5, 11),
            by=leader,
        )


def test_housing_is_refused_before_the_linking_and_in_another_branch(branch, other_branch, users):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=D(2023, 3, 1))
    leader = users[Role.TEAM_LEADER]
    with pytest.raises(ValidationError) as before:
        services.linkings_house(
            linkings=[linking],
            dwelling=DwellingFactory(location=branch),
            housed_on=D(2023, 2, 28),
            by=leader,
        )
    assert "1 mrt. 2023" in messages_of(before.value)["housed_on"]
    with pytest.raises(ValidationError) as elsewhere:
        services.linkings_house(
            linkings=[linking],
            dwelling=DwellingFactory(location=other_branch),
            housed_on=D(2023, 3, 5),
            by=leader,
        )
    assert "andere afdeling" in messages_of(elsewhere.value)["dwelling"]
    assert not Placement.objects.exists()


def test_housing_not_counted_for_the_quota_leaves_the_linking_waiting(branch, users):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=D(2023, 3, 1))
    services.linkings_house(
        linkings=[linking],
        dwelling=DwellingFactory(location=branch),
        housed_on=D(2023, 4, 1),
        counts_for_quota=False,
        by=users[Role.TEAM_LEADER],
    )
    assert housed_on(linking) is None
    assert services.is_waiting(linking, D(2023, 4, 2))


def test_a_cancellation_needs_its_reason_and_comes_before_any_housing(branch, users):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=D(2023, 3, 1))
    leader = users[Role.TEAM_LEADER]
    cancel = {"linking": linking, "cancel_note": "", "expected_version": 1, "by": leader}
    with pytest.raises(ValidationError) as missing:
        services.linking_cancel(cancelled_on=D(2023, 3, 5), cancel_reason="", **cancel)
    assert messages_of(missing.value) == {"cancel_reason": "Kies waarom de koppeling is vervallen."}
    with pytest.raises(ValidationError) as early:
        services.linking_cancel(cancelled_on=D(2023, 2, 1), cancel_reason="withdrawn", **cancel)
    assert messages_of(early.value) == {
        "cancelled_on": "De koppeling kan niet vervallen vóór de datum van koppelen (1 mrt. 2023)."
    }
    PlacementFactory(
        person=linking.person, dwelling=DwellingFactory(location=branch), housed_on=D(2023, 4, 1)
    )
    with pytest.raises(ValidationError, match="al gehuisvest"):
        services.linking_cancel(cancelled_on=D(2023, 4, 2), cancel_reason="other", **cancel)
    saved = services.linking_cancel(cancelled_on=D(2023, 3, 31), cancel_reason="other", **cancel)
    assert (saved.cancelled_on, saved.version) == (D(2023, 3, 31), 2)


def test_a_plan_under_the_2013_law_is_refused_with_a_dutch_message(branch, users):
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            person=PersonFactory(location=branch),
            obligation_on=D(2021, 12, 31),
            by=users[Role.TEAM_LEADER],
        )
    assert "wet van 2013" in messages_of(refused.value)["obligation_on"]
    assert not IntegrationPlan.objects.exists()


def test_the_route_may_switch_until_the_last_day_of_18_months(branch, users):
    coach = users[Role.TEAM_LEADER]
    plan = IntegrationPlanFactory(
        person=PersonFactory(location=branch), obligation_on=D(2022, 1, 3)
    )
    plan = services.plan_record_pip(
        plan=plan, pip_on=D(2022, 1, 31), route="education", expected_version=1, by=coach
    )
    with pytest.raises(ValidationError) as late:
        services.plan_switch_route(
            plan=plan,
            route_switched_on=D(2023, 8, 1),
            route="b1",
            expected_version=plan.version,
            by=coach,
        )
    assert messages_of(late.value) == {
        "route_switched_on": "Wisselen van leerroute kan tot 18 maanden na het PIP, dus "
        "uiterlijk op 31 jul. 2023."
    }
    with pytest.raises(ValidationError) as same:
        services.plan_switch_route(
            plan=plan,
            route_switched_on=D(2023, 7, 31),
            route="education",
            expected_version=plan.version,
            by=coach,
        )
    assert "route" in messages_of(same.value)
    plan = services.plan_switch_route(
        plan=plan,
        route_switched_on=D(2023, 7, 31),
        route="b1",
        expected_version=plan.version,
        by=coach,
    )
    assert (plan.route_before, plan.route, plan.pip_route) == ("education", "b1", "education")


def test_a_stale_version_is_refused_and_nothing_is_written(branch, users):
    plan = IntegrationPlanFactory(person=PersonFactory(location=branch))
    coach = users[Role.TEAM_LEADER]
    services.plan_record_map(
        plan=plan, map_completed_on=D(2023, 9, 1), expected_version=1, by=coach
    )
    with pytest.raises(ConflictError):
        services.plan_extend(plan=plan, term_extension_months=6, expected_version=1, by=coach)
    plan.refresh_from_db()
    assert (plan.term_extension_months, plan.version) == (None, 2)


def test_every_step_of_a_plan_is_written_and_logged(branch, users):
    coach = users[Role.TEAM_LEADER]
    plan = services.plan_create(
        person=PersonFactory(location=branch), obligation_on=D(2023, 1, 10), by=coach
    )
    steps = [
        (
            services.plan_record_intake,
            {"intake_started_on": D(2023, 1, 20), "intake_completed_on": D(2023, 2, 1)},
        ),
        (services.plan_record_pip, {"pip_on": D(2023, 3, 1), "route": "z"}),
        (
            services.plan_record_unburdening,
            {"unburdening_from": D(2023, 3, 1), "unburdening_until": D(2023, 8, 31)},
        ),
        (services.plan_record_map, {"map_completed_on": D(2023, 9, 1)}),
        (services.plan_extend, {"term_extension_months": 6}),
        (services.plan_end, {"outcome": "exempted", "ended_on": D(2024, 2, 1)}),
    ]
    for step, values in steps:
        plan = step(plan=plan, expected_version=plan.version, by=coach, **values)
    assert (plan.version, plan.exempted_on, plan.completed_on) == (7, D(2024, 2, 1), None)
    updates = ChangeLogEntry.objects.filter(external_id=plan.external_id, action="update")
    assert updates.count() == 6
    assert updates.filter(person_id=plan.person_id, user=coach).count() == 6
