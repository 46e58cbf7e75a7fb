"""The demo generator at a tenth of its size: every model, consistent data, real variety."""

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q

from koers.accounts.models import Membership, User
from koers.coaching.models import Referral, SelfRelianceScore, Trajectory
from koers.contacts.models import Contact
from koers.cooperation.models import OUTREACH_KINDS, Activity, Partner
from koers.core.models import ChangeLogEntry, Location
from koers.core.scoping import Role
from koers.deadlines.models import RuleSetting
from koers.demo import names
from koers.demo.store import SAVE_ORDER
from koers.demo.users import DEMO_PASSWORD
from koers.groups.models import Attendance, Enrolment, Group, GroupSession
from koers.legal.models import Dossier, DossierStep
from koers.matching.models import Match, MatchEvaluation
from koers.people.models import (
    CivicIntegrationResult,
    Dwelling,
    Household,
    Person,
    Placement,
    QuotaPeriod,
)
from koers.staff.models import StaffMember, Training
from tests.demo.conftest import TODAY
from tests.demo.test_names import SEED_NAME_WORDS

pytestmark = pytest.mark.usefixtures("demo", "db")

NATIONALITIES = {"SYR", "ERI", "AFG", "IRN", "SOM", "IRQ", "YEM", "SDN", "XXA", "ETH"}


@pytest.mark.parametrize("model", SAVE_ORDER, ids=lambda m: m._meta.label)
def test_every_model_has_rows(model):
    assert model.objects.exists()


def test_every_row_passes_its_field_validation():
    """Codes, postcodes, V-numbers, nationalities and languages are valid values."""
    for model in SAVE_ORDER:
        # relations are checked by the database; validating them here would query per row
        exclude = ["password", *(f.name for f in model._meta.fields if f.is_relation)]
        for row in model.objects.all():
            row.clean_fields(exclude=exclude)


def test_demo_writes_no_change_log():
    assert not ChangeLogEntry.objects.exists()


def test_region_has_five_branches_and_one_elsewhere():
    regions = dict(
        Location.objects.values_list("region").annotate(n=Count("id")).values_list("region", "n")
    )
    assert regions == {"Zuidwest-Nederland": 5, "Midden-Nederland": 1}


def test_nothing_happens_after_today():
    assert not Contact.objects.filter(date__gt=TODAY).exists()
    assert not GroupSession.objects.filter(date__gt=TODAY).exists()
    assert not Placement.objects.filter(housed_on__gt=TODAY).exists()
    assert not DossierStep.objects.filter(done_on__gt=TODAY).exists()
    assert not MatchEvaluation.objects.filter(held_on__gt=TODAY).exists()
    assert not Training.objects.filter(completed_on__gt=TODAY).exists()
    assert not CivicIntegrationResult.objects.filter(decided_on__gt=TODAY).exists()
    assert not Trajectory.objects.filter(started_on__gt=TODAY).exists()


def test_records_cover_three_years_ending_today():
    years = set(Placement.objects.values_list("housed_on__year", flat=True))
    assert {TODAY.year - 2, TODAY.year - 1, TODAY.year} <= years
    assert QuotaPeriod.objects.filter(starts_on__lte=TODAY, ends_on__gte=TODAY).count() == 6


def test_people_live_in_their_own_branch():
    assert not Person.objects.exclude(household__location=F("location")).exists()
    assert not Placement.objects.exclude(dwelling__location=F("person__location")).exists()
    assert not Placement.objects.filter(housed_on__lt=F("dwelling__available_on")).exists()


def test_households_are_singles_and_families():
    sizes = Household.objects.annotate(n=Count("members")).values_list("n", flat=True)
    assert 1 in sizes
    assert any(size >= 4 for size in sizes)


def test_every_arrival_route_occurs_and_some_placements_do_not_count():
    routes = set(Person.objects.values_list("arrival_route", flat=True))
    assert routes == {"regular", "family_reunification", "resettlement", "self_registered"}
    assert Placement.objects.filter(counts_for_quota=False).exists()
    assert set(Person.objects.values_list("nationality", flat=True)) <= NATIONALITIES


