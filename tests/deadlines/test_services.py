"""Closing items through their records, and changing a rule's term with its history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.actors import CLI
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, WriteRefused, record_update
from koers.deadlines import services
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.selectors import rule_history
from koers.legal import services as legal_services
from koers.matching import services as matching_services
from tests.deadlines.conftest import item_keys

d = datetime.date
ON = d(2018, 2, 20)


def open_rules(branch):
    return {key[0] for key in item_keys(branch, ON)}


def test_marking_the_step_done_closes_its_item_at_once_and_logs_the_change(branch, users, cases):
    step = cases["dossier_step"][0]
    assert "dossier_step" in open_rules(branch)
    legal_services.step_mark_done(
        step=step, done_on=d(2017, 2, 19), expected_version=step.version, by=users[Role.LEGAL]
    )
    assert "dossier_step" not in open_rules(branch)
    entry = ChangeLogEntry.objects.get(external_id="s-1")
    assert entry.user == users[Role.LEGAL]
    assert entry.changes == {"done_on": [None, "2017-02-19"]}


def test_a_stale_version_is_refused_and_nothing_is_written(branch, users, cases):
    step = cases["dossier_step"][0]
    with pytest.raises(ConflictError):
        legal_services.step_mark_done(
            step=step, done_on=d(2017, 2, 19), expected_version=step.version + 1, by=CLI
        )
    step.refresh_from_db()
    assert step.done_on is None


def test_a_step_cannot_be_done_before_its_dossier_opened(cases):
    step = cases["dossier_step"][0]
    with pytest.raises(ValidationError):
        legal_services.step_mark_done(
            step=step, done_on=d(2017, 1, 1), expected_version=step.version, by=CLI
        )


def test_recording_an_evaluation_closes_that_moment_and_only_once(branch, users, cases):
    match = cases["match_evaluation_3m"][0]
    matching_services.match_evaluate(
        match=match, moment="3m", held_on=d(2018, 2, 19), note="goed op weg", by=CLI
    )
    assert "match_evaluation_3m" not in open_rules(branch)
    with pytest.raises(ValidationError):
        matching_services.match_evaluate(match=match, moment="3m", held_on=ON, note="", by=CLI)
    with pytest.raises(ValidationError):
        matching_services.match_evaluate(
            match=match, moment="6m", held_on=d(2017, 1, 1), note="", by=CLI
        )


def test_exam_result_and_signature_close_the_person_terms(branch, cases):
    client = cases["pvt_signature"][0]
    services.participation_statement_record(
        person=client, signed_on=d(2018, 2, 1), expected_version=client.version, by=CLI
    )
    services.civic_integration_result_record(
        person=client, outcome="exemption", decided_on=d(2018, 2, 2), by=CLI
    )
    assert open_rules(branch).isdisjoint({"pvt_signature", "civic_integration_term"})


@pytest.fixture
def rule(db):
    return DeadlineRule.objects.get(code="settling_in_end")


def terms(rule, **target):
    return {"rule": rule, "offset_years": 0, "offset_days": 0, "enabled": True, **target}


def test_regional_manager_sets_a_region_and_a_branch_term_and_history_keeps_both(
    branch, users, rule
):
    manager = users[Role.REGIONAL_MANAGER]
    services.rule_setting_save(
        **terms(rule, region=branch.region), offset_months=3, expected_version=None, by=manager
    )
    setting = services.rule_setting_save(
        **terms(rule, location=branch), offset_months=6, expected_version=None, by=manager
    )
    services.rule_setting_save(
        **terms(rule, location=branch),
        offset_months=9,
        expected_version=setting.version,
        by=manager,
    )
    entries = list(ChangeLogEntry.objects.filter(content_type__model="rulesetting").order_by("id"))
    assert [(e.action, e.user, e.source) for e in entries] == [
        ("create", manager, "ui"),
        ("create", manager, "ui"),
        ("update", manager, "ui"),
    ]
    assert entries[0].changes["region"] == [None, branch.region]
    assert entries[1].changes["location_id"] == [None, branch.pk]
    assert entries[2].changes == {"offset_months": [6, 9]}
    term = {"offset_years": 0, "offset_weeks": 0, "offset_days": 0, "enabled": True}
    assert [(h.before, h.after) for h in rule_history(rule, location=branch)] == [
        ({**term, "offset_months": 6}, {**term, "offset_months": 9}),
        (None, {**term, "offset_months": 6}),
    ]
    assert [(h.before, h.after) for h in rule_history(rule, region=branch.region)] == [
        (None, {**term, "offset_months": 3})
    ]
    assert rule_history(rule) == []  # the foundation's default did not change


def test_clearing_a_branch_term_falls_back_to_the_region_and_is_recorded(branch, users, rule):
    manager = users[Role.REGIONAL_MANAGER]
    setting = services.rule_setting_save(
        **terms(rule, location=branch), offset_months=2, expected_version=None, by=manager
    )
    services.rule_setting_clear(
        rule=rule, location=branch, expected_version=setting.version, by=manager
    )
    assert not RuleSetting.objects.exists()
    removal = ChangeLogEntry.objects.latest("id")
    assert (removal.action, removal.object_id) == ("delete", setting.pk)
    assert removal.changes["offset_months"] == [2, None]
    term = {
        "offset_years": 0,
        "offset_months": 2,
        "offset_weeks": 0,
        "offset_days": 0,
        "enabled": True,
    }
    assert [(h.before, h.after) for h in rule_history(rule, location=branch)] == [
        (term, None),
        (None, term),
    ]


def test_a_removed_terms_history_stays_on_the_page_when_the_branch_sets_it_again(
    branch, other_branch, users, rule
):
    """Two settings of one branch over time, and another branch's, kept apart."""
    manager = users[Role.REGIONAL_MANAGER]
    first = services.rule_setting_save(
        **terms(rule, location=branch), offset_months=2, expected_version=None, by=manager
    )
    services.rule_setting_clear(
        rule=rule, location=branch, expected_version=first.version, by=manager
    )
    services.rule_setting_save(
        **terms(rule, location=branch), offset_months=5, expected_version=None, by=manager
    )
    services.rule_setting_save(
        **terms(rule, location=other_branch), offset_months=8, expected_version=None, by=manager
    )
    months = [
        (h.before and h.before["offset_months"], h.after and h.after["offset_months"])
        for h in rule_history(rule, location=branch)
    ]
    assert months == [(None, 5), (2, None), (None, 2)]
    assert [h.after["offset_months"] for h in rule_history(rule, location=other_branch)] == [8]


