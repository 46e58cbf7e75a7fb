"""Each rule's items: boundary days, closing conditions, overrides, branches, order, queries."""

import datetime

import pytest

from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.selectors import open_items, worklist
from koers.matching.models import MatchEvaluation
from koers.people.models import CivicIntegrationResult
from tests.deadlines.conftest import housed_client, item_keys
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    LocationFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)

d = datetime.date
DAY = datetime.timedelta(days=1)
RULES = [
    "pvt_signature",
    "civic_integration_term",
    "family_reunification_filing",
    "dossier_step",
    "settling_in_end",
    "integration_end",
    "match_evaluation_3m",
    "match_evaluation_6m",
]
WI2021_RULES = ["housing_after_linking", "pip_decision", "civic_integration_term_2021"]
# the IND's terms (docs/deadlines.md "Legal terms"), tested in test_legal_terms.py
LEGAL_RULES = ["ind_decision_term", "notice_of_default_term", "objection_term", "appeal_term"]


def of_rule(location, on, rule):
    return [key for key in item_keys(location, on) if key[0] == rule]


def test_the_shipped_defaults_are_in_the_rules_table(db):
    rules = {
        rule.code: (rule.offset_years, rule.offset_months, rule.enabled)
        for rule in DeadlineRule.objects.all()
    }
    assert rules == {
        "pvt_signature": (1, 0, True),
        "civic_integration_term": (3, 0, True),
        "family_reunification_filing": (0, 3, True),
        "dossier_step": (0, 0, True),
        "settling_in_end": (0, 6, True),
        "integration_end": (0, 18, True),
        "match_evaluation_3m": (0, 3, True),
        "match_evaluation_6m": (0, 6, True),
        "housing_after_linking": (0, 0, True),
        "pip_decision": (0, 0, True),
        "civic_integration_term_2021": (0, 36, True),
        "ind_decision_term": (0, 0, True),
        "notice_of_default_term": (0, 0, True),
        "objection_term": (0, 0, True),
        "appeal_term": (0, 0, True),
    }
    weeks = dict(DeadlineRule.objects.values_list("code", "offset_weeks"))
    assert {code: n for code, n in weeks.items() if n} == {
        "housing_after_linking": 10,
        "pip_decision": 10,
        "notice_of_default_term": 2,
        "objection_term": 4,
        "appeal_term": 4,
    }
    days = dict(DeadlineRule.objects.values_list("code", "offset_days"))
    assert {code: n for code, n in days.items() if n} == {"ind_decision_term": 90}


@pytest.mark.parametrize("rule", RULES + WI2021_RULES)
def test_item_opens_on_its_anchor_and_turns_overdue_the_day_after_it_is_due(branch, cases, rule):
    record, anchor, due = cases[rule]
    assert of_rule(branch, anchor - DAY, rule) == []
    assert of_rule(branch, anchor, rule) == [(rule, record.external_id, due, "open")]
    assert of_rule(branch, due - DAY, rule) == [(rule, record.external_id, due, "open")]
    assert of_rule(branch, due, rule) == [(rule, record.external_id, due, "open")]
    assert of_rule(branch, due + DAY, rule) == [(rule, record.external_id, due, "overdue")]


def test_items_are_sorted_by_due_date_then_rule_then_record(branch, cases):
    keys = item_keys(branch, d(2018, 1, 1))
    assert keys == sorted(keys, key=lambda key: (key[2], key[0], key[1]))
    assert [key[0] for key in keys][:2] == ["dossier_step", "family_reunification_filing"]


def test_item_carries_the_client_external_id(branch, cases):
    (item,) = [
        i
        for i in open_items(on=d(2017, 3, 1), locations=[branch], user=CLI)
        if i.rule == "dossier_step"
    ]
    assert item.person_id == "p-sponsor"
    assert item.detail == "bezoek ambassade"


# Closing conditions, one rule at a time: closed on the day itself, open the day before.


