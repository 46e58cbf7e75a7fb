"""The matching flow: ranking, the maximum number of pairs, each step, and rematch."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError
from koers.matching import selectors, services
from koers.matching.models import Match, MatchLanguage
from tests.factories import (
    DwellingFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    StaffMemberFactory,
)
from tests.matching.factories import VolunteerProfileFactory, language_coach

pytestmark = pytest.mark.django_db
JAN = datetime.date(2017, 1, 15)


@pytest.fixture
def leader(users):
    return users[Role.TEAM_LEADER]


@pytest.fixture
def waiting(branch):
    """A client in PC4 3014 who speaks Arabic, free in the evening, waiting since January."""
    person = PersonFactory(location=branch)
    PlacementFactory(person=person, dwelling=DwellingFactory(location=branch, postcode="3014 AB"))
    match = MatchFactory(person=person, requested_on=JAN, evening=True)
    MatchLanguage.objects.create(match=match, language="ar")
    return match


def coach(branch, name, *, languages=(), area="", evening=False, max_pairs=1):
    staff = language_coach(branch, name, language_codes=list(languages))
    VolunteerProfileFactory(staff=staff, postcode_area=area, evening=evening, max_pairs=max_pairs)
    return staff


def test_suggestions_rank_language_then_day_parts_then_postcode(branch, leader, waiting):
    near = coach(branch, "Dichtbij", area="3015")
    far_arabic = coach(branch, "Arabisch", languages=["ar"], area="3099")
    evening = coach(branch, "Avond", evening=True, area="3090")
    near_arabic = coach(branch, "ArabischDichtbij", languages=["ar"], area="3012")
    StaffMemberFactory(location=branch, family_name="Wegwijs", role_codes=["wegwijs_coach"])
    ranked = [s.staff for s in selectors.suggestions(leader, waiting)]
    assert ranked == [near_arabic, far_arabic, evening, near]


def test_volunteer_at_maximum_pairs_is_never_suggested_or_started(branch, leader, waiting):
    busy = coach(branch, "Bezet", languages=["ar"], max_pairs=1)
    MatchFactory(person=PersonFactory(location=branch), staff=busy, started_on=JAN)
    assert busy not in [s.staff for s in selectors.suggestions(leader, waiting)]
    with pytest.raises(ValidationError) as error:
        services.match_start(
            match=waiting,
            staff=busy,
            started_on=JAN,
            expected_version=waiting.version,
            by=leader,
        )
    assert "staff" in error.value.error_dict
    roomy = coach(branch, "Ruimte", max_pairs=2)
    MatchFactory(person=PersonFactory(location=branch), staff=roomy, started_on=JAN)
    assert roomy in [s.staff for s in selectors.suggestions(leader, waiting)]


def test_without_a_profile_a_volunteer_takes_one_pair(branch, leader, waiting):
    plain = language_coach(branch, "Zonderprofiel")
    assert selectors.max_pairs_of(plain) == selectors.DEFAULT_MAX_PAIRS == 1
    assert [s.staff for s in selectors.suggestions(leader, waiting)] == [plain]


def test_a_volunteer_who_may_not_coach_is_never_suggested_or_started(branch, leader, waiting):
    cleared = language_coach(branch, "Gescreend")
    without_vog = language_coach(branch, "ZonderVog", conduct_certificate_on=None)
    not_yet = StaffMemberFactory(
        location=branch, family_name="NogNiet", role_codes=["language_coach"], cleared=False
    )
    without_login = StaffMemberFactory(  # coaches a pair; the coordinator records contacts
        location=branch, family_name="ZonderAccount", role_codes=["language_coach"], cleared=True
    )
    suggested = [s.staff for s in selectors.suggestions(leader, waiting)]
    assert sorted(suggested, key=lambda staff: staff.pk) == [cleared, without_login]
    for staff in (without_vog, not_yet):
        with pytest.raises(ValidationError) as error:
            services.match_start(
                match=waiting, staff=staff, started_on=JAN, expected_version=0, by=leader
            )
        assert "VOG" in error.value.message_dict["staff"][0]


def test_pc4_gap_is_the_numeric_distance_or_unknown():
    assert selectors.pc4_gap("3011", "3014 AB") == 3
    assert selectors.pc4_gap("", "3014") is None
    assert selectors.pc4_gap("30AB", "3014") is None


def test_full_flow_start_evaluate_extend_stop_and_rematch(branch, leader, waiting):
    first = coach(branch, "Eerste", languages=["ar"])
    second = coach(branch, "Tweede")
    started = services.match_start(
        match=waiting,
        staff=first,
        started_on=datetime.date(2017, 2, 1),
        expected_version=waiting.version,
        by=leader,
    )
    services.match_evaluate(
        match=started, moment="3m", held_on=datetime.date(2017, 5, 1), note="Goed", by=leader
    )
    with pytest.raises(ValidationError):
        services.match_evaluate(
            match=started, moment="3m", held_on=datetime.date(2017, 5, 2), note="", by=leader
        )
    extended = services.match_extend(
        match=started,
        extended_on=datetime.date(2017, 7, 1),
        expected_version=started.version,
        by=leader,
    )
    stopped = services.match_stop(
        match=extended,
        ended_on=datetime.date(2017, 8, 1),
        outcome="stopped",
        end_reason="no_click",
        end_note="",
        expected_version=extended.version,
        by=leader,
    )
    again = services.match_rematch(match=stopped, requested_on=datetime.date(2017, 8, 2), by=leader)
    assert (again.person, again.program, again.previous, again.evening) == (
        waiting.person,
        waiting.program,
        stopped,
        True,
    )
    assert list(again.languages.values_list("language", flat=True)) == ["ar"]
    assert [s.staff for s in selectors.suggestions(leader, again)] == [second]
    assert list(selectors.waiting_list(leader)) == [again]
    with pytest.raises(ValidationError):
        services.match_rematch(match=stopped, requested_on=datetime.date(2017, 8, 3), by=leader)
    logged = ChangeLogEntry.objects.filter(external_id=waiting.external_id)
    assert logged.filter(action="update").count() == 3


def test_start_before_request_needs_the_request_date_corrected(branch, leader, waiting):
    volunteer = coach(branch, "Vroeg")
    early = JAN - datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.match_start(
            match=waiting, staff=volunteer, started_on=early, expected_version=1, by=leader
        )
    started = services.match_start(
        match=waiting,
        staff=volunteer,
        started_on=early,
        expected_version=1,
        correct_request_date=True,
        by=leader,
    )
    assert started.requested_on == started.started_on == early


def test_stale_start_conflicts(branch, leader, waiting):
    Match.objects.filter(pk=waiting.pk).update(version=3)
    with pytest.raises(ConflictError):
        services.match_start(
            match=waiting,
            staff=coach(branch, "Laat"),
            started_on=JAN,
            expected_version=1,
            by=leader,
        )


def test_withdrawn_clients_leave_the_waiting_list(branch, leader, waiting):
    services.match_withdraw(
        match=waiting, ended_on=JAN, end_note="Verhuisd", expected_version=1, by=leader
    )
    assert not selectors.waiting_list(leader).exists()
    assert selectors.waiting_counts(leader) == {"taalcoaching": 0, "Wegwijs": 0}
