"""The client file in the browser: editing how to reach the client (a bad phone number is
refused next to its field), and the timeline of the demo's longest file, on a 360 px phone
and a laptop."""

import datetime
import re

import pytest
from django.apps import apps
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from playwright.sync_api import expect

from koers.accounts.models import User
from koers.core.scoping import Role
from koers.core.timeline import timeline_of
from koers.demo.generate import generate_demo
from koers.demo.users import HOME
from koers.people.models import Person
from tests.browser.conftest import ARTIFACTS, LAPTOP
from tests.factories import PersonFactory, PlacementFactory

SMALL_PHONE = {"width": 360, "height": 740}
DEMO_TODAY = datetime.date(2026, 5, 20)


def test_a_bad_phone_number_is_refused_next_to_its_field_and_a_good_one_saved(
    as_user, users, branch
):
    person = PersonFactory(location=branch, given_name="Leyla", family_name="Warsame")
    PlacementFactory(person=person, dwelling__postcode="3011 CD", dwelling__house_number="9")
    page = as_user(users[Role.TEAM_LEADER], viewport=SMALL_PHONE)
    page.goto(f"/clienten/{person.uid}/")
    page.get_by_role("link", name="Contactgegevens wijzigen").click()
    page.get_by_label("Telefoonnummer").fill("06 1234")
    page.get_by_label("E-mailadres").fill("leyla@example.org")
    page.get_by_label("Talen die de cliënt spreekt").select_option(["so", "ar"])
    page.get_by_label("Tolk nodig in").select_option("so")
    page.get_by_role("button", name="Opslaan").click()
    field = page.locator(".field.has-error")
    assert field.count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    field.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "contact-details-bad-phone-360.png")
    expect(field.get_by_label("Telefoonnummer")).to_be_visible()
    expect(field.get_by_text("Een Nederlands telefoonnummer heeft 10 cijfers")).to_be_visible()
    assert Person.objects.get(pk=person.pk).phone == ""
    page.get_by_label("Telefoonnummer").fill("06-12 34 56 78")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**/clienten/{person.uid}/")
    reach = page.get_by_role("region", name="Bereikbaarheid")
    expect(reach.get_by_role("link", name="06 12345678")).to_be_visible()
    expect(reach.get_by_text("Arabisch, Somali")).to_be_visible()
    expect(reach.get_by_text("nodig: Somali")).to_be_visible()
    expect(reach.get_by_text("3011 CD 9")).to_be_visible()
    assert Person.objects.get(pk=person.pk).phone == "+31612345678"


def longest_file(location_id: int) -> Person:
    """The demo client with the most contacts, trajectories, matches, enrolments, dossiers,
    referrals and placements together (one query)."""

    def count(model_path: str):
        app_model, field = model_path.rsplit(".", 1)
        model = apps.get_model(app_model)
        rows = (
            model.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), 0)

    sources = (
        "contacts.Contact.person",
        "coaching.Trajectory.person",
        "coaching.Referral.person",
        "matching.Match.person",
        "groups.Enrolment.person",
        "legal.Dossier.person",
        "people.Placement.person",
    )
    annotations = {f"n{i}": count(path) for i, path in enumerate(sources)}
    people = Person.objects.filter(location_id=location_id).annotate(**annotations)
    return max(people, key=lambda p: (sum(getattr(p, f"n{i}") for i in range(len(sources))), p.pk))


@pytest.fixture
def demo_region(transactional_db):
    generate_demo(seed=7, scale=0.1, today=DEMO_TODAY)


def test_the_timeline_of_the_demos_longest_file_loads_and_filters(as_user, demo_region):
    leader = User.objects.get(username=f"teamleider.{HOME}")
    home = leader.memberships.get(role=Role.TEAM_LEADER).location
    person = longest_file(home.pk)
    contacts = len(timeline_of(leader, person, kinds=["contact"]).entries)
    assert contacts > 0
    for viewport in (SMALL_PHONE, LAPTOP):
        page = as_user(leader, viewport=viewport)
        page.goto(f"/clienten/{person.uid}/")
        page.get_by_role("link", name="Tijdlijn").click()
        expect(page.get_by_role("heading", name=f"Tijdlijn van {person}")).to_be_visible()
        months = page.locator("section.panel h2")
        assert months.count() > 1
        for text in months.all_inner_texts():
            assert re.fullmatch(r"[A-Z][a-z]+ \d{4}", text), text  # "Maart 2025"
        for text in page.locator("li time").all_inner_texts()[:20]:
            assert re.fullmatch(r"\d{1,2} [a-z]+\.? \d{4}", text), text  # "3 mrt. 2025"
        every = page.locator("ol.timeline > li").count()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"timeline-{viewport['width']}.png")
        page.locator("main").get_by_text("Contacten", exact=True).click()  # the kind's chip
        page.get_by_role("button", name="Filteren").click()
        page.wait_for_url(re.compile(r"\?soort=contact$"))
        shown = page.locator("ol.timeline > li")
        assert shown.count() == contacts < every
        assert set(shown.evaluate_all("items => items.map(i => i.dataset.kind)")) == {"contact"}
        expect(page.get_by_text(f"{contacts} gebeurtenis").first).to_be_visible()
        page.screenshot(path=ARTIFACTS / f"timeline-contacts-{viewport['width']}.png")
        body = page.content()
        for code in ("settling_in", "home_visit", "social_hours", "language_coaching"):
            assert code not in body
