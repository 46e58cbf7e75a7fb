"""Every record a branch keeps in Koers travels in its export and comes back from it."""

import datetime
from decimal import Decimal

import pytest

from koers.coaching.models import (
    CoachPeriod,
    SelfRelianceMeasurement,
    SelfRelianceScore,
    Trajectory,
)
from koers.core.models import ChangeLogEntry
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.matching.models import Match, MatchLanguage, MatchVolunteerPeriod
from koers.reports.models import PublishedReport, ReportNarrative
from tests.coaching.factories import (
    BudgetLineFactory,
    ReferralFactory,
    SelfRelianceMeasurementFactory,
    SignalFactory,
    TrajectoryEvaluationFactory,
    TrajectoryPlanFactory,
)
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.exchange.bundles import empty_database, import_files, same_bundles
from tests.factories import (
    ContactFactory,
    LocationFactory,
    MatchFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)
from tests.matching.factories import VolunteerProfileFactory

pytestmark = pytest.mark.django_db

NEW_FILES = {
    "volunteer_profiles.csv": 1,
    "coach_periods.csv": 1,
    "match_volunteer_periods.csv": 1,
    "trajectory_plans.csv": 1,
    "trajectory_evaluations.csv": 2,
    "self_reliance_measurements.csv": 2,
    "referrals.csv": 1,
    "budget_lines.csv": 2,
    "signals.csv": 1,
    "report_narratives.csv": 2,
    "published_reports.csv": 1,
    "partners.csv": 2,
    "activities.csv": 1,
}


