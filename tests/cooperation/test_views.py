"""The pages of the social map and of activities, per role: record in a minute, list,
sort, filter, export; errors next to their field; conflicts; nothing of another branch."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from koers.cooperation.models import Activity, Partner
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import StaffMemberFactory
from tests.searching import searched

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("cooperation:activity_list")
CREATE = reverse("cooperation:activity_create")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(activity) -> str:
    return reverse("cooperation:activity_edit", kwargs={"activity_uid": activity.uid})


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["page"]]


@pytest.fixture
def leader(users):
    return client_for(users[Role.TEAM_LEADER])


def test_the_list_shows_the_branchs_activities_only(branch, other_branch, leader):
    ActivityFactory(location=branch, title="Casusoverleg")
    ActivityFactory(location=other_branch, title="Elders")
    response = leader.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Casusoverleg"]
    assert "Elders" not in response.content.decode()


def test_the_list_sorts_by_its_columns_both_ways_and_keeps_filters_in_the_url(branch, leader):
    ActivityFactory(location=branch, title="Bravo", date=D(2017, 3, 1), kind="network_meeting")
    ActivityFactory(location=branch, title="Alfa", date=D(2017, 5, 1), kind="network_meeting")
    ActivityFactory(location=branch, title="Charlie", date=D(2017, 4, 1), kind="public_event")
    assert titles(leader.get(LIST)) == ["Alfa", "Charlie", "Bravo"]  # newest first
    assert titles(leader.get(LIST, {"sorteer": "titel"})) == ["Alfa", "Bravo", "Charlie"]
    backwards = {"sorteer": "titel", "richting": "af"}
    assert titles(leader.get(LIST, backwards)) == ["Charlie", "Bravo", "Alfa"]
    assert titles(leader.get(LIST, {"sorteer": "datum"})) == ["Bravo", "Charlie", "Alfa"]
    filtered = leader.get(LIST, {"soort": "network_meeting", "sorteer": "titel"})
    assert titles(filtered) == ["Alfa", "Bravo"]
    title = next(h for h in filtered.context["list"].headers if h["label"] == "titel")
    assert title["href"] == "?soort=network_meeting&sorteer=titel&richting=af"
    assert title["aria_sort"] == "ascending"
    assert titles(leader.get(LIST, {"sorteer": "nonsense"})) == ["Alfa", "Charlie", "Bravo"]
    choices = filtered.context["list"].sort_choices
    assert next(c for c in choices if c["selected"])["label"] == "Titel, oplopend"


def test_the_former_sort_addresses_lead_to_the_same_list(branch, leader):
    """``?sort=-title`` (the list's own sorting before core.listing) still works."""
    ActivityFactory(location=branch, title="Bravo", date=D(2017, 3, 1))
    ActivityFactory(location=branch, title="Alfa", date=D(2017, 5, 1))
    moved = leader.get(LIST, {"soort": "network_meeting", "sort": "-title"})
    assert moved.status_code == 302
    assert moved["Location"] == f"{LIST}?soort=network_meeting&sorteer=titel&richting=af"
    assert titles(leader.get(LIST, {"sort": "-title"}, follow=True)) == ["Bravo", "Alfa"]
    assert leader.get(LIST, {"sort": "nonsense"})["Location"] == LIST


def test_the_list_filters_by_year_part_of_a_year_and_partner(branch, leader):
    food_bank = PartnerFactory(location=branch, name="Voedselbank")
    ActivityFactory(location=branch, title="Eerste dag", date=D(2017, 1, 1), partners=[food_bank])
    ActivityFactory(location=branch, title="Eind juni", date=D(2017, 6, 30))
    ActivityFactory(location=branch, title="Begin juli", date=D(2017, 7, 1))
    ActivityFactory(location=branch, title="Laatste dag", date=D(2017, 12, 31))
    ActivityFactory(location=branch, title="Ervoor", date=D(2016, 12, 31), partners=[food_bank])
    year = {"jaar": "2017"}
    whole_year = ["Laatste dag", "Begin juli", "Eind juni", "Eerste dag"]
    assert titles(leader.get(LIST, year)) == whole_year
    assert titles(leader.get(LIST, {**year, "periode": "H1"})) == ["Eind juni", "Eerste dag"]
    assert titles(leader.get(LIST, {**year, "periode": "H2"})) == ["Laatste dag", "Begin juli"]
    assert titles(leader.get(LIST, {**year, "periode": "M06"})) == ["Eind juni"]
    with_partner = leader.get(LIST, {**year, "partner": str(food_bank.uid)})
    assert titles(with_partner) == ["Eerste dag"]
    without_year = leader.get(LIST, {"periode": "H1"})
    errors = without_year.context["filters"].errors
    assert errors["jaar"] == ["Kies ook het jaar van deze periode."]
    assert "Kies ook het jaar van deze periode." in without_year.content.decode()


def test_the_list_costs_the_same_queries_for_few_and_many_activities(
    branch, users, django_assert_max_num_queries
):
    partner = PartnerFactory(location=branch)
    member = StaffMemberFactory(location=branch)
    client = client_for(users[Role.TEAM_LEADER])
    ActivityFactory(location=branch, partners=[partner], staff=[member])
    with django_assert_max_num_queries(40) as few:
        client.get(LIST)
    for n in range(12):
        ActivityFactory(location=branch, title=f"Overleg {n}", partners=[partner], staff=[member])
    with django_assert_max_num_queries(40) as many:
        client.get(LIST)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_recording_an_activity_saves_it_with_partners_staff_and_audience(branch, users, leader):
    partner = PartnerFactory(location=branch, name="Kerkcentrum De Bron", kind="faith")
    member = StaffMemberFactory(location=branch, given_name="Mirjam", family_name="Dekker")
    page = leader.get(CREATE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Een activiteit noemt nooit een cliënt." in body
    assert "Kerkcentrum De Bron" in body and "Mirjam Dekker" in body
    response = leader.post(
        CREATE,
        {
            "date": "2017-03-14",
            "kind": "information_session",
            "title": "Voorlichting jongeren",
            "partners": [partner.pk],
            "staff": [member.pk],
            "people_reached": "35",
            "version": "",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.location, activity.people_reached, activity.title) == (
        branch,
        35,
        "Voorlichting jongeren",
    )
    assert list(activity.partners.all()) == [partner]
    assert list(activity.staff.all()) == [member]
    assert not AccessLogEntry.objects.exists()  # no client in sight


def test_an_audience_on_a_meeting_is_an_error_next_to_the_field_and_nothing_is_saved(
    branch, leader
):
    response = leader.post(
        CREATE,
        {"date": "2017-03-14", "kind": "case_consultation", "title": "Casusoverleg",
         "people_reached": "4"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "people_reached" in response.context["form"].errors
    body = response.content.decode()
    assert "Vul dit alleen in bij een voorlichting of publieksactiviteit" in body
    assert not Activity.objects.exists()


def test_missing_values_are_named_in_dutch_next_to_their_field(leader):
    response = leader.post(CREATE, {"date": "gisteren", "title": ""})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) >= {"date", "kind", "title"}
    assert "Maak een keuze." in errors["kind"]
    assert "Vul een datum in als 6-12-2026." in errors["date"]


def test_a_partner_of_another_branch_cannot_be_chosen(branch, other_branch, leader):
    elsewhere = PartnerFactory(location=other_branch)
    response = leader.post(
        CREATE,
        {"date": "2017-03-14", "kind": "network_meeting", "title": "Overleg",
         "partners": [elsewhere.pk]},
    )  # fmt: skip
    assert response.status_code == 422
    assert "partners" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_future_date_asks_for_a_confirmation(leader, today):
    data = {
        "date": (today + datetime.timedelta(days=10)).isoformat(),
        "kind": "public_event",
        "title": "Open dag",
    }
    first = leader.post(CREATE, data)
    assert first.status_code == 422
    assert "ligt in de toekomst" in first.content.decode()
    assert leader.post(CREATE, {**data, "confirmed": "on"}).status_code == 302


def test_an_edit_of_an_old_version_shows_both_and_overwrites_nothing(branch, leader):
    activity = ActivityFactory(location=branch, title="Platform vluchtelingen")
    Activity.objects.filter(pk=activity.pk).update(version=2, title="Platform (collega)")
    response = leader.post(
        edit_url(activity),
        {"date": "2017-05-10", "kind": "network_meeting", "title": "Mijn titel", "version": "1"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen." in body
    assert "Platform (collega)" in body and "Mijn titel" in body
    activity.refresh_from_db()
    assert activity.title == "Platform (collega)"


def test_an_activity_is_edited_and_deleted_by_its_branch(branch, leader):
    activity = ActivityFactory(location=branch)
    response = leader.post(
        edit_url(activity),
        {"date": "2017-06-01", "kind": "project_meeting", "title": "Taalcafé", "version": "1"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.version) == ("project_meeting", 2)
    delete = reverse("cooperation:activity_delete", kwargs={"activity_uid": activity.uid})
    question = leader.get(delete)
    assert (
        "Weet u zeker dat u “Taalcafé” (projectoverleg, 1 jun. 2017)" in question.content.decode()
    )
    assert Activity.objects.exists()
    assert leader.post(delete).status_code == 302
    assert not Activity.objects.exists()


def test_another_branch_and_read_only_roles_cannot_change_an_activity(branch, users):
    activity = ActivityFactory(location=branch)
    for role in ("other_team_leader", Role.REGIONAL_MANAGER, Role.MUNICIPALITY_VIEWER):
        assert client_for(users[role]).get(edit_url(activity)).status_code == 404, role
    manager = client_for(users[Role.REGIONAL_MANAGER]).get(LIST)
    assert titles(manager) == [activity.title]
    assert "Activiteit vastleggen" not in manager.content.decode()
    assert client_for(users[Role.MUNICIPALITY_VIEWER]).get(LIST).status_code == 404


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.LEGAL])
def test_volunteers_read_the_list_and_the_social_map_and_change_nothing(branch, users, role):
    """Keeping the social map and recording activities is the team leader's (the role
    table's ``write_branch``: neither is open to all or run by a volunteer); the branch's
    volunteers read both."""
    partner = PartnerFactory(location=branch, name="Taalhuis Centrum")
    activity = ActivityFactory(location=branch, title="Netwerkoverleg taal")
    client = client_for(users[role])
    listed = client.get(LIST)
    assert titles(listed) == ["Netwerkoverleg taal"]
    assert "Activiteit vastleggen" not in listed.content.decode()
    assert edit_url(activity) not in listed.content.decode()
    partners = client.get(reverse("cooperation:partner_list"))
    assert [p.name for p in partners.context["page"]] == ["Taalhuis Centrum"]
    assert "Partner toevoegen" not in partners.content.decode()
    partner_url = reverse("cooperation:partner_edit", kwargs={"partner_uid": partner.uid})
    for url in (CREATE, edit_url(activity), reverse("cooperation:partner_create"), partner_url):
        assert client.get(url).status_code == 404, url
    posted = {"date": "2017-04-03", "kind": "network_meeting", "title": "Overleg"}
    assert client.post(CREATE, posted).status_code == 404
    assert Activity.objects.get() == activity


def test_the_team_leader_chooses_among_the_branchs_active_staff_recent_ones_first(
    branch, users, leader, today
):
    colleague = StaffMemberFactory(location=branch, given_name="Pieter", family_name="Veld")
    elsewhere = StaffMemberFactory(given_name="Els", family_name="Elders")
    volunteer = users[Role.VOLUNTEER].staff_member
    ActivityFactory(location=branch, date=today - datetime.timedelta(days=30), staff=[colleague])
    ActivityFactory(location=branch, date=today - datetime.timedelta(days=400), staff=[volunteer])
    page = leader.get(CREATE)
    choices = list(page.context["form"].fields["staff"].queryset)
    assert colleague in choices and volunteer in choices
    assert elsewhere not in choices
    first = [chip.choice_label for chip in page.context["staff_first"]]
    rest = [chip.choice_label for chip in page.context["staff_rest"]]
    assert first == ["Pieter Veld"]  # took part a month ago; the volunteer over a year ago
    # the users fixture's volunteer and legal volunteer have staff records at the branch
    assert sorted(rest) == sorted([str(volunteer), str(users[Role.LEGAL].staff_member)])
    assert "Andere medewerkers (2)" in page.content.decode()


def test_the_export_is_the_filtered_sorted_list(branch, leader):
    partner = PartnerFactory(location=branch, name="Bibliotheek Centrum")
    ActivityFactory(
        location=branch, title="Voorlichting", kind="information_session", people_reached=20,
        date=D(2017, 2, 1), partners=[partner],
    )  # fmt: skip
    ActivityFactory(location=branch, title="Overleg", date=D(2017, 3, 1))
    response = leader.get(reverse("cooperation:activity_export"), {"soort": "information_session"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "datum;soort;titel;bereikt;partners;van ons team;afdeling",
        "2017-02-01;voorlichting;Voorlichting;20;Bibliotheek Centrum;;Afdeling Rijnmond",
    ]


def test_the_export_keeps_a_title_that_looks_like_a_formula_as_text(branch, leader):
    ActivityFactory(location=branch, title='=HYPERLINK("http://x")', date=D(2017, 2, 1))
    response = leader.get(reverse("cooperation:activity_export"))
    [_header, row] = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert row[2] == '\'=HYPERLINK("http://x")'


# The social map ----------------------------------------------------------------------------


def test_the_social_map_lists_the_branchs_partners_with_their_activities(
    branch, other_branch, leader
):
    partner = PartnerFactory(
        location=branch, name="CJG Rijnmond", kind="youth_family", phone="010 222 33 44"
    )
    PartnerFactory(location=other_branch, name="CJG Waalstad")
    ActivityFactory(location=branch, date=D(2017, 4, 2), partners=[partner])
    response = leader.get(reverse("cooperation:partner_list"))
    body = response.content.decode()
    assert "CJG Rijnmond" in body and "CJG Waalstad" not in body
    assert 'href="tel:0102223344"' in body
    [listed] = response.context["page"]
    assert (listed.activity_count, listed.last_activity) == (1, D(2017, 4, 2))


def test_the_social_map_is_searched_by_name_or_contact_without_either_in_the_url(branch, leader):
    PartnerFactory(location=branch, name="Taalhuis Centrum", contact_person="")
    PartnerFactory(location=branch, name="Wijkteam Noord", contact_person="Sanne de Wit")
    PartnerFactory(location=branch, name="Voedselbank", contact_person="")
    url = reverse("cooperation:partner_list")
    by_contact = searched(leader, url, q="de wit")
    assert [p.name for p in by_contact.context["page"]] == ["Wijkteam Noord"]
    assert "wit" not in by_contact.request["QUERY_STRING"].lower()
    by_name = searched(leader, url, q="taalhuis", soort="education")
    assert [p.name for p in by_name.context["page"]] == []  # the kind is not education
    assert "soort=education" in by_name.request["QUERY_STRING"]
    assert "taalhuis" not in by_name.request["QUERY_STRING"].lower()
    # a name typed into the address is not read
    assert len(leader.get(url, {"q": "taalhuis"}).context["page"]) == 3


def test_a_partner_is_added_and_a_second_of_the_same_name_needs_a_confirmation(branch, leader):
    url = reverse("cooperation:partner_create")
    data = {"name": "Voedselbank", "kind": "food_bank", "contact_person": "", "phone": ""}
    assert leader.post(url, data).status_code == 302
    again = leader.post(url, {**data, "name": " voedselbank"})
    assert again.status_code == 422
    assert "Er staat al een partner met deze naam op de sociale kaart." in again.content.decode()
    assert leader.post(url, {**data, "confirmed": "on"}).status_code == 302
    assert Partner.objects.filter(location=branch).count() == 2


def test_a_bad_phone_number_is_an_error_next_to_the_field(leader):
    response = leader.post(
        reverse("cooperation:partner_create"),
        {"name": "Wijkteam", "kind": "social_team", "phone": "bellen!"},
    )
    assert response.status_code == 422
    assert "Een telefoonnummer bestaat uit cijfers" in str(response.context["form"].errors["phone"])


def test_a_partner_of_another_branch_is_not_found(other_branch, leader):
    partner = PartnerFactory(location=other_branch)
    url = reverse("cooperation:partner_edit", kwargs={"partner_uid": partner.uid})
    assert leader.get(url).status_code == 404
    assert leader.post(url, {"name": "X", "kind": "other", "version": "1"}).status_code == 404