def test_participation_statement_signature_closes_pvt_from_the_signing_day(branch):
    client = housed_client(branch, participation_statement_signed_on=d(2017, 6, 1))
    assert of_rule(branch, d(2017, 5, 31), "pvt_signature")[0][1] == client.external_id
    assert of_rule(branch, d(2017, 6, 1), "pvt_signature") == []


def test_pvt_only_for_clients_adult_on_their_first_counted_housing(branch):
    housed_client(branch, born=d(1999, 2, 1), housed_on=d(2017, 1, 31))  # 17 when housed
    adult = housed_client(branch, born=d(1999, 1, 31), housed_on=d(2017, 1, 31))  # 18 that day
    assert [key[1] for key in of_rule(branch, d(2017, 6, 1), "pvt_signature")] == [
        adult.external_id
    ]
    assert len(of_rule(branch, d(2017, 6, 1), "civic_integration_term")) == 2


def test_person_terms_run_from_the_earliest_counted_housing_only(branch):
    client = housed_client(branch, housed_on=d(2017, 5, 10))
    PlacementFactory(person=client, housed_on=d(2016, 1, 5), counts_for_quota=False)
    PlacementFactory(person=client, housed_on=d(2017, 3, 15))
    assert of_rule(branch, d(2017, 4, 1), "pvt_signature") == [
        ("pvt_signature", client.external_id, d(2018, 3, 15), "open")
    ]


def test_person_terms_need_the_obligation_and_a_counted_placement(branch):
    PlacementFactory(person=PersonFactory(location=branch, civic_integration_required=False))
    PlacementFactory(person=PersonFactory(location=branch, civic_integration_required=None))
    PlacementFactory(
        person=PersonFactory(location=branch, civic_integration_required=True),
        counts_for_quota=False,
    )
    PersonFactory(location=branch, civic_integration_required=True)
    assert item_keys(branch, d(2019, 1, 1)) == []


@pytest.mark.parametrize("outcome", ["exam_passed", "exemption", "dispensation"])
def test_exam_result_or_exemption_closes_the_civic_integration_term(branch, outcome):
    client = housed_client(branch)
    CivicIntegrationResult.objects.create(person=client, outcome=outcome, decided_on=d(2019, 4, 2))
    assert len(of_rule(branch, d(2019, 4, 1), "civic_integration_term")) == 1
    assert of_rule(branch, d(2019, 4, 2), "civic_integration_term") == []


def test_filed_application_closes_the_family_reunification_term(branch, cases):
    dossier = cases["family_reunification_filing"][0]
    DossierStepFactory(dossier=dossier, step="application_filed", done_on=d(2017, 4, 3))
    DossierStepFactory(dossier=dossier, step="dna_test", done_on=d(2017, 3, 3))
    assert len(of_rule(branch, d(2017, 4, 2), "family_reunification_filing")) == 1
    assert of_rule(branch, d(2017, 4, 3), "family_reunification_filing") == []


def test_closing_the_dossier_closes_its_filing_term_and_its_steps(branch, cases):
    for rule in ("family_reunification_filing", "dossier_step"):
        dossier = getattr(cases[rule][0], "dossier", cases[rule][0])
        dossier.closed_on, dossier.outcome = d(2017, 3, 10), "withdrawn"
        dossier.save()
        assert len(of_rule(branch, d(2017, 3, 9), rule)) == 1
        assert of_rule(branch, d(2017, 3, 10), rule) == []


def test_family_reunification_term_needs_a_permit_and_that_kind_of_dossier(branch):
    DossierFactory(person=PersonFactory(location=branch), kind="family_reunification")
    DossierFactory(
        person=PersonFactory(location=branch, permit_granted_on=d(2017, 1, 2)), kind="asylum"
    )
    assert of_rule(branch, d(2017, 6, 1), "family_reunification_filing") == []