def branch_with_every_koers_record() -> None:
    """One branch holding each record and field the format's version 1 has no place for."""
    branch = LocationFactory(external_id="zeestad")
    client = PersonFactory(external_id="p1", location=branch)
    coach = StaffMemberFactory(external_id="s1", location=branch, role_codes=["social"])
    VolunteerProfileFactory(
        external_id="vp1", staff=coach, max_pairs=2, postcode_area="3011", evening=True
    )
    trajectory = TrajectoryFactory(
        external_id="t1",
        person=client,
        coach=coach,
        ended_on=datetime.date(2017, 12, 1),
        end_reason="completed",
        exit_conversation_on=datetime.date(2017, 11, 28),
        exit_summary="Regelt de post zelf;\nzoekt werk",
    )
    # the coach took over on 1 June from a colleague (issue 12: a change of coach)
    first_coach = StaffMemberFactory(external_id="s0", location=branch, role_codes=["social"])
    Trajectory.objects.filter(pk=trajectory.pk).update(coach_since=datetime.date(2017, 6, 1))
    CoachPeriod.objects.create(
        external_id="cp1",
        trajectory=trajectory,
        coach=first_coach,
        started_on=trajectory.started_on,
        ended_on=datetime.date(2017, 5, 31),
        reason="Stopt als vrijwilliger",
    )
    TrajectoryPlanFactory(external_id="tp1", trajectory=trajectory)
    TrajectoryEvaluationFactory(external_id="te1", trajectory=trajectory)
    TrajectoryEvaluationFactory(
        external_id="te2", trajectory=trajectory, held_on=datetime.date(2017, 9, 1)
    )
    for ident, moment, scores in (
        ("zrm1", "intake", {"finances": 2, "housing": 3, "language": 1}),
        ("zrm2", "exit", {"finances": 4, "housing": 5}),
    ):
        measurement = SelfRelianceMeasurementFactory(
            external_id=ident, trajectory=trajectory, moment=moment
        )
        SelfRelianceScore.objects.bulk_create(
            SelfRelianceScore(measurement=measurement, domain=domain, score=score)
            for domain, score in scores.items()
        )
    food_bank = PartnerFactory(
        external_id="pa1",
        location=branch,
        name="Voedselbank Zuid",
        kind="food_bank",
        contact_person="Coördinator uitgifte",
        phone="010 123 45 67",
    )
    ActivityFactory(
        external_id="ac1",
        location=branch,
        kind="information_session",
        people_reached=40,
        partners=[PartnerFactory(external_id="pa2", location=branch), food_bank],
        staff=[coach],
    )
    ReferralFactory(
        external_id="r1",
        person=client,
        trajectory=trajectory,
        organisation=food_bank,
        partner_detail="Voedselbank Zuid",
        warm_handover=True,
        outcome="accepted",
        outcome_note="Pakket vanaf mei",
    )
    BudgetLineFactory(external_id="b1", household=client.household)
    BudgetLineFactory(
        external_id="b2",
        household=client.household,
        kind="debt",
        description="Energierekening",
        amount=Decimal("312.50"),
        counterparty="Energiebedrijf",
    )
    ContactFactory(external_id="c1", location=branch, person=client, note="Brief van de IND")
    first = MatchFactory(
        external_id="m2",
        person=client,
        staff=coach,
        started_on=datetime.date(2017, 2, 1),
        ended_on=datetime.date(2017, 3, 1),
        outcome="stopped",
        end_reason="no_click",
        end_note="Andere verwachtingen",
    )
    Match.objects.filter(pk=first.pk).update(staff_since=datetime.date(2017, 2, 15))
    MatchVolunteerPeriod.objects.create(
        external_id="mp1",
        match=first,
        staff=None,
        started_on=datetime.date(2017, 2, 1),
        ended_on=datetime.date(2017, 2, 14),
        reason="Eerste taalcoach ziek",
    )
    again = MatchFactory(
        external_id="m1",
        person=client,
        requested_on=datetime.date(2017, 3, 2),
        previous=first,
        daytime=True,
        weekend=True,
    )
    MatchLanguage.objects.bulk_create(
        MatchLanguage(match=again, language=language) for language in ("ar", "en")
    )
    SignalFactory(external_id="sig1", location=branch, reported_on=datetime.date(2017, 5, 8))
    for ident, section in (("n1", "housing"), ("n2", "coaching")):
        ReportNarrative.objects.create(
            external_id=ident, location=branch, year=2017, section=section, text="Een goed jaar."
        )
    PublishedReport.objects.create(
        external_id="pr1",
        location=branch,
        year=2017,
        published_on=datetime.date(2018, 2, 1),
        figures={"housing.persons_housed": 22, "coaching.share": 0.5},
        previous_figures={"housing.persons_housed": None},
        monthly=[{"month": 1, "contacts": 3}],
        narrative={"housing": 'Een goed jaar, "vol" werk.'},
        details={"cooperation": {"sessions": [{"title": "Voorlichting", "people_reached": 40}]}},
        definitions_version="2017.1",
    )


def test_every_koers_record_survives_export_into_an_empty_database_and_export_again(tmp_path):
    branch_with_every_koers_record()
    written = bundle_export(target=tmp_path / "first")
    assert {name: written.get(name) for name in NEW_FILES} == NEW_FILES
    empty_database()
    result = bundle_import(by=IMPORT, source=tmp_path / "first")
    assert result.ok, result.problems
    bundle_export(target=tmp_path / "second")
    assert same_bundles(tmp_path / "first", tmp_path / "second")
    again = bundle_import(by=IMPORT, source=tmp_path / "second")
    assert (again.created, again.updated) == (0, 0)


def test_scores_languages_and_the_previous_match_come_back_as_they_were(tmp_path):
    branch_with_every_koers_record()
    bundle_export(target=tmp_path / "out")
    empty_database()
    assert bundle_import(by=IMPORT, source=tmp_path / "out").ok
    intake = SelfRelianceMeasurement.objects.get(external_id="zrm1")
    assert dict(intake.scores.values_list("domain", "score")) == {
        "finances": 2,
        "housing": 3,
        "language": 1,
    }
    rematch = Match.objects.get(external_id="m1")
    assert rematch.previous.external_id == "m2"
    assert sorted(rematch.languages.values_list("language", flat=True)) == ["ar", "en"]
    assert rematch.day_parts == {"daytime", "weekend"}
    assert PublishedReport.objects.get().figures["coaching.share"] == 0.5
    details = PublishedReport.objects.get().details
    assert details["cooperation"]["sessions"][0]["people_reached"] == 40


