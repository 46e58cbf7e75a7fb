"""Housing (huisvesting): counted placements, households, dwellings, quota and backlog."""

import datetime

from koers.indicators.periods import Period
from tests.factories import (
    DwellingFactory,
    HouseholdFactory,
    PersonFactory,
    PlacementFactory,
    QuotaPeriodFactory,
)

D = datetime.date


def housed(location, on, **person):
    return PlacementFactory(person=PersonFactory(location=location, **person), housed_on=on)


def test_placements_on_the_first_and_last_day_count_and_the_days_around_do_not(branch, figures):
    for day in (D(2016, 12, 31), D(2017, 1, 1), D(2017, 12, 31), D(2018, 1, 1)):
        housed(branch, day)
    assert figures(2017)["housing.persons_housed"] == 2


def test_placements_not_counted_for_the_quota_are_left_out(branch, figures):
    housed(branch, D(2017, 5, 1))
    PlacementFactory(person=PersonFactory(location=branch), counts_for_quota=False)
    assert figures(2017)["housing.persons_housed"] == 1


def test_placements_of_another_branch_are_excluded(branch, other_branch, figures):
    housed(branch, D(2017, 5, 1))
    housed(other_branch, D(2017, 5, 1))
    assert figures(2017)["housing.persons_housed"] == 1


def test_a_placement_belongs_to_its_dwellings_location(branch, other_branch, figures):
    person = PersonFactory(location=other_branch)
    PlacementFactory(person=person, dwelling=DwellingFactory(location=branch))
    assert figures(2017)["housing.persons_housed"] == 1
    assert figures(2017, locations=[other_branch])["housing.persons_housed"] == 0


def test_eighteenth_birthday_on_the_day_of_housing_makes_an_adult(branch, figures):
    housed(branch, D(2017, 6, 1), birth_date=D(1999, 6, 1), sex="M")
    housed(branch, D(2017, 6, 1), birth_date=D(1999, 6, 2), sex="F")
    result = figures(2017)
    assert (result["housing.adults"], result["housing.children"]) == (1, 1)
    assert (result["housing.adult_male"], result["housing.girls"]) == (1, 1)
    assert (result["housing.adult_female"], result["housing.boys"]) == (0, 0)


def test_a_leap_day_birthday_turns_eighteen_on_the_first_of_march(branch, figures):
    housed(branch, D(2018, 2, 28), birth_date=D(2000, 2, 29))
    housed(branch, D(2018, 3, 1), birth_date=D(2000, 2, 29))
    result = figures(2018)
    assert (result["housing.adults"], result["housing.children"]) == (1, 1)


def test_sex_counts_all_ages(branch, figures):
    housed(branch, D(2017, 2, 1), sex="M", birth_date=D(2010, 1, 1))
    housed(branch, D(2017, 2, 1), sex="M")
    housed(branch, D(2017, 2, 1), sex="X")
    result = figures(2017)
    assert (result["housing.male"], result["housing.female"], result["housing.sex_x"]) == (2, 0, 1)


def test_nationalities_appear_only_when_they_occur_and_routes_always(branch, figures):
    housed(branch, D(2017, 2, 1), nationality="ERI", arrival_route="resettlement")
    housed(branch, D(2017, 2, 1), nationality="ERI", arrival_route="family_reunification")
    housed(branch, D(2016, 2, 1), nationality="AFG")
    result = figures(2017)
    assert {k: v for k, v in result.items() if ".by_nationality." in k} == {
        "housing.by_nationality.ERI": 2
    }
    assert result["housing.by_route.resettlement"] == 1
    assert result["housing.by_route.regular"] == 0
    assert result["housing.by_route.self_registered"] == 0


def test_reunified_family_members_are_split_into_adults_and_children(branch, figures):
    for birth in (D(1980, 1, 1), D(2012, 1, 1), D(2014, 1, 1)):
        housed(branch, D(2017, 9, 1), birth_date=birth, arrival_route="family_reunification")
    housed(branch, D(2017, 9, 1), birth_date=D(2012, 1, 1))
    result = figures(2017)
    assert (result["housing.reunified_adults"], result["housing.reunified_children"]) == (1, 2)


