"""The group list shows what tells groups apart (programme, level, language, day, part of
the day, who teaches), sorts, filters and exports; a volunteer finds "Mijn groepen"."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.core.scoping import Role
from tests.factories import GroupFactory, GroupSessionFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db
LIST = reverse("groups:group_list")
MINE = reverse("groups:my_groups")
TUESDAY = datetime.date(2025, 3, 4)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sessions(group, first: datetime.date, weeks: int) -> None:
    for week in range(weeks):
        GroupSessionFactory(group=group, date=first + datetime.timedelta(weeks=week))


@pytest.fixture
def groups(branch, other_branch, users):
    volunteer = users[Role.VOLUNTEER].staff_member
    teacher = StaffMemberFactory(location=branch, given_name="Ineke", family_name="Docent")
    taught = GroupFactory(
        location=branch,
        program="language_centre",
        level="beginner",
        language="ar",
        evening=True,
        started_on=datetime.date(2025, 3, 1),
    )
    taught.staff.set([volunteer, teacher])
    sessions(taught, TUESDAY, 4)  # Tuesdays
    sessions(taught, TUESDAY + datetime.timedelta(days=2), 4)  # and Thursdays
    GroupSessionFactory(group=taught, date=TUESDAY + datetime.timedelta(days=4))  # one Friday
    other = GroupFactory(
        location=branch,
        program="language_centre",
        evening=False,
        started_on=datetime.date(2024, 9, 1),
    )
    other.staff.set([teacher])
    sessions(other, TUESDAY - datetime.timedelta(days=1), 3)  # Mondays
    foreign = GroupFactory(
        location=other_branch, program="vip", started_on=datetime.date(2025, 1, 1)
    )
    return {"taught": taught, "other": other, "foreign": foreign, "teacher": teacher}


def test_each_group_shows_its_days_part_of_day_and_teachers(groups, users):
    page = client_for(users[Role.TEAM_LEADER]).get(LIST)
    rows = list(page.context["page"])
    assert rows == [groups["taught"], groups["other"]]  # newest first
    assert rows[0].when == "dinsdag en donderdag, avond"  # the one Friday is no habit
    assert rows[1].when == "maandag, overdag"
    html = page.content.decode()
    assert "Ineke Docent" in html and "dinsdag en donderdag, avond" in html
    assert "Beginners" in html or "beginners" in html


def test_the_group_page_says_when_and_who_too(groups, users):
    url = reverse("groups:group_detail", kwargs={"group_uid": groups["taught"].uid})
    html = client_for(users[Role.TEAM_LEADER]).get(url).content.decode()
    assert "dinsdag en donderdag, avond" in html and "Ineke Docent" in html


def test_filters_by_teacher_and_part_of_day_and_sorts(groups, users):
    client = client_for(users[Role.TEAM_LEADER])
    volunteer = users[Role.VOLUNTEER].staff_member
    assert list(client.get(LIST, {"staff": volunteer.pk}).context["page"]) == [groups["taught"]]
    assert list(client.get(LIST, {"evening": "no"}).context["page"]) == [groups["other"]]
    oldest = client.get(LIST, {"sorteer": "gestart"}).context["page"]
    assert list(oldest) == [groups["other"], groups["taught"]]
    by_sessions = client.get(LIST, {"sorteer": "bijeenkomsten", "richting": "af"})
    assert list(by_sessions.context["page"]) == [groups["taught"], groups["other"]]


def test_the_export_holds_the_groups_shown_with_day_and_teacher(groups, users):
    client = client_for(users[Role.TEAM_LEADER])
    response = client.get(reverse("groups:group_list_export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(rows) == 3
    helpers = sorted(
        [users[Role.VOLUNTEER].staff_member, groups["teacher"]],
        key=lambda member: (member.family_name, member.given_name),
    )
    assert rows[1][:4] == [
        "Taalcentrum, beginners, Arabisch",
        "Afdeling Rijnmond",
        "dinsdag en donderdag, avond",
        ", ".join(str(member) for member in helpers),
    ]
    assert rows[1][-1] == 9 and rows[2][-1] == 3


def test_a_volunteer_finds_my_groups_in_the_menu_with_the_groups_they_run(groups, users):
    client = client_for(users[Role.VOLUNTEER])
    home = client.get(reverse("home")).content.decode()
    assert f'href="{MINE}"' in home
    assert list(client.get(MINE).context["page"]) == [groups["taught"]]
    teamleader = client_for(users[Role.TEAM_LEADER])
    assert f'href="{MINE}"' not in teamleader.get(reverse("home")).content.decode()
    assert list(teamleader.get(MINE).context["page"]) == []


def test_the_group_list_takes_as_many_queries_for_many_groups(groups, users, branch):
    client = client_for(users[Role.TEAM_LEADER])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(LIST)
        return len(queries)

    few = count()
    for n in range(4):
        group = GroupFactory(location=branch, started_on=datetime.date(2023, 1, 1 + n))
        group.staff.set([groups["teacher"]])
        sessions(group, TUESDAY, 2)
    assert count() == few