def test_new_columns_are_written_in_place_and_only_when_a_record_has_a_value(tmp_path):
    branch_with_every_koers_record()
    bundle_export(target=tmp_path / "out")
    out = tmp_path / "out"
    matches = (out / "matches.csv").read_text().splitlines()
    assert matches[0] == (
        "id,program,person_id,staff_id,requested_on,started_on,ended_on,outcome,extended_on,"
        "end_reason,end_note,previous_id,daytime,weekend,languages,staff_since"
    )
    assert matches[1].endswith(",m2,true,true,ar;en,")
    assert matches[2].endswith(",2017-02-15")
    measurements = (out / "self_reliance_measurements.csv").read_text().splitlines()
    assert measurements[1] == "zrm1,t1,intake,2017-03-02,finances:2;housing:3;language:1"
    assert (out / "contacts.csv").read_text().splitlines()[0].endswith(",venue,note")
    assert (
        (out / "trajectories.csv")
        .read_text()
        .splitlines()[0]
        .endswith(",end_reason,exit_conversation_on,exit_summary,coach_since")
    )
    assert (out / "coach_periods.csv").read_text().splitlines() == [
        "id,trajectory_id,started_on,ended_on,reason,coach_id",
        "cp1,t1,2017-03-01,2017-05-31,Stopt als vrijwilliger,s0",
    ]


def test_a_changed_scores_cell_replaces_the_measurements_scores_and_logs_the_change(tmp_path):
    branch_with_every_koers_record()
    out = tmp_path / "out"
    bundle_export(target=out)
    measurements = out / "self_reliance_measurements.csv"
    measurements.write_bytes(
        measurements.read_bytes().replace(b"finances:4;housing:5", b"housing:4;justice:5")
    )
    result = bundle_import(by=IMPORT, source=out)
    assert (result.created, result.updated) == (0, 1)
    exit_scores = SelfRelianceMeasurement.objects.get(external_id="zrm2").scores
    assert dict(exit_scores.values_list("domain", "score")) == {"housing": 4, "justice": 5}
    change = ChangeLogEntry.objects.get(source="import", external_id="zrm2")
    assert change.changes["scores"] == [
        [["finances", 4], ["housing", 5]],
        [["housing", 4], ["justice", 5]],
    ]


def test_a_second_plan_for_a_trajectory_with_a_stored_plan_is_refused(tmp_path):
    branch_with_every_koers_record()
    result = import_files(
        tmp_path / "bundle",
        {
            "trajectory_plans.csv": [
                "id,trajectory_id,goals,agreed_on",
                "tp2,t1,Werk vinden,2017-09-01",
            ]
        },
    )
    assert [str(problem) for problem in result.problems] == [
        "trajectory_plans.csv:2: trajectory_id: same trajectory_id as tp1 in the database"
    ]


def test_a_branch_export_carries_its_own_koers_records_only(tmp_path):
    branch_with_every_koers_record()
    elsewhere = LocationFactory(external_id="heuvelrug")
    SignalFactory(external_id="sig2", location=elsewhere)
    VolunteerProfileFactory(external_id="vp2", staff__location=elsewhere)
    written = bundle_export(
        target=tmp_path / "out", location=LocationFactory(external_id="zeestad")
    )
    assert {name: written.get(name) for name in NEW_FILES} == NEW_FILES
    signals = (tmp_path / "out" / "signals.csv").read_text().splitlines()
    assert [line.split(",")[0] for line in signals] == ["id", "sig1"]