def test_family_members_arrive_when_their_sponsors_dossier_is_granted():
    arrivals = DossierStep.objects.filter(
        step="arrival",
        done_on__isnull=False,
        dossier__kind="family_reunification",
        dossier__outcome="granted",
    )
    followers = Person.objects.filter(arrival_route="family_reunification")
    assert followers.exists()
    for person in followers:
        placement = person.placements.get(counts_for_quota=True)
        assert arrivals.filter(
            dossier__person__household=person.household, done_on=placement.housed_on
        ).exists()


def test_dossiers_keep_their_dates_in_order_and_closed_ones_have_an_outcome():
    assert not Dossier.objects.filter(closed_on__isnull=False, outcome="").exists()
    assert not DossierStep.objects.filter(done_on__lt=F("dossier__opened_on")).exists()
    assert Dossier.objects.filter(guardianship=True).exists()
    assert Dossier.objects.filter(closed_on__isnull=True).exists()
    assert set(Dossier.objects.values_list("outcome", flat=True)) >= {"", "granted"}


def test_open_deadlines_exist_today():
    assert DossierStep.objects.filter(done_on__isnull=True, due_on__isnull=False).exists()
    assert Trajectory.objects.filter(ended_on__isnull=True).exists()
    waiting = Match.objects.filter(started_on__isnull=True, outcome="")
    assert waiting.exists()


def test_coaches_and_volunteers_belong_to_the_clients_branch():
    assert (
        not Trajectory.objects.exclude(coach__location=F("person__location"))
        .filter(coach__isnull=False)
        .exists()
    )
    assert (
        not Match.objects.exclude(staff__location=F("person__location"))
        .filter(staff__isnull=False)
        .exists()
    )
    assert not Enrolment.objects.exclude(person__location=F("group__location")).exists()
    assert not Group.staff.through.objects.exclude(
        staffmember__location=F("group__location")
    ).exists()


def test_settling_in_comes_before_integration():
    kinds = set(Trajectory.objects.values_list("kind", flat=True))
    assert kinds == {"settling_in", "integration", "job_coaching"}
    for trajectory in Trajectory.objects.filter(kind="integration").exclude(
        person__arrival_route="self_registered"
    ):
        settling_in = trajectory.person.trajectories.get(kind="settling_in")
        assert settling_in.end_reason == "completed"
        assert settling_in.ended_on < trajectory.started_on


def test_matches_go_from_waiting_list_to_pair_in_order():
    assert not Match.objects.filter(started_on__lt=F("requested_on")).exists()
    assert not Match.objects.filter(ended_on__lt=F("started_on")).exists()
    assert not Match.objects.filter(started_on__isnull=False, staff__isnull=True).exists()
    assert Match.objects.filter(outcome="withdrawn", started_on__isnull=True).exists()
    assert Match.objects.filter(outcome="stopped").exists()
    assert not MatchEvaluation.objects.filter(held_on__lt=F("match__started_on")).exists()


def test_attendance_only_for_people_enrolled_on_the_sessions_date():
    enrolled = Enrolment.objects.filter(
        group=OuterRef("session__group"),
        person=OuterRef("person"),
        enrolled_on__lte=OuterRef("session__date"),
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("session__date")))
    assert Attendance.objects.exists()
    assert not Attendance.objects.exclude(Exists(enrolled)).exists()


def test_sessions_lie_within_their_group():
    assert not GroupSession.objects.filter(date__lt=F("group__started_on")).exists()
    assert not GroupSession.objects.filter(date__gt=F("group__ended_on")).exists()


def test_every_group_program_has_sessions():
    programs = set(GroupSession.objects.values_list("group__program", flat=True))
    assert programs == {
        "participation_statement",
        "civic_integration",
        "language_centre",
        "computer_class",
        "language_class",
        "vip",
    }


def test_participation_statement_is_signed_at_a_pvt_session_attended():
    signed = Person.objects.filter(participation_statement_signed_on__isnull=False)
    assert signed.exists()
    for person in signed:
        assert Attendance.objects.filter(
            person=person,
            present=True,
            session__group__program="participation_statement",
            session__date=person.participation_statement_signed_on,
        ).exists()


