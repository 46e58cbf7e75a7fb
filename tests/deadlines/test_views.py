"""The worklist page, closing in place (htmx), the rules pages and the panels."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from koers.core.models import AccessLogEntry, ChangeLogEntry
from koers.core.scoping import Role
from koers.deadlines.models import DeadlineRule, RuleSetting
from koers.deadlines.panels import home_panel, nav_link, person_panel
from koers.matching.models import MatchEvaluation
from tests.deadlines.conftest import housed_client, months_before
from tests.factories import DossierFactory, DossierStepFactory, MatchFactory, TrajectoryFactory

DAY = datetime.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def work(branch, users, today):
    """Today: a client of the volunteer with an overdue step, an evaluation due within 3 days."""
    coach = users[Role.VOLUNTEER].staff_member
    client = housed_client(branch, housed_on=today, given_name="Amina", family_name="Haddad")
    TrajectoryFactory(person=client, coach=coach, started_on=today - 30 * DAY)
    dossier = DossierFactory(person=client, opened_on=today - 30 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - 2 * DAY)
    match = MatchFactory(
        person=client,
        staff=coach,
        requested_on=today - 200 * DAY,
        started_on=months_before(today + 3 * DAY, 3),
    )
    stranger = housed_client(branch, housed_on=today - 350 * DAY, given_name="Rahel")
    return {"client": client, "step": step, "match": match, "stranger": stranger}


def page(client, user, url=None, **kwargs):
    client.force_login(user)
    return client.get(url or reverse("deadlines:worklist"), **kwargs)


def test_team_leader_worklist_lists_the_branch_items_overdue_first(client, users, work):
    response = page(client, users[Role.TEAM_LEADER])
    assert response.status_code == 200
    text = response.content.decode()
    table = text.partition("deadline-list")[2].partition("</table>")[0]
    overdue, _, rest = table.partition("Evaluatie koppeling na 3 maanden")
    assert "DNA-onderzoek" in overdue and "te laat" in overdue
    assert "DNA-onderzoek" not in rest
    assert "Rahel" in text


def test_items_link_to_their_record_and_the_client_file(client, users, work):
    text = page(client, users[Role.TEAM_LEADER]).content.decode()
    dossier_uid = work["step"].dossier.uid
    assert f'href="{reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier_uid})}"' in text
    match_url = reverse("matching:match_detail", kwargs={"match_uid": work["match"].uid})
    assert f'href="{match_url}"' in text
    file_url = reverse("people:file", kwargs={"person_uid": work["client"].uid})
    assert f'href="{file_url}"' in text


def test_volunteer_worklist_has_their_clients_without_legal_items(client, users, work):
    text = page(client, users[Role.VOLUNTEER]).content.decode()
    assert "Amina Haddad" in text
    assert "Rahel" not in text
    assert "DNA-onderzoek" not in text


def test_legal_worklist_has_the_dossier_items_only(client, users, work):
    text = page(client, users[Role.LEGAL]).content.decode()
    assert "DNA-onderzoek" in text
    assert "Evaluatie koppeling" not in text


def test_worklist_writes_the_access_log(client, users, work):
    page(client, users[Role.VOLUNTEER])
    logged = set(AccessLogEntry.objects.values_list("person_id", flat=True))
    assert logged == {work["client"].pk}


@pytest.mark.parametrize("who", ["no_role", Role.MUNICIPALITY_VIEWER, Role.ADMINISTRATOR])
def test_worklist_is_not_found_for_roles_without_client_data(client, users, who):
    assert page(client, users[who]).status_code == 404


def test_worklist_asks_anonymous_users_to_log_in(client, db):
    assert client.get(reverse("deadlines:worklist")).status_code == 302


def step_url(step):
    return reverse("deadlines:step_done", kwargs={"dossierstep_uid": step.uid})


def test_step_done_in_place_returns_the_closed_row(client, users, work, today):
    step = work["step"]
    client.force_login(users[Role.LEGAL])
    response = client.post(
        step_url(step), {"version": step.version, "done_on": today.isoformat()}, **HTMX
    )
    assert response.status_code == 200
    assert 'class="deadline-item closed"' in response.content.decode()
    step.refresh_from_db()
    assert step.done_on == today
    assert "DNA-onderzoek" not in page(client, users[Role.LEGAL]).content.decode()


def test_step_done_without_htmx_redirects_to_the_worklist(client, users, work, today):
    step = work["step"]
    client.force_login(users[Role.TEAM_LEADER])
    response = client.post(step_url(step), {"version": step.version, "done_on": today.isoformat()})
    assert response.status_code == 302
    assert response.url == reverse("deadlines:worklist")


def test_stale_form_shows_the_conflict_in_the_row_and_writes_nothing(client, users, work, today):
    step = work["step"]
    client.force_login(users[Role.LEGAL])
    response = client.post(
        step_url(step), {"version": step.version + 1, "done_on": today.isoformat()}, **HTMX
    )
    assert response.status_code == 422
    assert "Iemand anders heeft dit intussen opgeslagen" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on is None


def test_invalid_date_is_shown_in_the_row(client, users, work):
    step = work["step"]
    client.force_login(users[Role.LEGAL])
    response = client.post(
        step_url(step), {"version": step.version, "done_on": "2000-01-01"}, **HTMX
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "vóór de opening" in text
    assert f'id="item-dossier_step-{step.uid}"' in text


@pytest.mark.parametrize("who", [Role.VOLUNTEER, Role.REGIONAL_MANAGER, "other_team_leader"])
def test_others_cannot_mark_the_step_done(client, users, work, today, who):
    step = work["step"]
    client.force_login(users[who])
    response = client.post(step_url(step), {"version": step.version, "done_on": today.isoformat()})
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.done_on is None


def test_volunteer_records_the_evaluation_of_their_match(client, users, work, today):
    match = work["match"]
    client.force_login(users[Role.VOLUNTEER])
    url = reverse("deadlines:match_evaluation", kwargs={"match_uid": match.uid})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"moment": "3m", "held_on": today.isoformat(), "note": "gaat goed"}, **HTMX
    )
    assert response.status_code == 200
    assert MatchEvaluation.objects.get(match=match).moment == "3m"


def test_volunteer_records_signature_and_exam_result_of_their_client(client, users, work, today):
    person = work["client"]
    client.force_login(users[Role.VOLUNTEER])
    signature = reverse("deadlines:participation_statement", kwargs={"person_uid": person.uid})
    exam = reverse("deadlines:civic_integration", kwargs={"person_uid": person.uid})
    client.post(signature, {"version": person.version, "signed_on": today.isoformat()}, **HTMX)
    client.post(exam, {"outcome": "exam_passed", "decided_on": today.isoformat()}, **HTMX)
    person.refresh_from_db()
    assert person.participation_statement_signed_on == today
    assert person.civic_integration_results.get().outcome == "exam_passed"
    stranger = reverse(
        "deadlines:participation_statement", kwargs={"person_uid": work["stranger"].uid}
    )
    assert client.get(stranger).status_code == 404


def test_regional_manager_sees_items_but_no_closing_forms(client, users, work):
    text = page(client, users[Role.REGIONAL_MANAGER]).content.decode()
    assert "DNA-onderzoek" in text
    assert "deadline-close" not in text


# Rules pages.


def test_regional_manager_sees_each_rule_per_branch_of_the_region(
    client, users, branch, other_branch
):
    rule = DeadlineRule.objects.get(code="settling_in_end")
    RuleSetting.objects.create(rule=rule, region=branch.region, offset_months=3)
    RuleSetting.objects.create(rule=rule, location=other_branch, offset_months=4)
    response = page(client, users[Role.REGIONAL_MANAGER], reverse("deadlines:rules"))
    text = response.content.decode()
    assert response.status_code == 200
    section = text.partition('id="rule-settling_in_end"')[2].partition("</section>")[0]
    rows = [" ".join(row.split()) for row in section.split("<tr>")[2:]]
    assert "6 maanden" in rows[0]  # the default
    assert "3 maanden" in rows[1] and "eigen termijn" in rows[1]  # the region's
    assert branch.name in rows[2] and "3 maanden" in rows[2] and "regio" in rows[2]
    assert other_branch.name in rows[3] and "4 maanden" in rows[3]


@pytest.mark.parametrize("who", [Role.TEAM_LEADER, Role.LEGAL, Role.MUNICIPALITY_VIEWER, "no_role"])
def test_rules_pages_are_not_found_for_others(client, users, branch, who):
    assert page(client, users[who], reverse("deadlines:rules")).status_code == 404
    edit = reverse("deadlines:rule_edit", args=["settling_in_end"]) + "?locatie=rijnmond"
    client.force_login(users[who])
    assert (
        client.post(edit, {"offset_years": 0, "offset_months": 1, "offset_days": 0}).status_code
        == 404
    )
    assert not RuleSetting.objects.exists()


def test_regional_manager_sets_and_clears_a_branch_term_in_the_ui(client, users, branch):
    edit = reverse("deadlines:rule_edit", args=["settling_in_end"]) + "?locatie=rijnmond"
    form = {"offset_years": 0, "offset_months": 3, "offset_days": 0, "enabled": "on"}
    assert page(client, users[Role.REGIONAL_MANAGER], edit).status_code == 200
    assert client.post(edit, form).status_code == 302
    setting = RuleSetting.objects.get()
    assert (setting.location, setting.offset_months) == (branch, 3)
    text = client.get(edit).content.decode()
    assert "regiomanager" in text  # the history says who
    client.post(edit, {**form, "version": setting.version, "clear": "1"})
    assert not RuleSetting.objects.exists()
    assert list(ChangeLogEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "create",
        "delete",
    ]
    text = client.get(edit).content.decode()
    assert text.count("(geen eigen termijn)") == 2  # before it was set, after it was removed


def test_region_term_form_saves_for_the_region(client, users, branch):
    edit = reverse("deadlines:rule_edit", args=["integration_end"]) + f"?regio={branch.region}"
    client.force_login(users[Role.REGIONAL_MANAGER])
    client.post(edit, {"offset_years": 1, "offset_months": 0, "offset_days": 0})
    setting = RuleSetting.objects.get()
    assert (setting.region, setting.location, setting.offset_years, setting.enabled) == (
        branch.region,
        None,
        1,
        False,
    )


# Panels.


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_home_panel_shows_the_users_items_of_this_week(users, work):
    panel = home_panel(request_for(users[Role.VOLUNTEER]))
    items = [i for _, group in panel.context["worklist"].groups for i in group]
    assert {i.rule for i in items} == {"match_evaluation_3m"}
    assert panel.template == "deadlines/panel_home.html"


def test_panels_are_absent_for_users_without_client_data(users, work):
    for who in (Role.MUNICIPALITY_VIEWER, "no_role"):
        assert home_panel(request_for(users[who])) is None
        assert nav_link(request_for(users[who])) is None
        assert person_panel(request_for(users[who]), work["client"]) is None


def test_person_panel_lists_the_clients_open_items_the_user_may_see(users, work):
    legal = person_panel(request_for(users[Role.LEGAL]), work["client"])
    rules = {row["item"].rule for row in legal.context["rows"]}
    assert rules == {"dossier_step"}
    leader = person_panel(request_for(users[Role.TEAM_LEADER]), work["client"])
    assert {row["item"].rule for row in leader.context["rows"]} == {
        "dossier_step",
        "pvt_signature",
        "civic_integration_term",
        "settling_in_end",
        "match_evaluation_3m",
        "match_evaluation_6m",
    }


def test_the_client_files_items_say_when_as_the_worklist_does(client, users, work, today):
    """One wording of a due date (core.formatting.due_text) on the file as on the worklist:
    days, "morgen", then months and years, never "over 1.096 dagen"."""
    dossier = work["step"].dossier
    DossierStepFactory(dossier=dossier, step="embassy_visit", due_on=today + DAY)
    DossierStepFactory(dossier=dossier, step="visa_issued", due_on=today + 1096 * DAY)
    url = reverse("people:file", kwargs={"person_uid": work["client"].uid})
    text = page(client, users[Role.TEAM_LEADER], url).content.decode()
    statuses = re.findall(r'<span class="status">([^<]*)</span>', text)
    assert {"2 dagen te laat", "morgen", "over 3 jaar"} <= set(statuses)
    assert not any("1.096" in status or "over 1 dag" in status for status in statuses)
