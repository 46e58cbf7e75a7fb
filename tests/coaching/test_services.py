"""The coaching services: closing with a handover, plan history, ZRM, budget, conflicts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.coaching import selectors, services
from koers.coaching.models import Referral, SelfRelianceMeasurement
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from koers.core.services import ConflictError
from tests.coaching.factories import BudgetLineFactory, SignalFactory
from tests.factories import PersonFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 9, 1)


@pytest.fixture
def trajectory(branch):
    return TrajectoryFactory(person=PersonFactory(location=branch))


def test_closing_records_exit_conversation_and_warm_handover(trajectory, users):
    leader = users[Role.TEAM_LEADER]
    closed = services.trajectory_close(
        trajectory=trajectory,
        ended_on=DAY,
        end_reason="completed",
        exit_conversation_on=DAY,
        exit_summary="Zelfstandig verder",
        expected_version=trajectory.version,
        referral={
            "partner": "vraagwijzer",
            "partner_detail": "Vraagwijzer Centrum",
            "referred_on": DAY,
            "reason": "Vragen na de begeleiding",
            "warm_handover": True,
        },
        by=leader,
    )
    assert (closed.ended_on, closed.version) == (DAY, trajectory.version + 1)
    referral = Referral.objects.get()
    assert (referral.trajectory, referral.person, referral.warm_handover) == (
        closed,
        trajectory.person,
        True,
    )
    assert ChangeLogEntry.objects.filter(user=leader, action="update").count() == 1


def test_closing_with_a_stale_version_conflicts_and_writes_nothing(trajectory, users):
    with pytest.raises(ConflictError) as conflict:
        services.trajectory_close(
            trajectory=trajectory,
            ended_on=DAY,
            end_reason="stopped",
            exit_conversation_on=None,
            exit_summary="",
            expected_version=trajectory.version - 1,
            referral={
                "partner": "food_bank",
                "partner_detail": "",
                "referred_on": DAY,
                "reason": "x",
                "warm_handover": False,
            },
            by=users[Role.TEAM_LEADER],
        )
    assert conflict.value.attempted["end_reason"] == "stopped"
    trajectory.refresh_from_db()
    assert trajectory.ended_on is None
    assert not Referral.objects.exists()


def test_closing_before_the_start_is_refused_on_the_field(trajectory, users):
    with pytest.raises(ValidationError) as error:
        services.trajectory_close(
            trajectory=trajectory,
            ended_on=trajectory.started_on - datetime.timedelta(days=1),
            end_reason="completed",
            exit_conversation_on=None,
            exit_summary="",
            expected_version=trajectory.version,
            by=users[Role.TEAM_LEADER],
        )
    assert "ended_on" in error.value.error_dict


def test_plan_edits_keep_every_earlier_text_in_its_history(trajectory, users):
    leader = users[Role.TEAM_LEADER]
    plan = services.plan_save(
        trajectory=trajectory,
        goals="Taal leren",
        actions="",
        agreed_on=DAY,
        expected_version=None,
        by=leader,
    )
    services.plan_save(
        trajectory=trajectory,
        goals="Taal leren en werk zoeken",
        actions="Aanmelden Taalhuis",
        agreed_on=DAY,
        expected_version=plan.version,
        by=leader,
    )
    history = list(selectors.plan_history(plan))
    assert [entry.action for entry in history] == ["update", "create"]
    assert history[0].changes["goals"] == ["Taal leren", "Taal leren en werk zoeken"]
    with pytest.raises(ConflictError):
        services.plan_save(
            trajectory=trajectory,
            goals="Oude versie",
            actions="",
            agreed_on=DAY,
            expected_version=plan.version,
            by=leader,
        )


def test_zrm_intake_and_exit_are_compared_per_domain(trajectory, users):
    leader = users[Role.TEAM_LEADER]
    intake = services.measurement_save(
        trajectory=trajectory,
        moment="intake",
        measured_on=trajectory.started_on,
        scores={"finances": 2, "housing": 3},
        expected_version=None,
        by=leader,
    )
    services.measurement_save(
        trajectory=trajectory,
        moment="exit",
        measured_on=DAY,
        scores={"finances": 4, "housing": 3, "language": 3},
        expected_version=None,
        by=leader,
    )
    services.measurement_save(
        trajectory=trajectory,
        moment="intake",
        measured_on=trajectory.started_on,
        scores={"finances": 1, "housing": 3},
        expected_version=intake.version,
        by=leader,
    )
    rows = {row.domain: row for row in selectors.zrm_comparison(trajectory)}
    assert (rows["finances"].intake, rows["finances"].exit, rows["finances"].change) == (1, 4, 3)
    assert rows["justice"].intake is None and rows["justice"].change is None
    assert "language" in rows and "parenting" not in rows
    assert len(rows) == 14  # the 13 ZRM 2017 domains plus the one optional domain scored
    assert SelfRelianceMeasurement.objects.get(moment="intake").version == intake.version + 1


def test_budget_balance_is_income_minus_fixed_costs_and_arrangements(branch, users):
    person = PersonFactory(location=branch)
    household = person.household
    for kind, amount in [
        ("income", "1500"),
        ("fixed_cost", "900.50"),
        ("arrangement", "50"),
        ("debt", "2400"),
    ]:
        BudgetLineFactory(household=household, kind=kind, amount=Decimal(amount))
    TrajectoryFactory(person=person)
    summary = selectors.budget_summary(users[Role.TEAM_LEADER], household)
    assert summary.monthly_balance == Decimal("549.50")
    assert summary.totals["debt"] == Decimal("2400")


def test_signal_reported_before_it_was_noticed_is_refused(branch, users):
    signal = SignalFactory(location=branch)
    with pytest.raises(ValidationError):
        services.signal_mark_reported(
            signal=signal,
            reported_on=signal.noticed_on - datetime.timedelta(days=1),
            expected_version=signal.version,
            by=users[Role.TEAM_LEADER],
        )
    reported = services.signal_mark_reported(
        signal=signal,
        reported_on=signal.noticed_on,
        expected_version=signal.version,
        by=users[Role.TEAM_LEADER],
    )
    assert reported.reported_on == signal.noticed_on
