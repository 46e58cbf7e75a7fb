"""No page a municipality viewer reaches holds personal data of the demo's clients.

The demo region (at a tenth of its size) is generated, its home branch's report for
last year is published, and the municipality viewer of that branch crawls: every
route of the URL resolver, filled with records of their branch, then every link,
htmx source and form target on every page they get, until nothing new is found.
No page (HTML, JSON, spreadsheet or PDF text) may contain a client's name (as a
word), V-number or birth date. ``tests/reports`` checks the same on a hand-made
branch; this runs it against the demo's thousands of names.
"""

import html
import re
from collections import deque

import pytest
from django.test import Client

from koers.accounts.models import User
from koers.core.models import Location
from koers.demo.users import HOME
from koers.people.models import Person
from tests.access.test_matrix import fill
from tests.demo.conftest import TODAY, demo  # noqa: F401  (the demo, generated once per module)
from tests.security.responses import response_text
from tests.security.routes import LOGGED_IN_ROUTES

LINK = re.compile(r'(?:href|hx-get|action|src)="(/[^"#]*)"')
NOT_CRAWLED = ("/static/", "/account/uitloggen/", "/i18n/")
PAGE_LIMIT = 400

pytestmark = pytest.mark.usefixtures("demo", "db")


class BranchRecords:
    """The first record of each model at one branch (its scope's path to the location)."""

    def __init__(self, location: Location):
        self.location = location
        self.far_user = self.far_membership = None

    def get(self, model):
        path = getattr(getattr(model, "scope", None), "location", None)
        if path is None:
            return model.objects.order_by("pk").first()
        return model.objects.filter(**{path: self.location.pk}).order_by("pk").first()


def personal_data_pattern() -> re.Pattern:
    """Every client's names (whole words), V-numbers and birth dates, as one expression."""
    values = set()
    for given, family, v_number, born in Person.objects.values_list(
        "given_name", "family_name", "v_number", "birth_date"
    ):
        values |= {given, family, v_number, born.isoformat(), f"{born:%d-%m-%Y}"}
    words = sorted((re.escape(v) for v in values if v), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def start_paths(location: Location) -> list[str]:
    records = BranchRecords(location)
    paths = []
    for route, _name, _view, _converters in LOGGED_IN_ROUTES:
        try:
            paths.append(fill(route, records))
        except AttributeError:  # no record of that model at the branch
            continue
    return paths


def crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page the client gets with a 200 from the starts and the links on them."""
    pages: dict[str, str] = {}
    seen, queue = set(starts), deque(starts)
    while queue and len(pages) < PAGE_LIMIT:
        path = queue.popleft()
        response = client.get(path, follow=True)
        if response.status_code != 200:
            continue
        text = response_text(response)
        pages[path] = text
        for link in LINK.findall(text):
            link = html.unescape(link)
            if link not in seen and not link.startswith(NOT_CRAWLED):
                seen.add(link)
                queue.append(link)
    return pages


def test_no_page_a_municipality_viewer_reaches_shows_a_client(client, record_property):
    home = Location.objects.get(external_id=HOME)
    team_leader = Client()
    team_leader.force_login(User.objects.get(username=f"teamleider.{HOME}"))
    published = team_leader.post(
        f"/rapportages/{home.uid}/{TODAY.year - 1}/publiceren/",
        {"bevestigd": "ja", "laatste_editie": "0"},  # confirmed from the preview
    )
    assert published.status_code < 400
    client.force_login(User.objects.get(username=f"gemeente.{HOME}"))
    pages = crawl(client, start_paths(home))
    personal = personal_data_pattern()
    a_client = Person.objects.filter(location=home).order_by("pk").first()
    own_file = team_leader.get(f"/clienten/{a_client.uid}/")
    assert personal.search(response_text(own_file)), "the detector misses a client file"
    leaks = {path: sorted(set(personal.findall(text)))[:5] for path, text in pages.items()}
    leaks = {path: found for path, found in leaks.items() if found}
    record_property("municipality_pages", len(pages))
    assert len(pages) >= 8, sorted(pages)
    assert any("/editie/" in path for path in pages), "the published edition was not reached"
    assert not leaks, leaks