def test_contacts_are_about_clients_of_the_branch_or_visitors_without_file():
    assert (
        not Contact.objects.filter(person__isnull=False)
        .exclude(person__location=F("location"))
        .exists()
    )
    assert (
        not Contact.objects.exclude(trajectory__person=F("person"))
        .filter(trajectory__isnull=False)
        .exists()
    )
    assert not Contact.objects.filter(person__isnull=False).exclude(visitor_ref="").exists()
    visitors = Contact.objects.filter(person__isnull=True)
    assert visitors.exclude(visitor_ref="").exists()
    assert Contact.objects.exclude(venue="").exists()
    assert set(Contact.objects.values_list("kind", flat=True)) == {
        "social_hours",
        "legal_hours",
        "info_point",
        "walk_in",
        "home_visit",
        "phone",
        "coaching",
    }


def test_staff_come_and_go_with_roles_languages_and_trainings():
    members = StaffMember.objects.annotate(roles_count=Count("roles"))
    assert members.filter(roles_count=2).exists()
    assert set(members.values_list("kind", flat=True)) == {
        "volunteer",
        "intern_hbo",
        "intern_mbo",
        "paid",
    }
    assert StaffMember.objects.filter(roles__role="interpreter", languages__isnull=False).exists()
    assert StaffMember.objects.exclude(end_reason="").filter(ended_on__isnull=False).exists()
    assert not StaffMember.objects.filter(ended_on__isnull=False, end_reason="").exists()
    assert Training.objects.filter(course__in=["introduction", "basic_course"]).exists()


def test_names_come_in_several_spellings():
    """The same name spelled differently by different people: what a fuzzy search must find."""
    given = set(Person.objects.values_list("given_name", flat=True))
    variants = {names.SPELLING_GROUPS[name] for name in given if name in names.SPELLING_GROUPS}
    spelled_twice = [group for group in variants if len(group & given) >= 2]
    assert len(spelled_twice) >= 10


@pytest.mark.parametrize("role", list(Role))
def test_a_demo_user_for_every_role(role):
    membership = Membership.objects.filter(role=role).select_related("user").first()
    assert membership is not None
    assert membership.user.check_password(DEMO_PASSWORD)


def test_volunteer_coaches_clients_and_is_in_a_pair_and_a_group():
    user = User.objects.get(username="vrijwilliger")
    member = user.staff_member
    assert member.trajectories.filter(ended_on__isnull=True).exists()
    assert member.matches.filter(started_on__isnull=False, ended_on__isnull=True).exists()
    assert member.groups.filter(ended_on__isnull=True).exists()
    people = Person.objects.for_user(user)
    assert people.exists()
    assert not people.exclude(location=member.location).exists()


def test_every_current_holder_of_a_demo_login_meets_the_access_requirements():
    from koers.staff.selectors import client_access_of, with_client_access

    for username in ("vrijwilliger", "jurist"):
        member = with_client_access(StaffMember.objects.filter(user__username=username)).get()
        assert client_access_of(member).granted, username


def test_new_volunteer_waits_for_the_vog_and_sees_no_client():
    from koers.staff.selectors import own_client_access

    user = User.objects.get(username="vrijwilliger.nieuw")
    assert user.memberships.get().role == Role.VOLUNTEER
    assert user.staff_member.conduct_certificate_on is None
    assert not Person.objects.for_user(user).exists()
    (own,) = own_client_access(user)
    assert not own.access.granted
    assert "VOG" in own.access.missing


def test_each_branch_has_a_newcomer_without_vog_and_most_staff_have_one():
    active = StaffMember.objects.filter(ended_on__isnull=True)
    pending = active.filter(conduct_certificate_on__isnull=True, kind="volunteer")
    assert set(pending.values_list("location", flat=True)) == set(
        Location.objects.values_list("pk", flat=True)
    )
    assert active.filter(conduct_certificate_on__isnull=False).count() > 0.9 * active.count()


def test_health_scores_only_at_the_branch_that_opted_in():
    from koers.coaching.models import HEALTH_ZRM_DOMAINS

    health = SelfRelianceScore.objects.filter(domain__in=HEALTH_ZRM_DOMAINS)
    opted_in = set(
        Location.objects.filter(records_health=True).values_list("external_id", flat=True)
    )
    assert opted_in == {"vlaardingen"}
    assert (
        set(health.values_list("measurement__trajectory__person__location__external_id", flat=True))
        == opted_in
    )
    assert (
        SelfRelianceScore.objects.exclude(domain__in=HEALTH_ZRM_DOMAINS)
        .filter(measurement__trajectory__person__location__records_health=False)
        .exists()
    )


