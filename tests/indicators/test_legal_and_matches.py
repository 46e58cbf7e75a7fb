"""Legal dossiers and matches (koppelingen)."""

import datetime

from tests.factories import DossierFactory, MatchFactory, PersonFactory, StaffMemberFactory

D = datetime.date


def dossier(location, **fields):
    return DossierFactory(person=PersonFactory(location=location), **fields)


def test_dossiers_opened_open_during_and_open_at_the_end(branch, figures):
    dossier(branch, opened_on=D(2017, 1, 1))
    dossier(branch, opened_on=D(2016, 5, 1), closed_on=D(2017, 1, 1), outcome="granted")
    dossier(branch, opened_on=D(2016, 5, 1), closed_on=D(2016, 12, 31), outcome="granted")
    dossier(branch, opened_on=D(2018, 1, 1))
    result = figures(2017)
    assert result["legal.family_reunification.opened"] == 1
    assert result["legal.family_reunification.open_during"] == 2
    assert result["legal.family_reunification.open_end"] == 1


def test_dossiers_closed_and_closed_granted_per_kind(branch, figures):
    dossier(
        branch,
        kind="naturalisation",
        opened_on=D(2016, 1, 1),
        closed_on=D(2017, 12, 31),
        outcome="granted",
    )
    dossier(
        branch,
        kind="naturalisation",
        opened_on=D(2016, 1, 1),
        closed_on=D(2017, 3, 1),
        outcome="refused",
    )
    result = figures(2017)
    assert result["legal.naturalisation.closed"] == 2
    assert result["legal.naturalisation.closed_granted"] == 1
    assert result["legal.family_reunification.closed"] == 0
    assert result["legal.asylum.open_during"] == 0


def test_dossiers_opened_under_guardianship(branch, figures):
    dossier(branch, opened_on=D(2017, 2, 1), guardianship=True)
    dossier(branch, opened_on=D(2017, 2, 1), guardianship=False)
    dossier(branch, opened_on=D(2016, 2, 1), guardianship=True)
    assert figures(2017)["legal.family_reunification.guardianship_opened"] == 1


def test_dossiers_of_another_branch_are_excluded(branch, other_branch, figures):
    dossier(other_branch, opened_on=D(2017, 2, 1))
    assert figures(2017)["legal.family_reunification.opened"] == 0


def match(location, **fields):
    return MatchFactory(person=PersonFactory(location=location), **fields)


def test_matches_started_and_the_cohort_outcomes(branch, figures):
    coach = StaffMemberFactory(location=branch)
    base = {"requested_on": D(2016, 1, 1), "staff": coach}
    match(branch, started_on=D(2017, 1, 1), ended_on=D(2017, 12, 31), outcome="completed", **base)
    match(branch, started_on=D(2017, 2, 1), ended_on=D(2017, 3, 1), outcome="stopped", **base)
    match(branch, started_on=D(2017, 2, 1), ended_on=D(2018, 1, 5), outcome="stopped", **base)
    match(branch, started_on=D(2017, 6, 1), extended_on=D(2017, 12, 31), **base)
    match(branch, started_on=D(2017, 6, 1), extended_on=D(2018, 1, 1), **base)
    match(branch, started_on=D(2016, 6, 1), ended_on=D(2017, 5, 1), outcome="completed", **base)
    result = figures(2017)
    key = "matches.language_coaching."
    assert result[key + "started"] == 5
    assert result[key + "active_during"] == 6
    assert (result[key + "cohort_completed"], result[key + "cohort_stopped"]) == (1, 1)
    assert (result[key + "cohort_extended"], result[key + "cohort_running"]) == (1, 2)
    assert (result[key + "ended_completed"], result[key + "ended_stopped"]) == (2, 1)
    assert result[key + "earlier_completed"] == 1
    assert result[key + "volunteers"] == 1
    assert result["matches.wegwijs.started"] == 0


def test_the_waiting_list_on_the_last_day(branch, figures):
    match(branch, requested_on=D(2017, 12, 31))
    match(branch, requested_on=D(2017, 3, 1), started_on=D(2018, 1, 1))
    match(branch, requested_on=D(2017, 3, 1), started_on=D(2017, 12, 31))
    match(branch, requested_on=D(2017, 3, 1), ended_on=D(2017, 6, 1), outcome="withdrawn")
    match(branch, requested_on=D(2017, 3, 1), ended_on=D(2018, 2, 1), outcome="withdrawn")
    match(branch, requested_on=D(2018, 1, 1))
    assert figures(2017)["matches.language_coaching.waiting_end"] == 3


def test_volunteers_are_distinct_over_matches_active_during_the_period(branch, figures):
    first, second = StaffMemberFactory(location=branch), StaffMemberFactory(location=branch)
    for coach, start, end in (
        (first, D(2017, 1, 1), None),
        (first, D(2017, 5, 1), None),
        (second, D(2016, 1, 1), D(2016, 12, 31)),
    ):
        match(
            branch,
            program="wegwijs",
            staff=coach,
            requested_on=start,
            started_on=start,
            ended_on=end,
            outcome="completed" if end else "",
        )
    match(branch, program="wegwijs", requested_on=D(2017, 1, 1))
    assert figures(2017)["matches.wegwijs.volunteers"] == 1


def test_matches_of_clients_of_another_branch_are_excluded(branch, other_branch, figures):
    match(other_branch, started_on=D(2017, 2, 1))
    assert figures(2017)["matches.language_coaching.started"] == 0
