"""Anonymisation, the retention run and erasure requests: what changes, what stays, who is kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from koers.coaching.models import BudgetLine
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError, record_update
from koers.people.models import Dwelling, Person
from koers.privacy.anonymise import anonymise_people
from koers.privacy.models import Anonymisation, AnonymisationReason, ErasureRequest
from koers.privacy.scrub import ANONYMISED_KEY, MARK
from koers.privacy.services import RETENTION, erasure_request, retention_run
from tests.factories import DossierFactory, TrajectoryFactory
from tests.privacy.world import household_history

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def family(users, branch):
    """A parent and a child of 2005 with full files, sharing a dwelling and a budget."""
    return household_history(branch, 1, year=2005, by=users[Role.TEAM_LEADER])


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


def test_anonymising_overwrites_names_v_number_notes_and_their_history(family):
    parent, _child = family
    anonymise_people([parent.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    person = fresh(parent.person)
    assert (person.given_name, person.family_name) == ("Geanonimiseerd", f"({person.external_id})")
    assert person.v_number == "" and person.name_key == ""
    trajectory = person.trajectories.get()
    assert trajectory.exit_summary == ""
    assert trajectory.plan.goals == MARK
    assert person.contacts.get().note == ""
    assert person.contacts.get().venue == "Kerkstraat"  # a figure counts days per venue
    history = ChangeLogEntry.objects.filter(person_id=person.pk)
    assert history.count() > 8
    for entry in history:
        for field in ("given_name", "family_name", "v_number", "note", "goals", "birth_date"):
            if field in entry.changes:
                assert set(entry.changes[field]) <= {MARK, None, "", "Geanonimiseerd"}
    assert Anonymisation.objects.get(person=person).reason == "retention"


def test_shared_address_and_budget_stay_until_the_whole_household_is_anonymised(family):
    parent, child = family
    dwelling = Dwelling.objects.get(placements__person=parent.person)
    line = BudgetLine.objects.get(household=parent.person.household)

    anonymise_people([parent.person], by=RETENTION, reason=AnonymisationReason.ERASURE)
    assert fresh(dwelling).house_number == dwelling.house_number
    assert fresh(line).counterparty == line.counterparty

    anonymise_people([child.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    assert (fresh(dwelling).postcode, fresh(dwelling).house_number) == ("", "")
    assert fresh(dwelling).landlord == "Woonstichting"
    assert (fresh(line).description, fresh(line).counterparty) == (MARK, "")


def test_an_edit_form_opened_before_anonymisation_cannot_write_the_name_back(family, users):
    parent, _ = family
    opened = fresh(parent.person)
    anonymise_people([parent.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    with pytest.raises(ConflictError):
        record_update(
            opened, by=users[Role.TEAM_LEADER], expected_version=opened.version, given_name="Old"
        )


def test_anonymising_twice_changes_nothing_the_second_time(family):
    parent, _ = family
    anonymise_people([parent.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    again = anonymise_people([parent.person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    assert again["people"] == 0
    assert Anonymisation.objects.filter(person=parent.person).count() == 1


def test_retention_runs_in_batches_and_takes_only_who_is_due(family, settings):
    settings.KOERS_RETENTION_YEARS = 15
    running = TrajectoryFactory(
        person__location=family[0].person.location, started_on=datetime.date(2004, 1, 1)
    )
    result = retention_run(today=TODAY, batch_size=1)
    assert result.batches == 2 and result.counts["people"] == 2
    assert result.counts["people.dwelling"] == 1
    assert set(Anonymisation.objects.values_list("person_id", flat=True)) == {
        family[0].person.pk,
        family[1].person.pk,
    }
    assert not Anonymisation.objects.filter(person=running.person).exists()
    assert set(Anonymisation.objects.values_list("by", flat=True)) == {None}
    marks = ChangeLogEntry.objects.filter(changes__has_key=ANONYMISED_KEY)
    assert set(marks.values_list("user", "source")) == {(None, "retention")}
    assert retention_run(today=TODAY).counts["people"] == 0


def test_retention_with_a_longer_term_leaves_everyone(family, settings):
    settings.KOERS_RETENTION_YEARS = 25
    assert retention_run(today=TODAY).counts["people"] == 0


def test_erasure_is_granted_at_once_when_nothing_keeps_the_data(family, users):
    parent, _ = family
    request = erasure_request(
        person=parent.person, reason="brief van 2 mei", by=users[Role.TEAM_LEADER], today=TODAY
    )
    assert request.granted and request.refusal == ""
    anonymisation = Anonymisation.objects.get(person=parent.person)
    assert anonymisation.reason == AnonymisationReason.ERASURE
    assert anonymisation.by == users[Role.TEAM_LEADER]
    assert fresh(parent.person).given_name == "Geanonimiseerd"


def test_erasure_is_refused_and_recorded_while_a_dossier_runs(family, users):
    parent, _ = family
    DossierFactory(person=parent.person, opened_on=datetime.date(2026, 1, 5))
    request = erasure_request(
        person=parent.person, reason="mondeling verzoek", by=users[Role.TEAM_LEADER], today=TODAY
    )
    assert not request.granted
    assert "juridisch dossier" in request.refusal
    assert fresh(parent.person).given_name == parent.names[-1]
    assert not Anonymisation.objects.exists()
    assert ErasureRequest.objects.get() == request


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_erasure_request_needs_a_reason(family, users, reason):
    with pytest.raises(ValidationError):
        erasure_request(
            person=family[0].person, reason=reason, by=users[Role.TEAM_LEADER], today=TODAY
        )
    assert not ErasureRequest.objects.exists()


def test_an_anonymised_client_cannot_be_erased_again(family, users):
    anonymise_people([family[0].person], by=RETENTION, reason=AnonymisationReason.RETENTION)
    with pytest.raises(ValidationError):
        erasure_request(
            person=Person.objects.get(pk=family[0].person.pk),
            reason="opnieuw",
            by=users[Role.TEAM_LEADER],
            today=TODAY,
        )
