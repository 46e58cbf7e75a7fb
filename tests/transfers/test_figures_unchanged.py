"""A move to another branch leaves every figure of every period before it as it was, for
both branches (and for the two together), on the generated demo region.

The household moved is the old branch's busiest: the most trajectories, dossiers, matches,
placements and enrolments, with something still running on the day of the move, so that
every family of figures that follows a client's branch is put to the test.

One test per year of the demo (the same move in each, rolled back after it): the figures
of a year were computed by one engine call per side anyway, so the parts make the calls the
whole made, and two workers share them instead of one worker spending two minutes on them.
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, Q

from koers.coaching.models import Trajectory
from koers.core.models import Location
from koers.core.scoping import Role
from koers.demo.generate import generate_demo
from koers.indicators.engine import compute_series, records_for
from koers.indicators.periods import Period
from koers.people.models import Household, Person
from koers.transfers.models import ConsentForm
from koers.transfers.services import transfer_accept, transfer_offer
from tests.conftest import make_user

SCALE = 0.1
YEARS_BACK = (3, 2, 1, 0)  # the demo's years: three before the move's and its own
KEY = "trajectories.{kind}.started"  # started in the period


@pytest.fixture(scope="module")
def region(django_db_setup, django_db_blocker):
    """The demo at a tenth of its size, ending on the app's today, its first two branches and
    the old one's busiest household (found once for the module's tests: the search joins
    every kind of work of every member); rolled back at the end."""
    from django.utils import timezone

    today = timezone.localdate()
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=11, scale=SCALE, today=today)
        first = Location.objects.first()
        old, new = Location.objects.filter(region=first.region).order_by("pk")[:2]
        yield today, old, new, busiest_household(old).pk
        transaction.set_rollback(True)


def past_periods(today: datetime.date, year: int) -> list[Period]:
    """Every standard period of ``year`` that ends before the move (today): the year, its
    half-years, quarters and months."""
    return [period for period in Period.standard(year) if period.end < today]


def busiest_household(location: Location) -> Household:
    running = Q(members__trajectories__ended_on__isnull=True)
    return (
        Household.objects.filter(location=location)
        .annotate(
            work=Count("members__trajectories", distinct=True)
            + Count("members__dossiers", distinct=True)
            + Count("members__matches", distinct=True)
            + Count("members__placements", distinct=True)
            + Count("members__enrolments", distinct=True),
            running=Count("members__trajectories", filter=running, distinct=True),
        )
        .filter(running__gt=0)
        .order_by("-work", "pk")
        .first()
    )


def figures(locations, periods):
    """Every figure of each period (a year's periods at once, as the facts compute them)."""
    if not periods:  # early in January: no period of this year has ended yet
        return []
    return [dict(values) for values in compute_series(locations=locations, periods=periods)]


@pytest.mark.django_db
@pytest.mark.parametrize("years_back", YEARS_BACK, ids=[f"year-{n}" for n in YEARS_BACK])
def test_every_figure_of_every_period_before_the_move_is_unchanged_for_both_branches(
    region, years_back
):
    today, old, new, household_pk = region
    periods = past_periods(today, today.year - years_back)
    household = Household.objects.get(pk=household_pk)
    moved = list(Person.objects.filter(household=household))
    trajectory = Trajectory.objects.filter(person__in=moved).order_by("started_on").first()
    assert trajectory is not None and trajectory.started_on.year < today.year
    first_year = Period.year(trajectory.started_on.year)
    # the moved household's records are in the old branch's past figures (the test bites)
    assert trajectory in records_for(KEY.format(kind=trajectory.kind), [old.pk], first_year)

    before = {
        "old": figures([old], periods),
        "new": figures([new], periods),
        "both": figures([old, new], periods),
    }
    offerer = make_user(Role.TEAM_LEADER, old, username="tl-oud")
    receiver = make_user(Role.TEAM_LEADER, new, username="tl-nieuw")
    transfer = transfer_offer(
        household=household,
        to_location=new,
        consent_on=today,
        consent_how=ConsentForm.WRITTEN,
        by=offerer,
    )
    transfer_accept(
        transfer=transfer, moved_on=today, expected_version=transfer.version, by=receiver
    )

    assert set(
        Person.objects.filter(pk__in=[p.pk for p in moved]).values_list("location", flat=True)
    ) == {new.pk}
    after = {
        "old": figures([old], periods),
        "new": figures([new], periods),
        "both": figures([old, new], periods),
    }
    for side in before:
        for period, was, now in zip(periods, before[side], after[side], strict=True):
            changed = {
                key: (was.get(key), now.get(key))
                for key in was.keys() | now.keys()
                if was.get(key) != now.get(key)
            }
            assert not changed, (side, period, changed)
    # and the period of the move counts the household at the new branch
    this_year = Period.year(today.year)
    assert (
        trajectory.pk
        not in {
            row.pk for row in records_for(KEY.format(kind=trajectory.kind), [old.pk], this_year)
        }
        or trajectory.ended_on is not None
    )
    assert trajectory in records_for(KEY.format(kind=trajectory.kind), [old.pk], first_year)
