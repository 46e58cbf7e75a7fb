"""The three deadline rules of integration-2021.md: the acceptance items of 30 June 2023,
boundary days, closing conditions, terms in weeks per branch, and the 2013 rules that no
longer apply to people with a plan."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.deadlines import services as deadline_services
from koers.deadlines.digest import digest_message
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.selectors import open_items, rule_history, worklist
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from tests.deadlines.conftest import housed_client
from tests.factories import DwellingFactory, PersonFactory, PlacementFactory
from tests.integration.conftest import WI2021_ACCEPTANCE, WI2021_BUNDLE
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory

RULES = {"housing_after_linking", "pip_decision", "civic_integration_term_2021"}
EXPECTED = json.loads(
    (WI2021_ACCEPTANCE / "expected-deadlines-2023-06-30.json").read_text(encoding="utf-8")
)


def command_items(location: str, on: str) -> list[dict]:
    out = StringIO()
    call_command("deadlines", "--location", location, "--on", on, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_the_acceptance_items_on_30_june_2023_are_listed_exactly():
    call_command("import", str(WI2021_BUNDLE), verbosity=0)
    items = command_items("vlaardingen", "2023-06-30")
    ours = [
        {key: item[key] for key in ("rule", "person_id", "record_id", "due_on", "status")}
        for item in items
        if item["rule"] in RULES
    ]
    assert ours == EXPECTED
    dues = [item["due_on"] for item in items]
    assert dues == sorted(dues)
    planned = {item["person_id"] for item in EXPECTED if item["rule"] != "housing_after_linking"}
    old_law = {
        item["person_id"]
        for item in items
        if item["rule"] in {"pvt_signature", "civic_integration_term"}
    }
    assert not planned & old_law


# Hand-made cases: boundaries and closing conditions -----------------------------------------

d = datetime.date
DAY = datetime.timedelta(days=1)


def keys(location, on, rule):
    return [
        (item.record_id, item.due_on, item.status)
        for item in open_items(on=on, locations=[location], user=CLI)
        if item.rule == rule
    ]


@pytest.mark.django_db
def test_housing_after_linking_is_due_10_weeks_after_and_closes_on_the_housing_day(
    branch, other_branch
):
    linking = LinkingFactory(person=PersonFactory(location=branch), linked_on=d(2023, 3, 1))
    due = d(2023, 5, 10)  # 70 days
    assert keys(branch, d(2023, 2, 28), "housing_after_linking") == []
    assert keys(branch, due, "housing_after_linking") == [(linking.external_id, due, "open")]
    here = DwellingFactory(location=branch)
    PlacementFactory(
        person=linking.person, dwelling=here, housed_on=d(2023, 6, 1), counts_for_quota=False
    )
    PlacementFactory(
        person=linking.person,
        dwelling=DwellingFactory(location=other_branch),
        housed_on=d(2023, 6, 1),
    )
    PlacementFactory(person=linking.person, dwelling=here, housed_on=d(2023, 6, 2))
    assert keys(branch, d(2023, 6, 1), "housing_after_linking") == [
        (linking.external_id, due, "overdue")
    ]
    assert keys(branch, d(2023, 6, 2), "housing_after_linking") == []


@pytest.mark.django_db
def test_a_cancelled_linking_closes_on_its_cancel_day_and_the_linkings_location_counts(
    branch, other_branch
):
    linking = LinkingFactory(
        person=PersonFactory(location=other_branch),
        location=branch,
        linked_on=d(2023, 3, 1),
        cancelled_on=d(2023, 4, 1),
        cancel_reason="housed_elsewhere",
    )
    assert [key[0] for key in keys(branch, d(2023, 3, 31), "housing_after_linking")] == [
        linking.external_id
    ]
    assert keys(other_branch, d(2023, 3, 31), "housing_after_linking") == []
    assert keys(branch, d(2023, 4, 1), "housing_after_linking") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closing", "day"),
    [
        ({"pip_on": d(2023, 4, 1), "route": "b1"}, d(2023, 4, 1)),
        ({"exempted_on": d(2023, 4, 2)}, d(2023, 4, 2)),
        ({"completed_on": d(2023, 4, 3)}, d(2023, 4, 3)),
    ],
)
def test_pip_decision_is_due_10_weeks_after_the_obligation_and_closes(branch, closing, day):
    plan = IntegrationPlanFactory(
        person=PersonFactory(location=branch), obligation_on=d(2023, 1, 31), **closing
    )
    assert keys(branch, day - DAY, "pip_decision") == [(plan.external_id, d(2023, 4, 11), "open")]
    assert keys(branch, day, "pip_decision") == []


@pytest.mark.django_db
def test_the_2021_term_runs_36_months_plus_the_extension_from_a_month_end(branch):
    plan = IntegrationPlanFactory(
        person=PersonFactory(location=branch),
        obligation_on=d(2023, 1, 2),
        pip_on=d(2023, 1, 31),
        route="z",
    )
    assert keys(branch, d(2023, 1, 30), "civic_integration_term_2021") == []
    assert keys(branch, d(2023, 1, 31), "civic_integration_term_2021") == [
        (plan.external_id, d(2026, 1, 31), "open")
    ]
    plan.term_extension_months = 1
    plan.save()
    assert keys(branch, d(2026, 3, 1), "civic_integration_term_2021") == [
        (plan.external_id, d(2026, 2, 28), "overdue")
    ]
    plan.completed_on = d(2026, 3, 2)
    plan.save()
    assert keys(branch, d(2026, 3, 2), "civic_integration_term_2021") == []


@pytest.mark.django_db
def test_people_with_a_plan_no_longer_get_the_2013_terms(branch):
    old_law = housed_client(branch, external_id="p-2013")
    new_law = housed_client(branch, external_id="p-2021")
    IntegrationPlanFactory(person=new_law, obligation_on=d(2022, 1, 1))
    people = {
        (item.rule, item.person_id)
        for item in open_items(on=d(2017, 6, 1), locations=[branch], user=CLI)
    }
    assert people == {
        ("pvt_signature", old_law.external_id),
        ("civic_integration_term", old_law.external_id),
    }


def weeks_at(location, rule, weeks: int, *, by):
    """The branch's own term for ``rule``: ``weeks`` weeks, set as a regional manager does."""
    deadline_services.rule_setting_save(
        rule=rule,
        location=location,
        offset_years=0,
        offset_months=0,
        offset_weeks=weeks,
        offset_days=0,
        enabled=True,
        expected_version=None,
        by=by,
    )


