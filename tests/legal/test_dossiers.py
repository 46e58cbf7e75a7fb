"""Legal dossiers: open, close with outcome, steps done; legal roles only; warnings."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.legal import selectors, services
from koers.legal.models import Dossier
from koers.legal.panels import person_panel
from tests.factories import DossierFactory, DossierStepFactory, PersonFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dossier(branch):
    dossier = DossierFactory(person=PersonFactory(location=branch, given_name="Referent"))
    DossierStepFactory(
        dossier=dossier, step="application_filed", done_on=datetime.date(2017, 2, 10)
    )
    DossierStepFactory(dossier=dossier, step="ind_decision", due_on=datetime.date(2017, 8, 10))
    return dossier


def detail(dossier) -> str:
    return reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier.uid})


def test_legal_volunteer_sees_the_branchs_dossiers_and_no_coaching(dossier, users):
    client = client_for(users[Role.LEGAL])
    assert list(client.get(reverse("legal:dossier_list")).context["page"]) == [dossier]
    assert client.get(detail(dossier)).status_code == 200
    assert client.get(reverse("coaching:trajectory_list")).status_code == 404
    assert AccessLogEntry.objects.filter(person=dossier.person, action="view").exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.MUNICIPALITY_VIEWER, "other_team_leader"])
def test_non_legal_roles_and_other_branches_get_404(dossier, users, role):
    assert client_for(users[role]).get(detail(dossier)).status_code == 404


def test_list_filters_overdue_and_closed(dossier, users, branch):
    DossierFactory(person=PersonFactory(location=branch), kind="naturalisation")
    client = client_for(users[Role.LEGAL])
    url = reverse("legal:dossier_list")
    assert list(client.get(url, {"overdue": "on"}).context["page"]) == [dossier]
    assert len(client.get(url, {"kind": "naturalisation"}).context["page"]) == 1
    assert list(client.get(url, {"status": "closed"}).context["page"]) == []


def test_step_plan_lists_done_steps_then_open_ones_by_due_date(dossier):
    steps = [step.step for step in selectors.step_plan(dossier)]
    assert steps == ["application_filed", "ind_decision"]


def test_marking_a_step_done_with_htmx_returns_its_row(dossier, users):
    step = dossier.steps.get(step="ind_decision")
    url = reverse("legal:step_done", kwargs={"dossierstep_uid": step.uid})
    prefix = f"step-{step.pk}"
    response = client_for(users[Role.LEGAL]).post(
        url,
        {
            f"{prefix}-done_on": "2017-08-01",
            f"{prefix}-outcome": "granted",
            f"{prefix}-version": step.version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "gedaan op" in response.content.decode()
    step.refresh_from_db()
    assert step.done_on == datetime.date(2017, 8, 1)


def test_marking_a_step_done_twice_from_stale_pages_conflicts(dossier, users):
    step = dossier.steps.get(step="ind_decision")
    url = reverse("legal:step_done", kwargs={"dossierstep_uid": step.uid})
    prefix = f"step-{step.pk}"
    client = client_for(users[Role.LEGAL])
    data = {
        f"{prefix}-done_on": "2017-08-01",
        f"{prefix}-outcome": "refused",
        f"{prefix}-version": step.version,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, f"{prefix}-done_on": "2017-08-05"})
    assert stale.status_code == 422
    step.refresh_from_db()
    assert step.done_on == datetime.date(2017, 8, 1)


def test_closing_requires_an_outcome(dossier, users):
    with pytest.raises(ValidationError) as error:
        services.dossier_close(
            dossier=dossier,
            closed_on=datetime.date(2017, 9, 1),
            outcome="",
            expected_version=dossier.version,
            by=users[Role.LEGAL],
        )
    assert "outcome" in error.value.error_dict
    url = reverse("legal:dossier_close", kwargs={"dossier_uid": dossier.uid})
    client = client_for(users[Role.LEGAL])
    response = client.post(url, {"closed_on": "2017-09-01", "version": dossier.version})
    assert response.status_code == 422
    assert response.context["form"].errors["outcome"]
    data = {"closed_on": "2017-09-01", "outcome": "granted", "version": dossier.version}
    assert client.post(url, data).status_code == 302
    dossier.refresh_from_db()
    assert (dossier.closed_on, dossier.outcome) == (datetime.date(2017, 9, 1), "granted")


def test_a_child_as_sponsor_is_a_warning_the_user_can_confirm(branch, users):
    child = PersonFactory(location=branch, birth_date=datetime.date(2005, 1, 1))
    url = reverse("legal:dossier_open", kwargs={"person_uid": child.uid})
    client = client_for(users[Role.LEGAL])
    data = {"kind": "family_reunification", "opened_on": "2017-03-01", "guardianship": "true"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "12 jaar" in response.content.decode()
    assert not Dossier.objects.exists()
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    assert Dossier.objects.get().guardianship is True


def test_person_panel_only_for_legal_reach(dossier, users, rf):
    request = rf.get("/")
    request.user = users[Role.LEGAL]
    panel = person_panel(request, dossier.person)
    assert "beslissing IND" in render_to_string(panel.template, panel.context)
    request.user = users[Role.VOLUNTEER]
    assert person_panel(request, dossier.person) is None
