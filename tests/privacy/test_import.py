"""An old bundle must not bring an anonymised client's data back."""

import pytest

from koers.core.scoping import Role
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Person
from koers.privacy.anonymise import anonymise_people
from koers.privacy.models import AnonymisationReason
from tests.privacy.world import household_history


@pytest.fixture
def family(users, branch):
    return household_history(branch, 1, year=2005, by=users[Role.TEAM_LEADER])


def test_an_old_bundle_cannot_restore_an_anonymised_person(family, users, tmp_path):
    before = tmp_path / "before"
    bundle_export(target=before)
    person = family[0].person
    anonymise_people([person], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.ERASURE)
    anonymous = Person.objects.get(pk=person.pk)

    result = bundle_import(by=IMPORT, source=before)

    assert not result.ok
    assert any(
        problem.file == "people.csv" and person.external_id in problem.message
        for problem in result.problems
    ), result.problems
    restored = Person.objects.get(pk=person.pk)
    assert (restored.given_name, restored.birth_date) == (
        anonymous.given_name,
        anonymous.birth_date,
    )


def test_a_bundle_of_the_anonymised_state_imports_without_a_problem(family, users, tmp_path):
    anonymise_people(
        [family[0].person], by=users[Role.TEAM_LEADER], reason=AnonymisationReason.RETENTION
    )
    bundle_export(target=tmp_path / "after")
    result = bundle_import(by=IMPORT, source=tmp_path / "after")
    assert result.ok, result.problems
    assert result.created == result.updated == 0
