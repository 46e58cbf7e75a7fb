"""The worklist as a list of core.listing: its columns, the sort (by default by due date,
overdue first), the filters (status, kind of term, coach, branch, period), the state in the
address, pages, the XLSX and CSV export of exactly what is shown (logged as an export of
those clients), closing an item from its row, who sees what, and a query count that does
not grow with the items."""

import datetime
import re

import pytest
from django.urls import reverse

from koers.core import editing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from koers.deadlines.selectors import (
    LATER,
    OVERDUE,
    THIS_MONTH,
    THIS_WEEK,
    group_of,
    worklist,
)
from koers.deadlines.worklists import NO_COACH, Status, WorkRow, work_rows
from tests.deadlines.conftest import coached_client, housed_client
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    MatchFactory,
    PersonFactory,
    StaffMemberFactory,
    TrajectoryFactory,
)
from tests.listing import client_for, csv_rows, log_mark, logged_since, queries_for, xlsx_rows
from tests.searching import searched

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LIST = reverse("deadlines:worklist")
HTMX = {"HTTP_HX_REQUEST": "true"}


def export_url(fmt: str) -> str:
    return reverse("deadlines:worklist_export", kwargs={"fmt": fmt})


@pytest.fixture
def listed(branch, other_branch, users, today):
    """Items of each status at the branch, worked by two coaches and by nobody, and one at
    the other branch of the region:

    - Dawit Warsame (coach Bram Visser): a step due 2 days ago (te laat);
    - Amina Haddad (the volunteer's client): her match's evaluation due in 3 days (deze
      week), her settling in, signature, exam term later;
    - Rahel Gebre (no coach), housed 350 days ago: the signature due in 15 or 16 days (deze
      maand, a leap day between or not);
    - Yonas Tekle at the other branch: a step due in 4 days (the regional manager's)."""
    volunteer = users[Role.VOLUNTEER].staff_member
    bram = StaffMemberFactory(location=branch, given_name="Bram", family_name="Visser")
    dawit = PersonFactory(location=branch, given_name="Dawit", family_name="Warsame")
    TrajectoryFactory(person=dawit, coach=bram, started_on=today - 40 * DAY)
    dossier = DossierFactory(person=dawit, kind="naturalisation", opened_on=today - 20 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - 2 * DAY)
    amina, match = coached_client(branch, volunteer, today=today, evaluation_due=today + 3 * DAY)
    rahel = housed_client(
        branch, housed_on=today - 350 * DAY, given_name="Rahel", family_name="Gebre"
    )
    yonas = PersonFactory(location=other_branch, given_name="Yonas", family_name="Tekle")
    far_dossier = DossierFactory(person=yonas, kind="naturalisation", opened_on=today - 9 * DAY)
    DossierStepFactory(dossier=far_dossier, step="embassy_visit", due_on=today + 4 * DAY)
    return {
        "volunteer": volunteer,
        "bram": bram,
        "dawit": dawit,
        "amina": amina,
        "rahel": rahel,
        "yonas": yonas,
        "step": step,
        "match": match,
    }


def rows_of(response) -> list:
    assert response.status_code == 200, response.status_code
    return list(response.context["page"])


def what(rows) -> list[tuple[str, str]]:
    return [(row.item.person_name, row.item.rule) for row in rows]


def test_the_default_order_is_by_due_date_overdue_first(listed, users, today):
    rows = rows_of(client_for(users[Role.TEAM_LEADER]).get(LIST))
    days = [row.item.due_on for row in rows]
    assert days == sorted(days)
    assert what(rows[:2]) == [
        ("Dawit Warsame", "dossier_step"),
        ("Amina Haddad", "match_evaluation_3m"),
    ]
    # the worklist of the spec: overdue or due within 30 days
    assert [row.status for row in rows] == [Status.OVERDUE, Status.WEEK, Status.MONTH]
    assert rows[2].item.person_name == "Rahel Gebre"
    every = rows_of(client_for(users[Role.TEAM_LEADER]).get(LIST, {"status": Status.ALL}))
    assert what(every[:3]) == what(rows)
    assert {row.status for row in every[3:]} == {Status.LATER}  # the later terms after them
    assert len(every) > 6
    assert "Yonas Tekle" not in {row.item.person_name for row in every}  # another branch


