"""Partners as the branch's social map: referrals and warm handovers choose from it, and
referrals that named a partner in free text are linked by name (case and spaces aside)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from koers.coaching import services as coaching_services
from koers.coaching.forms import ReferralForm, TrajectoryCloseForm
from koers.coaching.models import Referral
from koers.cooperation import services
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.coaching.factories import ReferralFactory
from tests.cooperation.factories import PartnerFactory
from tests.factories import LocationFactory, PersonFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("koers.coaching.migrations.0004_referral_organisation")


def referral_at(location, **fields) -> Referral:
    return ReferralFactory(person=PersonFactory(location=location), **fields)


def test_the_data_migration_links_referrals_whose_text_is_a_partner_name(branch, other_branch):
    food_bank = PartnerFactory(location=branch, name="Voedselbank Rijnmond", kind="food_bank")
    PartnerFactory(location=other_branch, name="Wijkteam Oost")
    spaced = referral_at(branch, partner_detail="  voedselbank   RIJNMOND ")
    elsewhere = referral_at(branch, partner="wijkteam", partner_detail="Wijkteam Oost")
    unmatched = referral_at(branch, partner_detail="Voedselbank Zuid")
    MIGRATION.link_referrals(apps, None)
    for referral in (spaced, elsewhere, unmatched):
        referral.refresh_from_db()
    assert spaced.organisation == food_bank
    assert spaced.partner_detail == "  voedselbank   RIJNMOND "  # the text stays
    assert elsewhere.organisation is None  # a partner of another branch
    assert unmatched.organisation is None
    assert unmatched.partner_detail == "Voedselbank Zuid"


def test_without_text_the_name_of_the_partner_code_is_matched(branch):
    cjg = PartnerFactory(location=branch, name="CJG (Centrum voor Jeugd en Gezin)")
    referral = referral_at(branch, partner="cjg", partner_detail="")
    MIGRATION.link_referrals(apps, None)
    referral.refresh_from_db()
    assert referral.organisation == cjg


def test_two_partners_of_one_name_are_not_guessed_between(branch):
    PartnerFactory(location=branch, name="Taalhuis")
    PartnerFactory(location=branch, name="taalhuis ")
    referral = referral_at(branch, partner="taalhuis", partner_detail="")
    MIGRATION.link_referrals(apps, None)
    referral.refresh_from_db()
    assert referral.organisation is None


def test_adding_a_partner_links_the_referrals_that_name_it_and_logs_each(
    branch, other_branch, users
):
    leader = users[Role.TEAM_LEADER]
    named = referral_at(branch, partner="debt_help", partner_detail="Schuldhulp  Maasoever")
    elsewhere = referral_at(
        other_branch, partner="debt_help", partner_detail="Schuldhulp Maasoever"
    )
    partner = services.partner_create(
        location=branch, name="Schuldhulp Maasoever", kind="debt_help", by=leader
    )
    named.refresh_from_db()
    elsewhere.refresh_from_db()
    assert named.organisation == partner
    assert elsewhere.organisation is None
    entry = ChangeLogEntry.objects.get(external_id=named.external_id, action="update")
    assert entry.changes == {"organisation_id": [None, partner.pk]}
    assert entry.person_id == named.person_id
    assert entry.user == leader


def test_an_administrator_adds_a_partner_and_links_no_client_record(branch, users):
    """An administrator keeps every branch's social map but reaches no client: the partner
    is added, the referral that names it stays as it was (and nothing is refused)."""
    named = referral_at(branch, partner="food_bank", partner_detail="Voedselbank Rijnmond")
    partner = services.partner_create(
        location=branch, name="Voedselbank Rijnmond", kind="food_bank",
        by=users[Role.ADMINISTRATOR],
    )  # fmt: skip
    named.refresh_from_db()
    assert partner.pk and named.organisation is None
    assert not ChangeLogEntry.objects.filter(external_id=named.external_id, action="update")


def test_renaming_a_partner_links_referrals_of_its_new_name(branch, users):
    leader = users[Role.TEAM_LEADER]
    partner = PartnerFactory(location=branch, name="Vraagwijzer")
    referral = referral_at(branch, partner="vraagwijzer", partner_detail="Loket Wonen en Zorg")
    services.partner_update(
        partner=partner, name="Loket wonen en zorg", kind="social_team", contact_person="",
        phone="", expected_version=1, by=leader,
    )  # fmt: skip
    referral.refresh_from_db()
    assert referral.organisation == partner


def test_a_referral_names_an_organisation_of_the_clients_branch_only(branch, other_branch):
    person = PersonFactory(location=branch)
    trajectory = TrajectoryFactory(person=person)
    foreign = PartnerFactory(location=other_branch)
    with pytest.raises(ValidationError) as error:
        coaching_services.referral_create(
            person=person, trajectory=trajectory, partner="other", partner_detail="",
            referred_on=datetime.date(2017, 5, 1), reason="Vragen", warm_handover=False,
            organisation=foreign, by=None,
        )  # fmt: skip
    assert "organisation" in error.value.error_dict


def test_a_health_organisation_only_where_the_branch_records_health(branch):
    person = PersonFactory(location=branch)
    practice = PartnerFactory(location=branch, name="Huisartsenpraktijk Kade", kind="health")
    with pytest.raises(ValidationError):
        coaching_services.referral_create(
            person=person, trajectory=None, partner="gp", partner_detail="",
            referred_on=datetime.date(2017, 5, 1), reason="Klachten", warm_handover=False,
            organisation=practice, by=None,
        )  # fmt: skip
    form = ReferralForm(location=branch, organisations=branch.partners.all())
    assert practice not in form.fields["organisation"].queryset
    health_branch = LocationFactory(external_id="zorgstad", records_health=True)
    clinic = PartnerFactory(location=health_branch, kind="health")
    form = ReferralForm(location=health_branch, organisations=health_branch.partners.all())
    assert clinic in form.fields["organisation"].queryset


def test_choosing_an_organisation_gives_the_partner_code_of_its_kind(branch):
    wijkteam = PartnerFactory(location=branch, name="Sociaal Team Centrum", kind="social_team")
    form = ReferralForm(
        {
            "organisation": wijkteam.pk,
            "referred_on": "2017-05-01",
            "reason": "Verdere vragen",
        },
        location=branch,
        organisations=branch.partners.all(),
    )
    assert form.is_valid(), form.errors
    assert form.referral_data(form.cleaned_data)["partner"] == "wijkteam"


def test_a_referral_needs_an_organisation_or_a_kind(branch):
    form = ReferralForm(
        {"referred_on": "2017-05-01", "reason": "Vragen"},
        location=branch,
        organisations=branch.partners.all(),
    )
    assert not form.is_valid()
    assert form.errors["partner"] == ["Kies een organisatie van de sociale kaart of een soort."]


def test_the_warm_handover_on_closing_chooses_from_the_social_map(branch):
    team = PartnerFactory(location=branch, name="Wijkteam Centrum", kind="social_team")
    form = TrajectoryCloseForm(
        {
            "ended_on": "2017-08-01",
            "end_reason": "completed",
            "organisation": team.pk,
            "referred_on": "2017-08-01",
            "reason": "Einde begeleiding",
            "warm_handover": "on",
        },
        location=branch,
        organisations=branch.partners.all(),
    )
    assert form.is_valid(), form.errors
    assert form.referral(form.cleaned_data)["organisation"] == team


def test_the_referral_page_offers_the_branchs_partners_and_saves_the_link(
    branch, other_branch, users
):
    mine = PartnerFactory(location=branch, name="Voedselbank Rijnmond", kind="food_bank")
    PartnerFactory(location=other_branch, name="Voedselbank Waalstad", kind="food_bank")
    trajectory = TrajectoryFactory(person=PersonFactory(location=branch))
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    url = reverse("coaching:referral_add", kwargs={"trajectory_uid": trajectory.uid})
    page = client.get(url).content.decode()
    assert "Voedselbank Rijnmond" in page
    assert "Voedselbank Waalstad" not in page
    response = client.post(
        url,
        {"organisation": mine.pk, "referred_on": "2017-05-01", "reason": "Pakket", "version": ""},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.organisation, referral.partner) == (mine, "food_bank")
    assert referral.partner_name == "Voedselbank (Voedselbank Rijnmond)"