def test_legal_volunteer_sees_the_branchs_dossiers_only():
    user = User.objects.get(username="jurist")
    dossiers = Dossier.objects.for_user(user)
    assert dossiers.exists()
    assert not dossiers.exclude(person__location=user.staff_member.location).exists()


def test_administrator_has_the_back_office_but_is_no_superuser():
    user = User.objects.get(username="beheerder")
    assert user.is_staff
    assert not user.is_superuser
    assert not Person.objects.for_user(user).exists()


def test_regional_manager_sees_the_region_and_not_the_branch_elsewhere():
    people = Person.objects.for_user(User.objects.get(username="regiomanager"))
    assert set(people.values_list("location__region", flat=True)) == {"Zuidwest-Nederland"}


def test_dwellings_have_dutch_postcodes_of_their_municipality():
    assert not Dwelling.objects.exclude(postcode__regex=r"^\d{4} [A-Z]{2}$").exists()
    assert (
        Dwelling.objects.filter(location__municipality="Vlaardingen")
        .exclude(postcode__startswith="313")
        .count()
        == 0
    )


def test_no_generated_name_is_a_seed_persons_name():
    generated = [
        *Person.objects.values_list("given_name", "family_name"),
        *StaffMember.objects.values_list("given_name", "family_name"),
        *User.objects.values_list("first_name", "last_name"),
    ]
    words = {word for pair in generated for name in pair for word in name.split()}
    assert not words & SEED_NAME_WORDS


def test_self_reliance_grows_from_intake_to_exit():
    def scores(moment):
        rows = SelfRelianceScore.objects.filter(measurement__moment=moment).values_list(
            "measurement__trajectory__person", "domain", "score"
        )
        return {(person, domain): score for person, domain, score in rows}

    intake, exit = scores("intake"), scores("exit")
    assert exit
    assert all(score >= intake[key] for key, score in exit.items())


def test_a_rematch_follows_a_stopped_pair_of_the_same_client():
    rematches = Match.objects.filter(previous__isnull=False).select_related("previous")
    assert rematches.exists()
    for match in rematches:
        assert match.previous.outcome == "stopped"
        assert match.previous.person_id == match.person_id
        assert match.requested_on == match.previous.ended_on


def test_dordrecht_has_its_own_coaching_terms():
    terms = RuleSetting.objects.filter(location__external_id="dordrecht")
    assert dict(terms.values_list("rule__code", "offset_months")) == {
        "settling_in_end": 3,
        "integration_end": 12,
    }


def test_every_branch_keeps_a_social_map_and_a_year_of_cooperation_every_year():
    for location in Location.objects.all():
        assert Partner.objects.filter(location=location).count() >= 15
        for year in range(TODAY.year - 3, TODAY.year):
            of_year = Activity.objects.filter(location=location, date__year=year)
            kinds = set(of_year.values_list("kind", flat=True))
            assert {"case_consultation", "municipality_consultation", "network_meeting"} <= kinds
            assert of_year.filter(kind__in=OUTREACH_KINDS).exists(), (location, year)
    assert not Activity.objects.filter(date__gt=TODAY).exists()
    assert (
        not Activity.objects.exclude(kind__in=OUTREACH_KINDS)
        .filter(people_reached__isnull=False)
        .exists()
    )
    through = (Activity.partners.through, Activity.staff.through)
    assert not through[0].objects.exclude(partner__location=F("activity__location")).exists()
    assert not through[1].objects.exclude(staffmember__location=F("activity__location")).exists()
    words = {w for name in Partner.objects.values_list("name", "contact_person") for n in name
             for w in n.split()}  # fmt: skip
    assert not words & SEED_NAME_WORDS


def test_referrals_name_the_partner_of_their_kind_on_the_branchs_social_map():
    linked = Referral.objects.filter(organisation__isnull=False)
    assert linked.exists()
    assert not linked.exclude(organisation__location=F("person__location")).exists()
    assert not linked.filter(partner="food_bank").exclude(organisation__kind="food_bank").exists()