@pytest.mark.parametrize("who", [Role.TEAM_LEADER, Role.LEGAL, Role.VOLUNTEER, "no_role"])
def test_only_a_regional_manager_changes_terms(branch, users, rule, who):
    with pytest.raises(PermissionDenied):
        services.rule_setting_save(
            **terms(rule, location=branch), offset_months=1, expected_version=None, by=users[who]
        )
    assert not ChangeLogEntry.objects.exists()


def test_a_regional_manager_cannot_change_another_region_or_the_default(far_branch, users, rule):
    manager = users[Role.REGIONAL_MANAGER]
    for target in ({"location": far_branch}, {"region": "Noord"}, {}):
        with pytest.raises(PermissionDenied):
            services.rule_setting_save(
                **terms(rule, **target), offset_months=1, expected_version=None, by=manager
            )


def test_a_concurrent_change_of_a_term_is_refused(branch, users, rule):
    manager = users[Role.REGIONAL_MANAGER]
    services.rule_setting_save(
        **terms(rule, location=branch), offset_months=2, expected_version=None, by=manager
    )
    with pytest.raises(ConflictError):
        services.rule_setting_save(
            **terms(rule, location=branch), offset_months=4, expected_version=None, by=manager
        )


def test_a_superuser_changes_the_default_with_history(users, rule, admin_user):
    services.rule_setting_save(
        **terms(rule), offset_months=7, expected_version=rule.version, by=admin_user
    )
    rule.refresh_from_db()
    assert (rule.offset_months, rule.version) == (7, 2)
    change = ChangeLogEntry.objects.get()
    assert (change.content_type.model, change.object_id) == ("deadlinerule", rule.pk)
    assert (change.user, change.changes) == (admin_user, {"offset_months": [6, 7]})
    [shown] = rule_history(rule)
    assert (shown.before["offset_months"], shown.after["offset_months"]) == (6, 7)


def test_the_shared_writers_refuse_a_term_outside_the_writers_place(
    branch, far_branch, users, rule
):
    """The writers' own check, under the service's: a term is configuration, written only
    where ``configure_deadlines`` reaches (the regional manager's region, never a branch
    elsewhere; a team leader nowhere; the foundation's default only by a superuser)."""
    here = services.rule_setting_save(
        **terms(rule, location=branch), offset_months=4, expected_version=None, by=CLI
    )
    far = services.rule_setting_save(
        **terms(rule, location=far_branch), offset_months=4, expected_version=None, by=CLI
    )
    manager = users[Role.REGIONAL_MANAGER]
    record_update(here, by=manager, expected_version=here.version, offset_months=5)
    refused = [
        (far, manager),
        (here, users[Role.TEAM_LEADER]),
        (rule, manager),
    ]
    for record, by in refused:
        with pytest.raises(WriteRefused):
            record_update(record, by=by, expected_version=record.version, offset_months=7)
    assert RuleSetting.objects.get(pk=far.pk).offset_months == 4
    assert RuleSetting.objects.get(pk=here.pk).offset_months == 5
    assert DeadlineRule.objects.get(pk=rule.pk).offset_months == rule.offset_months
