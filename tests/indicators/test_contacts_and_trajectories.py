"""Coaching trajectories and contacts (spreekuren, infopunt, huisbezoeken)."""

import datetime

from koers.indicators.periods import Period
from tests.factories import ContactFactory, PersonFactory, TrajectoryFactory

D = datetime.date


def trajectory(location, **fields):
    return TrajectoryFactory(person=PersonFactory(location=location), **fields)


def test_trajectories_started_on_the_boundary_days_count_per_kind(branch, figures):
    trajectory(branch, kind="settling_in", started_on=D(2017, 1, 1))
    trajectory(branch, kind="settling_in", started_on=D(2017, 12, 31))
    trajectory(branch, kind="settling_in", started_on=D(2016, 12, 31))
    trajectory(branch, kind="job_coaching", started_on=D(2018, 1, 1))
    result = figures(2017)
    assert result["trajectories.settling_in.started"] == 2
    assert result["trajectories.integration.started"] == 0
    assert result["trajectories.job_coaching.started"] == 0


def test_trajectories_of_self_registered_clients_are_counted_apart(branch, figures):
    person = PersonFactory(location=branch, arrival_route="self_registered")
    TrajectoryFactory(person=person, kind="integration", started_on=D(2017, 4, 1))
    trajectory(branch, kind="integration", started_on=D(2017, 4, 1))
    result = figures(2017)
    assert result["trajectories.integration.started"] == 2
    assert result["trajectories.integration.started_self_registered"] == 1


def test_trajectories_ended_completed_and_active_on_the_last_day(branch, figures):
    trajectory(
        branch,
        started_on=D(2016, 3, 1),
        ended_on=D(2017, 6, 30),
        end_reason="completed",
    )
    trajectory(branch, started_on=D(2016, 3, 1), ended_on=D(2017, 12, 31), end_reason="moved")
    trajectory(branch, started_on=D(2017, 12, 31))
    trajectory(branch, started_on=D(2016, 1, 1), ended_on=D(2016, 12, 31))
    result = figures(2017)
    assert result["trajectories.settling_in.ended"] == 2
    assert result["trajectories.settling_in.ended_completed"] == 1
    assert result["trajectories.settling_in.active_end"] == 2


def test_trajectories_of_another_branch_are_excluded(branch, other_branch, figures):
    trajectory(other_branch, started_on=D(2017, 4, 1))
    assert figures(2017)["trajectories.settling_in.started"] == 0


def test_contacts_count_by_kind_and_the_hours_together(branch, figures):
    for kind in ("social_hours", "legal_hours", "info_point", "walk_in", "home_visit", "phone"):
        ContactFactory(location=branch, kind=kind, date=D(2017, 12, 31))
    ContactFactory(location=branch, kind="coaching", date=D(2017, 1, 1))
    ContactFactory(location=branch, kind="coaching", date=D(2018, 1, 1))
    result = figures(2017)
    assert result["contacts.total"] == 7
    assert result["contacts.hours_visits"] == 4
    assert result["contacts.by_kind.coaching"] == 1
    assert all(result[f"contacts.by_kind.{kind}"] == 1 for kind in ("phone", "home_visit"))


def test_a_contact_with_several_topics_counts_once_for_each(branch, figures):
    ContactFactory(location=branch, topic_codes=["finance", "housing"])
    ContactFactory(location=branch, topic_codes=["finance"])
    result = figures(2017)
    assert result["contacts.total"] == 2
    assert result["contacts.by_topic.finance"] == 2
    assert result["contacts.by_topic.housing"] == 1
    assert result["contacts.by_topic.health"] == 0


def test_contacts_count_by_the_kind_of_their_trajectory(branch, figures):
    person = PersonFactory(location=branch)
    settling = TrajectoryFactory(person=person, kind="settling_in")
    integration = TrajectoryFactory(person=person, kind="integration")
    ContactFactory(location=branch, person=person, trajectory=settling)
    ContactFactory(location=branch, person=person, trajectory=settling, kind="coaching")
    ContactFactory(location=branch, person=person, trajectory=integration)
    ContactFactory(location=branch, person=person)
    result = figures(2017)
    assert result["contacts.by_trajectory_kind.settling_in"] == 2
    assert result["contacts.by_trajectory_kind.integration"] == 1
    assert result["contacts.by_trajectory_kind.job_coaching"] == 0
    assert result["contacts.persons"] == 1


def test_visitors_without_a_file_count_by_reference_and_each_anonymous_contact(branch, figures):
    for ref in ("bz-1", "bz-1", "bz-2", "", ""):
        ContactFactory(location=branch, person=None, visitor_ref=ref)
    ContactFactory(location=branch)
    result = figures(2017)
    assert result["contacts.unregistered"] == 5
    assert result["contacts.unregistered_visitors"] == 4
    assert result["contacts.persons"] == 1


def test_venues_count_contacts_and_days_and_their_average(branch, figures):
    for day in (D(2017, 3, 1), D(2017, 3, 1), D(2017, 3, 1), D(2017, 3, 8)):
        ContactFactory(location=branch, venue="Buurthuis De Kade", date=day)
    ContactFactory(location=branch, venue="Bibliotheek", date=D(2016, 3, 1))
    ContactFactory(location=branch)
    result = figures(2017)
    venue_keys = {k: v for k, v in result.items() if k.startswith("contacts.venue.")}
    assert venue_keys == {
        "contacts.venue.Buurthuis De Kade.contacts": 4,
        "contacts.venue.Buurthuis De Kade.days": 2,
        "contacts.venue.Buurthuis De Kade.avg_per_day": 2.0,
    }


def test_other_legal_contacts_leave_out_family_reunification_and_visitors(branch, figures):
    person = PersonFactory(location=branch)
    ContactFactory(location=branch, person=person, kind="legal_hours", topic_codes=["finance"])
    ContactFactory(location=branch, person=person, kind="legal_hours")
    ContactFactory(
        location=branch,
        kind="legal_hours",
        topic_codes=["family_reunification", "housing"],
    )
    ContactFactory(location=branch, person=None, kind="legal_hours")
    ContactFactory(location=branch, kind="social_hours")
    result = figures(2017)
    assert (result["legal.other_contacts"], result["legal.other_contacts_persons"]) == (2, 1)


def test_contacts_of_another_branch_are_excluded(branch, other_branch, figures):
    ContactFactory(location=other_branch, venue="Elders")
    result = figures(Period.month(2017, 4))
    assert result["contacts.total"] == 0
    assert not any(k.startswith("contacts.venue.") for k in result)