def test_a_household_whose_family_follows_later_settles_once_as_single(branch, figures):
    household = HouseholdFactory(location=branch)
    housed(branch, D(2017, 3, 1), household=household)
    housed(branch, D(2018, 2, 1), household=household)
    housed(branch, D(2018, 2, 1), household=household)
    in_2017, in_2018 = figures(2017), figures(2018)
    assert (in_2017["housing.households_settled"], in_2017["housing.households_single"]) == (1, 1)
    assert in_2017["housing.households_family"] == 0
    assert in_2018["housing.households_settled"] == 0
    assert in_2018["housing.persons_housed"] == 2


def test_a_household_housed_together_is_a_family(branch, figures):
    household = HouseholdFactory(location=branch)
    for _ in range(3):
        housed(branch, D(2017, 12, 31), household=household)
    result = figures(2017)
    assert result["housing.households_settled"] == 1
    assert (result["housing.households_single"], result["housing.households_family"]) == (0, 1)


def test_uncounted_placements_do_not_settle_a_household(branch, figures):
    household = HouseholdFactory(location=branch)
    PlacementFactory(
        person=PersonFactory(location=branch, household=household),
        housed_on=D(2016, 5, 1),
        counts_for_quota=False,
    )
    housed(branch, D(2017, 5, 1), household=household)
    assert figures(2017)["housing.households_settled"] == 1


def test_dwellings_used_are_distinct_and_made_available_by_date(branch, figures):
    shared = DwellingFactory(location=branch, available_on=D(2016, 12, 1))
    for _ in range(2):
        PlacementFactory(person=PersonFactory(location=branch), dwelling=shared)
    DwellingFactory(location=branch, available_on=D(2017, 12, 31))
    DwellingFactory(location=branch, available_on=None)
    result = figures(2017)
    assert (result["housing.dwellings_used"], result["housing.dwellings_made_available"]) == (1, 1)


def quota_2017(location, backlog_in=10):
    QuotaPeriodFactory(location=location, quota=6, backlog_in=backlog_in)
    QuotaPeriodFactory(location=location, starts_on=D(2017, 7, 1), ends_on=D(2017, 12, 31), quota=4)


def test_quota_sums_the_half_years_inside_the_period(branch, figures):
    quota_2017(branch)
    assert figures(2017)["housing.quota"] == 10
    assert figures(Period.half(2017, 2))["housing.quota"] == 4
    assert figures(Period(D(2017, 1, 1), D(2017, 6, 29)))["housing.quota"] == 0


def test_backlog_carries_over_from_one_half_year_to_the_next(branch, figures):
    quota_2017(branch)
    for day in (D(2017, 1, 1), D(2017, 6, 30), D(2017, 7, 1)):
        housed(branch, day)
    first, second = figures(Period.half(2017, 1)), figures(Period.half(2017, 2))
    assert (first["housing.backlog_start"], first["housing.backlog_end"]) == (10, 14)
    assert (second["housing.backlog_start"], second["housing.backlog_end"]) == (14, 17)
    whole = figures(2017)
    assert (whole["housing.backlog_start"], whole["housing.backlog_end"]) == (10, 17)


def test_backlog_mid_half_year_counts_placements_but_not_the_running_quota(branch, figures):
    quota_2017(branch, backlog_in=-3)
    housed(branch, D(2017, 2, 1))
    result = figures(Period.month(2017, 3))
    assert (result["housing.backlog_start"], result["housing.backlog_end"]) == (-4, -4)


def test_placements_before_the_first_quota_period_do_not_lower_the_backlog(branch, figures):
    quota_2017(branch)
    housed(branch, D(2016, 12, 31))
    assert figures(2017)["housing.backlog_end"] == 20


def test_backlog_is_left_out_without_quota_periods(branch, other_branch, figures):
    housed(branch, D(2017, 5, 1))
    quota_2017(other_branch)
    result = figures(2017)
    assert "housing.backlog_start" not in result
    assert "housing.backlog_end" not in result
    assert result["housing.quota"] == 0
