"""Minimal data: no BSN anywhere, no religion field, health data only where a branch opts in,
and a ZRM filled only for the domains that matter to the client."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.coaching.forms import MeasurementForm, ReferralForm
from koers.coaching.models import (
    HEALTH_ZRM_DOMAINS,
    SelfRelianceMeasurement,
    ZrmDomain,
)
from koers.coaching.services import measurement_save, referral_create
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Role
from tests.factories import PersonFactory, TrajectoryFactory

DAY = datetime.date(2017, 4, 3)
BSN = re.compile(r"\bbsn\b|burgerservice|sofi.?nummer|citizen.?service|social.?security", re.I)
RELIGION = re.compile(r"relig|geloof|levensbeschouw|kerkgenootschap|faith|denomination", re.I)


def koers_fields():
    for model in apps.get_models():
        if model.__module__.startswith("koers."):
            for field in model._meta.get_fields():
                texts = [field.name, str(getattr(field, "verbose_name", ""))]
                texts += [str(getattr(field, "help_text", "")), getattr(field, "db_column", "")]
                yield model, field, " ".join(t for t in texts if t)


def test_no_model_has_a_bsn_field():
    found = [f"{m._meta.label}.{f.name}" for m, f, text in koers_fields() if BSN.search(text)]
    assert found == []


def test_the_scan_would_find_a_bsn_field():
    assert BSN.search("bsn") and BSN.search("Burgerservicenummer") and BSN.search("sofinummer")
    assert not BSN.search("absent") and not BSN.search("V-nummer")


def test_no_model_records_religion():
    """Decided: the figures and the work need no religion (docs/access.md, minimal data)."""
    found = [f"{m._meta.label}.{f.name}" for m, f, text in koers_fields() if RELIGION.search(text)]
    assert found == []


def test_a_branch_records_no_health_data_until_it_opts_in(branch):
    assert Location._meta.get_field("records_health").default is False
    assert Location.objects.get(pk=branch.pk).records_health is False


@pytest.fixture
def trajectory(branch):
    return TrajectoryFactory(person=PersonFactory(location=branch))


def opt_in(location, value=True):
    Location.objects.filter(pk=location.pk).update(records_health=value)
    location.refresh_from_db()


def scores(measurement) -> dict[str, int]:
    return dict(measurement.scores.values_list("domain", "score"))


def save(trajectory, by, scores, moment="intake", version=None):
    return measurement_save(
        trajectory=trajectory,
        moment=moment,
        measured_on=DAY,
        scores=scores,
        expected_version=version,
        by=by,
    )


def health_fields(form) -> set[str]:
    return {name for name in form.fields if name.removeprefix("zrm_") in HEALTH_ZRM_DOMAINS}


def test_zrm_form_shows_health_domains_only_where_the_branch_opted_in(branch):
    assert health_fields(MeasurementForm(location=branch)) == set()
    assert health_fields(MeasurementForm()) == set()  # no branch known: fail closed
    assert "zrm_finances" in MeasurementForm(location=branch).fields
    opt_in(branch)
    assert len(health_fields(MeasurementForm(location=branch))) == len(HEALTH_ZRM_DOMAINS) == 3


def test_service_refuses_health_scores_where_the_branch_did_not_opt_in(trajectory, users):
    with pytest.raises(ValidationError, match="geestelijke gezondheid"):
        save(trajectory, users[Role.TEAM_LEADER], {"finances": 2, "mental_health": 3})
    assert not SelfRelianceMeasurement.objects.exists()


def test_opted_in_branch_records_health_scores(trajectory, users, branch):
    opt_in(branch)
    measurement = save(trajectory, users[Role.TEAM_LEADER], {"physical_health": 4})
    assert scores(measurement) == {"physical_health": 4}


def test_after_opting_out_saving_neither_shows_nor_erases_stored_health_scores(
    trajectory, users, branch
):
    opt_in(branch)
    measurement = save(trajectory, users[Role.TEAM_LEADER], {"finances": 2, "substance_use": 4})
    opt_in(branch, False)
    form = MeasurementForm(location=branch)
    assert "zrm_substance_use" not in form.fields
    again = save(trajectory, users[Role.TEAM_LEADER], {"finances": 3}, version=measurement.version)
    assert scores(again) == {"finances": 3, "substance_use": 4}


def test_zrm_may_be_filled_for_a_subset_of_domains(trajectory, users, branch):
    form = MeasurementForm({"measured_on": DAY.isoformat(), "zrm_housing": "2"}, location=branch)
    assert form.is_valid(), form.errors
    assert form.scores(form.cleaned_data) == {"housing": 2}
    measurement = save(trajectory, users[Role.TEAM_LEADER], form.scores(form.cleaned_data))
    assert scores(measurement) == {"housing": 2}
    assert not any(f.required for name, f in form.fields.items() if name.startswith("zrm_"))


def test_zrm_with_no_domain_at_all_is_refused(trajectory, users):
    with pytest.raises(ValidationError):
        save(trajectory, users[Role.TEAM_LEADER], {})


def test_trajectory_page_hides_health_rows_unless_the_branch_opted_in(trajectory, users, branch):
    opt_in(branch)
    save(trajectory, users[Role.TEAM_LEADER], {"finances": 2, "mental_health": 3})
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid})
    label = str(ZrmDomain.MENTAL_HEALTH.label)
    assert label in client.get(url).content.decode()
    opt_in(branch, False)
    body = client.get(url).content.decode()
    assert label not in body and str(ZrmDomain.FINANCES.label) in body


def test_referral_to_mental_health_care_only_where_the_branch_opted_in(trajectory, users, branch):
    offered = dict(ReferralForm(location=branch).fields["partner"].choices)
    assert "mental_health" not in offered and "gp" in offered
    referral = {
        "person": trajectory.person,
        "trajectory": trajectory,
        "partner": "mental_health",
        "partner_detail": "",
        "referred_on": DAY,
        "reason": "Aanmelding",
        "warm_handover": True,
        "by": users[Role.TEAM_LEADER],
    }
    with pytest.raises(ValidationError):
        referral_create(**referral)
    opt_in(branch)
    assert "mental_health" in dict(ReferralForm(location=branch).fields["partner"].choices)
    assert referral_create(**referral).partner == "mental_health"


def special_categories_url(location) -> str:
    return reverse("staff:special_categories", kwargs={"location_uid": location.uid})


def test_team_leader_opts_the_branch_in_and_the_change_log_says_who(users, branch):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    url = special_categories_url(branch)
    assert "gezondheidsgegevens" in client.get(url).content.decode()
    response = client.post(url, {"version": branch.version, "records_health": "on"})
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.records_health
    entry = ChangeLogEntry.objects.get(object_id=branch.pk, action="update")
    assert entry.user == users[Role.TEAM_LEADER]
    assert entry.changes == {"records_health": [False, True]}


@pytest.mark.parametrize(
    "who", [Role.VOLUNTEER, Role.LEGAL, Role.REGIONAL_MANAGER, "other_team_leader", "no_role"]
)
def test_only_the_branchs_team_leader_or_an_administrator_sets_the_opt_in(users, branch, who):
    client = Client()
    client.force_login(users[who])
    url = special_categories_url(branch)
    assert client.post(url, {"version": branch.version, "records_health": "on"}).status_code == 404
    branch.refresh_from_db()
    assert not branch.records_health


def test_administrator_sets_the_opt_in_of_any_branch(users, far_branch):
    client = Client()
    client.force_login(users[Role.ADMINISTRATOR])
    url = special_categories_url(far_branch)
    response = client.post(url, {"version": far_branch.version, "records_health": "on"})
    assert response.status_code == 302
    far_branch.refresh_from_db()
    assert far_branch.records_health


@pytest.mark.parametrize(
    ("url_name", "kwargs", "field"),
    [
        ("coaching:measurement_edit", {"moment": "intake"}, "zrm_mental_health"),
        ("coaching:referral_add", {}, 'value="mental_health"'),
    ],
)
def test_the_coachs_forms_offer_health_fields_only_where_the_branch_opted_in(
    trajectory, users, branch, url_name, kwargs, field
):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse(url_name, kwargs={"trajectory_uid": trajectory.uid, **kwargs})
    assert field not in client.get(url).content.decode()
    opt_in(branch)
    assert field in client.get(url).content.decode()
