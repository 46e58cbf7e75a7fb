"""core.dates: every date field of Koers is decided (may it lie ahead?), and the rules hold on
every path: a record's clean_fields (services, admin), a WorkForm, the import (tests/exchange)."""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.core import dates
from koers.core.editing import WorkForm, field_of
from koers.people.models import Person, Placement
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    FamilyMemberFactory,
    PersonFactory,
    PlacementFactory,
)

# The dates that happened (not after today), as decided; a new date field fails the first
# test until it is added here or to core.dates.MAY_LIE_AHEAD.
HAPPENED = {
    "people.Person.birth_date",
    "people.Person.permit_granted_on",
    "people.Person.participation_statement_signed_on",
    "people.Placement.housed_on",
    "people.CivicIntegrationResult.decided_on",
    "staff.StaffMember.agreement_signed_on",
    "staff.StaffMember.conduct_certificate_on",
    "staff.Training.completed_on",
    "coaching.Trajectory.started_on",
    "coaching.Trajectory.ended_on",
    "coaching.Trajectory.exit_conversation_on",
    "coaching.TrajectoryPlan.agreed_on",
    "coaching.TrajectoryEvaluation.held_on",
    "coaching.SelfRelianceMeasurement.measured_on",
    "coaching.Referral.referred_on",
    "coaching.Signal.noticed_on",
    "coaching.Signal.reported_on",
    "contacts.Contact.date",
    "legal.Dossier.opened_on",
    "legal.Dossier.closed_on",
    "legal.DossierStep.done_on",
    "matching.Match.requested_on",
    "matching.Match.started_on",
    "matching.Match.extended_on",
    "matching.MatchEvaluation.held_on",
    "integration.Linking.linked_on",
    "integration.Linking.cancelled_on",
    "integration.IntegrationPlan.obligation_on",
    "integration.IntegrationPlan.intake_started_on",
    "integration.IntegrationPlan.intake_completed_on",
    "integration.IntegrationPlan.pip_on",
    "integration.IntegrationPlan.route_switched_on",
    "integration.IntegrationPlan.map_completed_on",
    "integration.IntegrationPlan.completed_on",
    "integration.IntegrationPlan.exempted_on",
    "reports.PublishedReport.published_on",
    "coaching.CoachPeriod.started_on",
    "matching.MatchVolunteerPeriod.started_on",
    "legal.FamilyMember.birth_date",
    "legal.FamilyMember.arrived_on",
    "transfers.Transfer.consent_on",
    "transfers.Transfer.moved_on",
}


def all_date_fields() -> set[str]:
    return {
        dates.label_of(model, name)
        for model in apps.get_models()
        if model.__module__.startswith("koers.")
        for name in dates.date_fields(model)
    }


def test_every_date_field_is_decided_once():
    found = all_date_fields()
    ahead = set(dates.MAY_LIE_AHEAD)
    assert not ahead & HAPPENED
    assert ahead <= found, "MAY_LIE_AHEAD names a field that does not exist"
    assert found - ahead == HAPPENED, "decide the new date field: core.dates.MAY_LIE_AHEAD?"


def test_a_kind_is_read_from_the_table():
    assert dates.kind_of("legal.DossierStep.due_on") == dates.AHEAD
    assert dates.kind_of("people.Person.birth_date") == dates.HAPPENED
    assert dates.kind_of(None) == dates.HAPPENED  # a form's own date field: a day that was


@pytest.mark.django_db
def test_a_record_refuses_a_birth_after_today_and_a_placement_before_birth():
    today = timezone.localdate()
    person = PersonFactory(birth_date=datetime.date(2015, 5, 1))
    person.birth_date = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "ligt na vandaag" in str(refused.value.message_dict["birth_date"])
    placement = PlacementFactory(person=PersonFactory(birth_date=datetime.date(2015, 5, 1)))
    placement.housed_on = datetime.date(2015, 4, 30)
    with pytest.raises(ValidationError) as before:
        placement.full_clean()
    assert "vóór de geboorte" in str(before.value.message_dict["housed_on"])
    placement.housed_on = datetime.date(2015, 5, 1)
    placement.full_clean()  # on the day of birth: possible


@pytest.mark.django_db
def test_a_participation_statement_is_signed_by_an_adult():
    person = PersonFactory(birth_date=datetime.date(2000, 6, 2))
    person.participation_statement_signed_on = datetime.date(2018, 6, 1)
    with pytest.raises(ValidationError) as child:
        person.full_clean()
    assert "17 jaar" in str(child.value.message_dict["participation_statement_signed_on"])
    person.participation_statement_signed_on = datetime.date(2018, 6, 2)
    person.full_clean()


class Dated(WorkForm):
    housed_on = field_of(Placement, "housed_on")
    own = forms.DateField(required=False)


def form(**data) -> Dated:
    return Dated({key: value.isoformat() for key, value in data.items()})


def test_a_form_refuses_a_happened_date_after_today_next_to_the_field():
    today = timezone.localdate()
    refused = form(housed_on=today + datetime.timedelta(days=1), own=today)
    assert not refused.is_valid()
    assert "ligt na vandaag" in refused.errors["housed_on"][0]
    confirmed = Dated(
        {"housed_on": (today + datetime.timedelta(days=1)).isoformat(), "confirmed": "on"}
    )
    assert not confirmed.is_valid()  # no tick makes it true
    own = form(housed_on=today, own=today + datetime.timedelta(days=1))
    assert not own.is_valid() and "own" in own.errors  # a form's own date: it happened


def test_a_date_far_back_or_far_ahead_asks_klopt_dit():
    today = timezone.localdate()
    old = form(housed_on=today.replace(year=today.year - 31))
    assert not old.is_valid()
    assert old.warnings and old.warnings[0].startswith("Klopt dit?")
    ahead = dates.doubt(dates.AHEAD, today.replace(year=today.year + 6), "De termijn")
    assert ahead and "jaar vooruit" in ahead
    assert dates.doubt(dates.AHEAD, today.replace(year=today.year + 4), "De termijn") is None


def test_person_birth_over_110_years_is_a_doubt_not_a_refusal():
    today = timezone.localdate()
    label = str(Person._meta.get_field("birth_date").verbose_name)
    assert dates.doubt(dates.HAPPENED, today.replace(year=today.year - 111), label, birth=True)
    assert not dates.doubt(dates.HAPPENED, today.replace(year=today.year - 100), label, birth=True)


@pytest.mark.django_db
def test_a_record_reached_through_another_refuses_a_date_before_the_clients_birth():
    person = PersonFactory(birth_date=datetime.date(2015, 5, 1))
    step = DossierStepFactory(
        dossier=DossierFactory(person=person, opened_on=datetime.date(2016, 1, 4))
    )
    step.done_on = datetime.date(2015, 4, 30)
    with pytest.raises(ValidationError) as before:
        step.full_clean()
    assert "vóór de geboorte" in str(before.value.message_dict["done_on"])
    step.done_on = datetime.date(2015, 5, 1)
    step.full_clean()
    member = FamilyMemberFactory(
        dossier=step.dossier, birth_date=datetime.date(1960, 1, 1), arrived_on=None
    )
    member.full_clean()  # a parent abroad is born before the client: about someone else
