"""When a client is due for retention, what blocks it, and the coarsened birth date."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.people.models import Person
from koers.privacy.scrub import coarse_birth_date
from koers.privacy.terms import blockers_of, due_for_retention, due_on, years_before
from tests.factories import (
    ContactFactory,
    DossierFactory,
    EnrolmentFactory,
    GroupFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)

TODAY = datetime.date(2026, 6, 1)


def due_ids(**kwargs) -> set[int]:
    return set(due_for_retention(today=TODAY, **kwargs).values_list("pk", flat=True))


def adult(born: datetime.date, day: datetime.date) -> bool:
    return (day.year, day.month, day.day) >= (born.year + 18, born.month, born.day)


@given(
    born=st.dates(datetime.date(1940, 1, 1), datetime.date(2020, 12, 31)),
    offsets=st.lists(st.integers(0, 40 * 366), max_size=4),
)
def test_coarse_birth_date_keeps_the_adult_split_of_every_housing_and_the_year(born, offsets):
    housed = [born + datetime.timedelta(days=days) for days in offsets]
    coarse = coarse_birth_date(born, housed)
    assert coarse.year == born.year
    assert [adult(coarse, day) for day in housed] == [adult(born, day) for day in housed]
    if not housed:
        assert coarse == datetime.date(born.year, 7, 1)


def test_coarse_birth_date_moves_from_1_july_only_as_far_as_a_housing_needs():
    born = datetime.date(1990, 2, 28)
    assert coarse_birth_date(born, [datetime.date(2008, 3, 1)]) == datetime.date(1990, 3, 1)
    assert coarse_birth_date(born, [datetime.date(2010, 3, 1)]) == datetime.date(1990, 7, 1)


def test_29_february_counts_back_to_the_28th_and_forward_to_1_march(settings):
    settings.KOERS_RETENTION_YEARS = 15
    assert years_before(datetime.date(2024, 2, 29), 15) == datetime.date(2009, 2, 28)
    assert due_on(datetime.date(2008, 2, 29)) == datetime.date(2023, 3, 1)


def test_the_term_runs_from_the_end_of_the_last_trajectory(db, settings):
    settings.KOERS_RETENTION_YEARS = 15
    old = TrajectoryFactory(
        started_on=datetime.date(2005, 1, 1), ended_on=datetime.date(2011, 5, 31)
    )
    recent = TrajectoryFactory(
        started_on=datetime.date(2005, 1, 1), ended_on=datetime.date(2011, 6, 2)
    )
    assert due_ids() == {old.person_id}
    assert recent.person_id in {p.pk for p in due_for_retention(today=datetime.date(2026, 6, 2))}


def test_a_later_contact_or_placement_moves_the_term(db):
    trajectory = TrajectoryFactory(
        started_on=datetime.date(2000, 1, 1), ended_on=datetime.date(2001, 1, 1)
    )
    ContactFactory(
        person=trajectory.person,
        location=trajectory.person.location,
        date=datetime.date(2015, 1, 1),
    )
    PlacementFactory(housed_on=datetime.date(2016, 1, 1))
    assert due_ids() == set()
    assert due_for_retention(today=datetime.date(2031, 1, 2)).count() == 2


def test_a_client_without_any_dated_record_counts_from_the_day_the_file_was_made(db):
    person = PersonFactory()
    assert due_ids() == set()
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime.datetime(2001, 1, 1, 12, tzinfo=datetime.UTC)
    )
    assert due_ids() == {person.pk}


@pytest.mark.parametrize(
    ("make", "blocker"),
    [
        (lambda p: TrajectoryFactory(person=p, started_on=datetime.date(2000, 1, 1)), "traject"),
        (
            lambda p: DossierFactory(person=p, opened_on=datetime.date(2000, 1, 1)),
            "juridisch dossier",
        ),
        (lambda p: MatchFactory(person=p, requested_on=datetime.date(2000, 1, 1)), "wachtlijst"),
        (
            lambda p: EnrolmentFactory(
                person=p,
                group=GroupFactory(location=p.location, started_on=datetime.date(2000, 1, 1)),
                enrolled_on=datetime.date(2000, 1, 1),
            ),
            "groep",
        ),
        (
            lambda p: DossierFactory(
                person=p,
                opened_on=datetime.date(2000, 1, 1),
                closed_on=datetime.date(2023, 1, 1),
                outcome="granted",
            ),
            "3:310 BW",
        ),
    ],
    ids=["trajectory", "dossier", "match", "enrolment", "legal_claim"],
)
def test_anything_still_running_or_a_legal_claim_term_keeps_the_client(db, make, blocker):
    person = PlacementFactory(housed_on=datetime.date(2000, 1, 1)).person
    assert due_ids() == {person.pk}
    make(person)
    assert due_ids() == set()
    [reason] = blockers_of(person, today=TODAY)
    assert blocker in reason


def test_the_anonymised_are_not_due_again(db):
    from koers.privacy.models import Anonymisation

    person = PlacementFactory(housed_on=datetime.date(2000, 1, 1)).person
    Anonymisation.objects.create(person=person, reason="retention")
    assert due_ids() == set()