@pytest.mark.django_db
def test_a_branch_that_agreed_14_weeks_sets_14_and_the_history_keeps_it(
    branch, other_branch, users
):
    manager = users[Role.REGIONAL_MANAGER]
    rule = DeadlineRule.objects.get(code="housing_after_linking")
    weeks_at(branch, rule, 14, by=manager)
    for location in (branch, other_branch):
        LinkingFactory(person=PersonFactory(location=location), linked_on=d(2023, 3, 1))
    assert [key[1] for key in keys(branch, d(2023, 3, 1), "housing_after_linking")] == [
        d(2023, 6, 7)  # 98 days
    ]
    assert [key[1] for key in keys(other_branch, d(2023, 3, 1), "housing_after_linking")] == [
        d(2023, 5, 10)
    ]
    (change,) = rule_history(rule, location=branch)
    assert (change.actor, change.before) == (manager.get_username(), None)
    assert change.after["offset_weeks"] == 14
    assert rule_history(rule, location=other_branch) == []


@pytest.mark.django_db
def test_the_items_are_on_the_worklist_and_in_the_digest(branch, users):
    person = PersonFactory(location=branch, given_name="Rahel", family_name="Tesfay")
    LinkingFactory(person=person, linked_on=d(2023, 3, 1))
    IntegrationPlanFactory(person=person, obligation_on=d(2023, 3, 1))
    leader = users[Role.TEAM_LEADER]
    work = worklist(user=leader, on=d(2023, 5, 12))
    assert [item.rule for item in work.overdue] == ["housing_after_linking", "pip_decision"]
    assert worklist(user=users["other_team_leader"], on=d(2023, 5, 12)).total == 0
    message = digest_message(leader, on=d(2023, 5, 12))
    assert "10 mei 2023  Huisvesting na koppeling — Rahel T." in message.body
    assert "10 mei 2023  PIP vaststellen — Rahel T." in message.body


@pytest.mark.django_db
def test_a_branchs_term_in_weeks_travels_in_its_bundle(tmp_path, branch, users):
    rule = DeadlineRule.objects.get(code="pip_decision")
    weeks_at(branch, rule, 14, by=users[Role.REGIONAL_MANAGER])
    bundle_export(target=tmp_path / "out")
    lines = (tmp_path / "out" / "deadline_terms.csv").read_text().splitlines()
    assert lines[0].endswith(",enabled,offset_weeks")
    assert lines[1].endswith(",rijnmond,pip_decision,0,0,0,true,14")
    RuleSetting.objects.all().delete()
    assert bundle_import(by=IMPORT, source=tmp_path / "out").ok
    assert RuleSetting.objects.get(location=branch, rule=rule).offset_weeks == 14