def test_family_reunification_term_shows_once_the_dossier_is_open(branch):
    # The term runs from the permit (31 January), but there is no dossier to work on before
    # it is opened (1 March); from then on the item is there, due from the permit.
    sponsor = PersonFactory(location=branch, permit_granted_on=d(2017, 1, 31))
    DossierFactory(person=sponsor, kind="family_reunification", opened_on=d(2017, 3, 1))
    assert of_rule(branch, d(2017, 2, 28), "family_reunification_filing") == []
    assert of_rule(branch, d(2017, 3, 1), "family_reunification_filing")[0][2] == d(2017, 4, 30)


def test_step_done_closes_its_item_and_steps_without_due_date_have_none(branch):
    dossier = DossierFactory(person=PersonFactory(location=branch), opened_on=d(2017, 2, 1))
    DossierStepFactory(dossier=dossier, step="ind_decision")
    DossierStepFactory(dossier=dossier, due_on=d(2017, 3, 1), done_on=d(2017, 2, 15))
    assert len(of_rule(branch, d(2017, 2, 14), "dossier_step")) == 1
    assert of_rule(branch, d(2017, 2, 15), "dossier_step") == []


@pytest.mark.parametrize("rule", ["settling_in_end", "integration_end"])
def test_ending_the_trajectory_closes_its_term(branch, cases, rule):
    trajectory = cases[rule][0]
    trajectory.ended_on, trajectory.end_reason = d(2018, 3, 1), "completed"
    trajectory.save()
    assert len(of_rule(branch, d(2018, 2, 28), rule)) == 1
    assert of_rule(branch, d(2018, 3, 1), rule) == []


def test_job_coaching_trajectories_have_no_term(branch):
    TrajectoryFactory(person=PersonFactory(location=branch), kind="job_coaching")
    assert item_keys(branch, d(2019, 1, 1)) == []


def test_recorded_evaluation_closes_only_its_own_moment(branch, cases):
    match = cases["match_evaluation_3m"][0]
    MatchEvaluation.objects.create(match=match, moment="3m", held_on=d(2018, 3, 5))
    assert len(of_rule(branch, d(2018, 3, 4), "match_evaluation_3m")) == 1
    assert of_rule(branch, d(2018, 3, 5), "match_evaluation_3m") == []
    assert len(of_rule(branch, d(2018, 3, 5), "match_evaluation_6m")) == 1


def test_ending_the_match_closes_both_evaluations_and_unstarted_matches_have_none(branch, cases):
    match = cases["match_evaluation_3m"][0]
    match.ended_on, match.outcome = d(2018, 1, 10), "stopped"
    match.save()
    MatchFactory(person=match.person, requested_on=d(2017, 1, 1))
    assert [k for k in item_keys(branch, d(2018, 1, 10)) if k[0].startswith("match")] == []


# Overrides, disabled rules, other branches.


def test_branch_setting_beats_region_setting_beats_default(branch, other_branch, far_branch):
    for location in (branch, other_branch, far_branch):
        TrajectoryFactory(
            person=PersonFactory(location=location), kind="settling_in", started_on=d(2017, 1, 15)
        )
    rule = DeadlineRule.objects.get(code="settling_in_end")
    RuleSetting.objects.create(rule=rule, region=branch.region, offset_months=3)
    RuleSetting.objects.create(rule=rule, location=other_branch, offset_months=6, offset_days=2)
    due = {
        location.external_id: of_rule(location, d(2017, 1, 15), "settling_in_end")[0][2]
        for location in (branch, other_branch, far_branch)
    }
    assert due == {
        "rijnmond": d(2017, 4, 15),  # the region's 3 months
        "waalstad": d(2017, 7, 17),  # its own 6 months and 2 days
        "noordkust": d(2017, 7, 15),  # another region: the default 6 months
    }


def test_disabled_rule_gives_no_items_unless_a_branch_switches_it_back_on(
    branch, other_branch, cases
):
    rule = DeadlineRule.objects.get(code="dossier_step")
    rule.enabled = False
    rule.save()
    assert of_rule(branch, d(2017, 2, 10), "dossier_step") == []
    RuleSetting.objects.create(rule=rule, location=branch, enabled=True)
    assert len(of_rule(branch, d(2017, 2, 10), "dossier_step")) == 1
    RuleSetting.objects.create(rule=rule, region=branch.region, enabled=False)
    assert len(of_rule(branch, d(2017, 2, 10), "dossier_step")) == 1


