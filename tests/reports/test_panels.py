"""The start page and menu point each role to the reports it may open, and no further."""

from django.test import RequestFactory

from koers.core.scoping import Role
from koers.reports.panels import home_panel, nav_link


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_team_leader_gets_last_years_report_of_own_branch(users, branch):
    panel = home_panel(request_for(users[Role.TEAM_LEADER]))
    assert panel.context["locations"] == [branch]
    assert nav_link(request_for(users[Role.TEAM_LEADER]))["url"] == "/rapportages/"


def test_municipality_viewer_gets_its_own_figures(users, branch):
    panel = home_panel(request_for(users[Role.MUNICIPALITY_VIEWER]))
    assert panel.context == {
        "locations": [],
        "municipality": [branch],
        "year": panel.context["year"],
    }
    assert nav_link(request_for(users[Role.MUNICIPALITY_VIEWER]))["url"] == "/rapportages/gemeente/"


def test_volunteer_gets_no_report_panel_or_link(users):
    assert home_panel(request_for(users[Role.VOLUNTEER])) is None
    assert nav_link(request_for(users[Role.VOLUNTEER])) is None