def test_a_row_shows_date_with_year_how_late_the_rules_name_the_coach_and_status(
    listed, users, today
):
    text = client_for(users[Role.TEAM_LEADER]).get(LIST).content.decode()
    row = text.partition(f'id="item-dossier_step-{listed["step"].uid}"')[2].partition("</tr>")[0]
    assert str(listed["step"].due_on.year) in row
    assert "2 dagen te laat" in row
    assert "Dossierstap uitvoeren" in row and "DNA-onderzoek" in row  # never the code
    assert "dossier_step" not in re.sub(r"<[^>]*>", " ", row)  # in ids only, never shown
    assert "Bram Visser" in row
    assert "te laat" in row
    dossier = reverse("legal:dossier_detail", kwargs={"dossier_uid": listed["step"].dossier.uid})
    assert f'href="{dossier}"' in row
    assert f'href="{reverse("people:file", kwargs={"person_uid": listed["dawit"].uid})}"' in row
    assert 'id="close-item-dossier_step-' in row  # the team leader may close it here
    assert "vestiging" not in text.partition("<thead>")[2].partition("</thead>")[0]  # one branch


@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("client", lambda r: (r.item.family_name, r.item.given_name)),
        ("wat", lambda r: (r.item.rule_name.casefold(), r.item.detail.casefold())),
        ("status", lambda r: (Status.order[r.status], r.item.due_on)),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_both_ways(listed, users, column, key, descending):
    query = {"sorteer": column, "richting": "af" if descending else ""}
    rows = rows_of(client_for(users[Role.TEAM_LEADER]).get(LIST, query))
    keys = [key(row) for row in rows]
    assert keys == sorted(keys, reverse=descending)
    assert len(set(keys)) > 1


def test_the_coach_column_sorts_with_no_coach_last_both_ways(listed, users):
    client = client_for(users[Role.TEAM_LEADER])
    for direction in ("", "af"):
        rows = rows_of(client.get(LIST, {"sorteer": "coach", "richting": direction}))
        names = [row.worker_name for row in rows]
        given = [name for name in names if name]
        assert names == given + [""] * (len(names) - len(given))  # Rahel (no coach) last
        assert given == sorted(given, key=lambda n: n.split()[-1], reverse=direction == "af")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": Status.OVERDUE}, {("Dawit Warsame", "dossier_step")}),
        ({"status": Status.WEEK}, {("Amina Haddad", "match_evaluation_3m")}),
        ({"status": Status.MONTH}, {("Rahel Gebre", "pvt_signature")}),
        ({"termijn": "match_evaluation_6m"}, set()),  # later: not in the default
        (
            {"termijn": "match_evaluation_6m", "status": Status.ALL},
            {("Amina Haddad", "match_evaluation_6m")},
        ),
        (
            {"termijn": "settling_in_end", "status": Status.LATER},
            {("Amina Haddad", "settling_in_end"), ("Dawit Warsame", "settling_in_end")},
        ),
    ],
)
def test_filters_by_status_and_kind_of_term(listed, users, query, expected):
    rows = rows_of(client_for(users[Role.TEAM_LEADER]).get(LIST, query))
    assert set(what(rows)) == expected


def test_filters_by_coach_or_no_coach(listed, users):
    client = client_for(users[Role.TEAM_LEADER])
    bram = rows_of(client.get(LIST, {"coach": listed["bram"].pk}))
    assert {row.item.person_name for row in bram} == {"Dawit Warsame"}
    nobody = rows_of(client.get(LIST, {"coach": NO_COACH}))
    assert {row.item.person_name for row in nobody} == {"Rahel Gebre"}
    # the match's item is its volunteer's, a trajectory's its coach's
    volunteer = rows_of(client.get(LIST, {"coach": listed["volunteer"].pk, "status": "alle"}))
    assert {row.item.rule for row in volunteer} >= {"match_evaluation_3m", "settling_in_end"}