def test_items_of_other_branches_are_left_out(branch, other_branch, cases):
    housed_client(other_branch)
    assert item_keys(other_branch, d(2017, 6, 1))
    assert {key[1] for key in item_keys(branch, d(2017, 6, 1))}.isdisjoint(
        {key[1] for key in item_keys(other_branch, d(2017, 6, 1))}
    )


def test_query_count_does_not_grow_with_the_records(branch, django_assert_num_queries):
    def add_cases(n):
        for _ in range(n):
            client = housed_client(branch, permit_granted_on=d(2017, 1, 2))
            TrajectoryFactory(person=client, started_on=d(2017, 2, 1))
            TrajectoryFactory(person=client, kind="integration", started_on=d(2017, 2, 1))
            MatchFactory(person=client, started_on=d(2017, 2, 1))
            dossier = DossierFactory(person=client)
            DossierStepFactory(dossier=dossier, due_on=d(2017, 3, 1))

    add_cases(1)
    # one query per rule, whether it finds items or not
    queries = 3 + len(RULES + WI2021_RULES + LEGAL_RULES)
    with django_assert_num_queries(queries):
        assert len(open_items(on=d(2017, 6, 1), locations=[branch], user=CLI)) == len(RULES)
    add_cases(20)
    with django_assert_num_queries(queries):
        assert len(open_items(on=d(2017, 6, 1), locations=[branch], user=CLI)) == 21 * len(RULES)
    other = LocationFactory(region=branch.region)
    with django_assert_num_queries(queries):
        open_items(on=d(2017, 6, 1), locations=[branch, other], user=CLI)


# Scoping: who sees which items.


def test_volunteer_sees_the_coaching_items_of_their_own_clients_only(branch, users, today):
    volunteer = users[Role.VOLUNTEER]
    mine = housed_client(branch, housed_on=today, permit_granted_on=today)
    TrajectoryFactory(person=mine, coach=volunteer.staff_member, started_on=today)
    DossierStepFactory(dossier=DossierFactory(person=mine, opened_on=today), due_on=today)
    housed_client(branch, housed_on=today)
    rules = {(i.rule, i.person_id) for i in open_items(on=today, user=volunteer)}
    assert rules == {
        ("pvt_signature", mine.external_id),
        ("civic_integration_term", mine.external_id),
        ("settling_in_end", mine.external_id),
    }


def test_legal_volunteer_sees_dossier_items_only(branch, users, cases):
    rules = {i.rule for i in open_items(on=d(2017, 3, 1), user=users[Role.LEGAL])}
    assert rules == {"dossier_step", "family_reunification_filing"}


def test_team_leader_sees_the_branch_and_outsiders_see_nothing(branch, users, cases):
    on = d(2018, 1, 1)
    everything = item_keys(branch, on)
    assert [
        (i.rule, i.record_id, i.due_on, i.status)
        for i in open_items(on=on, user=users[Role.TEAM_LEADER])
    ] == everything
    assert len(open_items(on=on, user=users[Role.REGIONAL_MANAGER])) == len(everything)
    for outsider in ("other_team_leader", "no_role", Role.MUNICIPALITY_VIEWER):
        assert open_items(on=on, user=users[outsider]) == []


def test_worklist_groups_overdue_this_week_and_this_month_and_hides_later(branch, users, cases):
    work = worklist(user=users[Role.TEAM_LEADER], on=d(2018, 2, 22))
    assert [i.rule for i in work.overdue] == [
        "dossier_step",
        "family_reunification_filing",
        "pvt_signature",
    ]
    assert {i.rule for i in work.this_week} == {"settling_in_end", "match_evaluation_3m"}
    assert work.this_month == []
    assert work.total == 5
    later = worklist(user=users[Role.TEAM_LEADER], on=d(2018, 1, 29))
    assert {i.rule for i in later.this_month} == {"settling_in_end", "match_evaluation_3m"}
