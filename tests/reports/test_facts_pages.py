"""The pages of several branches read the facts and say "stand van" when they show stored
figures that a later write made stale (docs/indicators.md, "Facts")."""

import re

from django.urls import reverse
from django.utils import timezone

from koers.contacts.services import contact_log
from koers.core.actors import CLI
from koers.core.formatting import moment_text
from koers.core.scoping import Role
from koers.indicators import facts
from koers.indicators.engine import compute
from koers.indicators.models import Fact, ScopeFact
from koers.indicators.periods import Period
from tests.conftest import make_user
from tests.factories import MembershipFactory
from tests.reports.conftest import MARCH

YEAR = Period.year(2017)
STALE = "wat daarna is vastgelegd, telt in deze cijfers nog niet mee"


def region_page(client, world) -> str:
    url = reverse("reports:region", args=[world["branch"].region, 2017])
    return client.get(url).content.decode()


def cells(html: str, key: str) -> list[str]:
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)


def test_the_region_report_shows_current_figures_without_a_moment(client, users, world):
    client.force_login(users[Role.REGIONAL_MANAGER])
    region_page(client, world)  # the facts stored
    html = region_page(client, world)
    assert STALE not in html
    assert cells(html, "housing.persons_housed") == ["7", "3", "10"]


def test_stale_figures_beyond_the_budget_are_shown_with_their_moment(
    client, users, world, settings
):
    client.force_login(users[Role.REGIONAL_MANAGER])
    region_page(client, world)
    stored_at = Fact.objects.get(location=world["branch"], start=YEAR.start, end=YEAR.end)
    contact_log(location=world["branch"], kind="phone", date=MARCH, by=CLI)
    settings.KOERS_FACTS_BUDGET = -1  # no time to compute anything again
    html = region_page(client, world)
    moment = moment_text(stored_at.computed_at)  # "6 dec. 2026 14:05", as every moment
    assert f"Stand van {moment}: {STALE}." in html
    assert 'data-key="contacts.by_kind.phone"' not in html  # as stored: without the new call
    settings.KOERS_FACTS_BUDGET = 60
    html = region_page(client, world)
    assert STALE not in html
    total = compute(locations=[world["branch"], world["other_branch"]], period=YEAR)
    assert cells(html, "contacts.by_kind.phone")[-1] == str(total["contacts.by_kind.phone"]) == "1"
    assert ScopeFact.objects.exists()


def test_a_team_leader_of_two_branches_sees_the_moment_of_stale_figures(client, world, settings):
    leader = make_user(Role.TEAM_LEADER, world["branch"], username="twee_afdelingen")
    MembershipFactory(user=leader, role=Role.TEAM_LEADER, location=world["other_branch"])
    client.force_login(leader)
    both = [world["branch"], world["other_branch"]]
    this_year = Period.year(timezone.localdate().year)
    # every figure of both stored (the default budget of 1 s may end before both are, on a
    # busy machine or when this test runs first in its process: then nothing is stored)
    facts.read(locations=both, periods=[this_year], budget_seconds=600)
    assert STALE not in client.get(reverse("home")).content.decode()
    contact_log(location=world["other_branch"], kind="phone", date=this_year.start, by=CLI)
    settings.KOERS_FACTS_BUDGET = -1
    assert STALE in client.get(reverse("home")).content.decode()


def test_the_start_page_of_one_branch_shows_stored_figures_with_their_moment(client, users, world):
    """The start page is a glance: after a write it shows the stored figures with their moment
    instead of computing them again; figures never stored are computed."""
    client.force_login(users[Role.TEAM_LEADER])
    this_year = Period.year(timezone.localdate().year)
    assert STALE not in client.get(reverse("home")).content.decode()  # none stored: computed
    facts.read(locations=[world["branch"]], periods=[this_year])  # stored (a report, the refresh)
    assert STALE not in client.get(reverse("home")).content.decode()
    contact_log(location=world["branch"], kind="phone", date=this_year.start, by=CLI)
    assert STALE in client.get(reverse("home")).content.decode()
    facts.read(locations=[world["branch"]], periods=[this_year])  # computed again
    assert STALE not in client.get(reverse("home")).content.decode()