def test_filters_by_period_kept_out_of_the_address(listed, users, today):
    client = client_for(users[Role.TEAM_LEADER])
    response = searched(
        client, LIST, van=(today - 5 * DAY).isoformat(), tot=(today + 5 * DAY).isoformat()
    )
    assert today.isoformat() not in response.request["QUERY_STRING"]
    assert set(what(rows_of(response))) == {
        ("Dawit Warsame", "dossier_step"),
        ("Amina Haddad", "match_evaluation_3m"),
    }


def test_the_regional_manager_sees_the_region_read_only_with_branches_to_choose(
    listed, users, branch, other_branch
):
    client = client_for(users[Role.REGIONAL_MANAGER])
    response = client.get(LIST)
    text = response.content.decode()
    names = {row.item.person_name for row in rows_of(response)}
    assert {"Dawit Warsame", "Yonas Tekle"} <= names
    assert 'id="close-' not in text and "deadline-close" not in text
    head = text.partition("<thead>")[2].partition("</thead>")[0]
    assert "vestiging" in head and "afsluiten" not in head
    # the old address of the branch choice (?locatie=) is the filter's
    only = rows_of(client.get(LIST, {"locatie": other_branch.external_id}))
    assert {row.item.person_name for row in only} == {"Yonas Tekle"}
    rows = rows_of(client.get(LIST, {"sorteer": "vestiging"}))
    assert [row.location_name for row in rows] == sorted(row.location_name for row in rows)


def test_an_unknown_branch_or_code_shows_the_whole_list(listed, users):
    client = client_for(users[Role.TEAM_LEADER])
    everything = what(rows_of(client.get(LIST)))
    assert what(rows_of(client.get(LIST, {"locatie": "noordkust"}))) == everything
    assert what(rows_of(client.get(LIST, {"status": "bijna"}))) == everything


def test_the_volunteer_lists_their_clients_items_only(listed, users):
    rows = rows_of(client_for(users[Role.VOLUNTEER]).get(LIST))
    assert {row.item.person_name for row in rows} == {"Amina Haddad"}


def test_pages_split_the_sorted_rows(listed, users, monkeypatch):
    monkeypatch.setattr(editing, "PAGE_SIZE", 2)
    client = client_for(users[Role.TEAM_LEADER])
    everything = []
    response = client.get(LIST, {"status": Status.ALL})
    pages = response.context["page"].paginator.num_pages
    assert pages > 2
    for number in range(1, pages + 1):
        everything += what(rows_of(client.get(LIST, {"page": number, "status": Status.ALL})))
    monkeypatch.setattr(editing, "PAGE_SIZE", 50)
    assert everything == what(rows_of(client.get(LIST, {"status": Status.ALL})))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_is_exactly_the_filtered_rows_and_logged_as_an_export(listed, users, fmt, today):
    client = client_for(users[Role.TEAM_LEADER])
    query = {"termijn": "dossier_step"}
    mark = log_mark()
    response = client.get(export_url(fmt), {"sorteer": "client", "richting": "af"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="termijnen-')
    table = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert table[0] == ["vervaldatum", "cliënt", "wat", "coach of vrijwilliger", "status"]
    shown = what(rows_of(client.get(LIST, {"sorteer": "client", "richting": "af"})))
    assert [row[1] for row in table[1:]] == [name for name, _rule in shown]
    exported = set(
        logged_since(mark)
        .filter(action=AccessLogEntry.Action.EXPORT)
        .values_list("person__given_name", flat=True)
    )
    assert exported == {"Dawit", "Amina", "Rahel"}
    mark = log_mark()
    filtered = client.get(export_url(fmt), query)
    table = xlsx_rows(filtered) if fmt == "xlsx" else csv_rows(filtered)
    due = listed["step"].due_on
    assert table[1:] == [
        [
            datetime.datetime.combine(due, datetime.time()) if fmt == "xlsx" else due.isoformat(),
            "Dawit Warsame",
            "Dossierstap uitvoeren: DNA-onderzoek",
            "Bram Visser",
            "te laat",
        ]
    ]
    logged = logged_since(mark).filter(action=AccessLogEntry.Action.EXPORT)
    assert list(logged.values_list("person", flat=True)) == [listed["dawit"].pk]


def test_the_page_logs_the_clients_of_the_rows_shown(listed, users):
    mark = log_mark()
    client_for(users[Role.TEAM_LEADER]).get(LIST, {"status": Status.WEEK})
    viewed = logged_since(mark).filter(action=AccessLogEntry.Action.VIEW, what="termijnen")
    assert list(viewed.values_list("person", flat=True)) == [listed["amina"].pk]


@pytest.mark.parametrize("who", [Role.MUNICIPALITY_VIEWER, Role.ADMINISTRATOR, "no_role"])
def test_no_export_for_roles_without_client_data(listed, users, who):
    assert client_for(users[who]).get(export_url("xlsx")).status_code == 404


def test_an_unknown_format_is_not_found(listed, users):
    assert client_for(users[Role.TEAM_LEADER]).get(export_url("pdf")).status_code == 404


def test_closing_from_the_row_answers_the_rows_closing_cell(listed, users, today):
    step = listed["step"]
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("deadlines:step_done", kwargs={"dossierstep_uid": step.uid})
    cell = {"HTTP_HX_TARGET": f"close-item-dossier_step-{step.uid}", **HTMX}
    wrong = client.post(url, {"version": step.version, "done_on": "2000-01-01"}, **cell)
    assert wrong.status_code == 422
    text = wrong.content.decode()
    assert "deadline-item" not in text  # not the item's <li>: the cell's content
    assert "<details" in text and "vóór de opening" in text
    assert 'hx-target="closest td"' in text
    done = client.post(url, {"version": step.version, "done_on": today.isoformat()}, **cell)
    assert done.status_code == 200
    assert "Afgesloten" in done.content.decode()
    assert "deadline-item" not in done.content.decode()
    step.refresh_from_db()
    assert step.done_on == today
    assert ("Dawit Warsame", "dossier_step") not in what(rows_of(client.get(LIST)))


def test_status_follows_the_selectors_one_grouping(users):
    class Item:
        def __init__(self, days_left):
            self.days_left = days_left

    days = (-1, 0, 7, 8, 30, 31)
    assert [group_of(Item(d)) for d in days] == [
        OVERDUE,
        THIS_WEEK,
        THIS_WEEK,
        THIS_MONTH,
        THIS_MONTH,
        LATER,
    ]
    rows = [WorkRow(Item(d), None, None) for d in days]  # type: ignore[arg-type]
    assert [row.status for row in rows] == [
        Status.OVERDUE,
        Status.WEEK,
        Status.WEEK,
        Status.MONTH,
        Status.MONTH,
        Status.LATER,
    ]


def test_the_start_pages_groups_are_the_worklists_statuses(listed, users, today):
    """The start page's worklist (``selectors.worklist``) and the worklist page's rows group
    the same items the same way."""
    user = users[Role.TEAM_LEADER]
    grouped = worklist(user=user, on=today)
    by_group = {item.html_id: group for group, items in grouped.groups for item in items}
    rows = work_rows(user=user, on=today, locations=[listed["dawit"].location])
    shown = {row.item.html_id: row.status for row in rows if row.item.html_id in by_group}
    assert shown == {html_id: Status.of_group[group] for html_id, group in by_group.items()}
    assert set(shown.values()) == {Status.OVERDUE, Status.WEEK, Status.MONTH}


def test_the_query_count_does_not_grow_with_the_items(branch, users, today):
    """Each client adds items of several rules, a trajectory with its coach and a match with
    its volunteer: the page and the export take as many queries for one as for five."""

    def add_client(number):
        coach = StaffMemberFactory(location=branch, given_name=f"Coach{number}")
        person = housed_client(branch, housed_on=today - 100 * DAY, given_name=f"Client{number}")
        TrajectoryFactory(person=person, coach=coach, started_on=today - 50 * DAY)
        MatchFactory(
            person=person, staff=coach, requested_on=today - 90 * DAY, started_on=today - 80 * DAY
        )
        dossier = DossierFactory(person=person, kind="naturalisation", opened_on=today - 9 * DAY)
        DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - DAY)

    client = client_for(users[Role.TEAM_LEADER])
    add_client(0)
    every = {"status": Status.ALL}
    client.get(LIST)  # the session and the caches warm
    one = [queries_for(client, LIST, every), queries_for(client, export_url("csv"), every)]
    for number in range(1, 5):
        add_client(number)
    assert len(rows_of(client.get(LIST, every))) >= 5 * 6
    assert [queries_for(client, LIST, every), queries_for(client, export_url("csv"), every)] == one


def test_on_a_trajectorys_last_day_the_worklist_names_the_coach_the_file_names(
    branch, users, today
):
    """A trajectory that ends on the day asked still runs that day (``running_on``): the
    client's item is worked by its coach, as the client's file shows."""
    mila = StaffMemberFactory(location=branch, given_name="Mila", family_name="Jansen")
    selam = PersonFactory(location=branch, given_name="Selam", family_name="Tesfaye")
    TrajectoryFactory(person=selam, coach=mila, started_on=today - 90 * DAY, ended_on=today)
    dossier = DossierFactory(person=selam, kind="naturalisation", opened_on=today - 20 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today + 2 * DAY)
    client = client_for(users[Role.TEAM_LEADER])
    file = client.get(reverse("people:file", kwargs={"person_uid": selam.uid})).content.decode()
    assert "· Mila Jansen" in file
    rows = [row for row in rows_of(client.get(LIST)) if row.item.record_uid == str(step.uid)]
    assert [row.worker_name for row in rows] == ["Mila Jansen"]


def test_a_rows_form_is_fetched_when_its_afsluiten_opens_and_is_that_items(branch, users, today):
    """The page carries no form; a row's "Afsluiten" fetches its own into the row's cell
    (a match's 3 and 6 months' evaluations share the match's address: ``?termijn=``)."""
    volunteer = users[Role.VOLUNTEER].staff_member
    _, match = coached_client(branch, volunteer, today=today, evaluation_due=today - 100 * DAY)
    client = client_for(users[Role.TEAM_LEADER])
    page = client.get(LIST, {"status": Status.ALL}).content.decode()
    table = page.partition("deadline-list")[2].partition("<tbody>")[2].partition("</tbody>")[0]
    assert "hx-get" in table and "<form" not in table
    url = reverse("deadlines:match_evaluation", kwargs={"match_uid": match.uid})
    for moment in ("3m", "6m"):
        item = f"item-match_evaluation_{moment}-{match.uid}"
        assert f'hx-get="{url}?termijn={item}"' in table
        assert f'<a href="{url}?termijn={item}">' in table  # without script: the form's page
        cell = client.get(url, {"termijn": item}, HTTP_HX_TARGET=f"close-{item}", **HTMX)
        assert cell.status_code == 200
        text = cell.content.decode()
        assert '<details class="deadline-close" open>' in text
        assert f'id="{item}-afsluiten"' in text  # the summary keeps its id: htmx keeps focus
        assert re.findall(r'name="moment" value="(\w+)"', text) == [moment]
        assert "deadline-item" not in text  # the cell's content, not the item's <li>
        own_page = client.get(url, {"termijn": item}).content.decode()
        assert re.findall(r'name="moment" value="(\w+)"', own_page) == [moment]


def test_a_row_closed_meanwhile_says_so_when_its_form_is_asked(listed, users, today):
    step = listed["step"]
    client = client_for(users[Role.TEAM_LEADER])
    url = reverse("deadlines:step_done", kwargs={"dossierstep_uid": step.uid})
    item = f"item-dossier_step-{step.uid}"
    client.post(url, {"version": step.version, "done_on": today.isoformat()})
    cell = client.get(url, {"termijn": item}, HTTP_HX_TARGET=f"close-{item}", **HTMX)
    assert cell.status_code == 200
    assert "Voor dit record staat geen open termijn." in cell.content.decode()
