"""One person, one record, in the browser: the duplicate warning when a household is
registered and a merge by the team leader with every figure as before the duplicate
(issue 12; a date after today refused on every form: test_dates.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from koers.core.scoping import Role
from koers.indicators.engine import compute_series
from koers.indicators.periods import Period
from koers.people.models import Person
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    ContactFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)

BORN = datetime.date(1984, 2, 1)
NARROW = {"width": 360, "height": 740}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"identity-{name}.png", full_page=True)


def figures(branch) -> list:
    year = timezone.localdate().year
    periods = [Period.year(y) for y in range(year - 2, year + 1)]
    return compute_series(locations=[branch], periods=periods)


def test_a_duplicate_is_warned_about_then_merged_with_every_figure_as_before(
    as_user, users, branch
):
    kept = PersonFactory(
        location=branch, given_name="Mohammed", family_name="Al-Rashid", birth_date=BORN
    )
    PlacementFactory(person=kept, dwelling__location=branch, housed_on=datetime.date(2024, 3, 1))
    ContactFactory(location=branch, person=kept, date=datetime.date(2025, 5, 1))
    trajectory = TrajectoryFactory(person=kept, started_on=datetime.date(2025, 6, 1))
    before = figures(branch)  # the world without the duplicate: everything on one record

    page = as_user(users[Role.TEAM_LEADER], viewport=NARROW)
    page.goto(reverse("people:household_create"))
    member = page.get_by_role("group", name="Gezinslid 1")
    member.get_by_label("Voornaam").fill("Muhammad")
    member.get_by_label("Achternaam").fill("Alrashid")
    member.get_by_label("Geboortedatum").fill(BORN.isoformat())
    member.get_by_label("Geslacht").select_option("M")
    member.get_by_label("Nationaliteit").select_option("SYR")
    member.get_by_label("Komst via").select_option("regular")
    page.get_by_role("button", name="Huishouden registreren").click()
    warning = page.get_by_role("alert").filter(has_text="Staat deze persoon al in Koers?")
    warning.wait_for()
    assert "Mohammed Al-Rashid, geboren 1 feb. 1984" in warning.inner_text()
    assert Person.objects.count() == 1  # nothing saved before the conscious choice
    shot(page, "duplicate-warning-360")
    page.get_by_label("Dit is iemand anders: toch opslaan").check()
    page.get_by_role("button", name="Huishouden registreren").click()
    page.get_by_role("heading", name="Muhammad Alrashid").wait_for()
    duplicate = Person.objects.get(given_name="Muhammad")
    type(trajectory).objects.filter(pk=trajectory.pk).update(person=duplicate)  # typed there

    page = as_user(users[Role.TEAM_LEADER])
    page.goto(reverse("people:file", kwargs={"person_uid": kept.uid}))
    page.get_by_role("link", name="Samenvoegen met een dubbel dossier").click()
    page.get_by_role("link", name="Muhammad Alrashid").click()
    page.get_by_role("heading", name="Twee dossiers van één persoon samenvoegen").wait_for()
    assert "Trajecten: 1" in page.get_by_role("region", name="Wat verhuist").inner_text()
    shot(page, "merge-preview-1280")
    page.set_viewport_size(NARROW)
    shot(page, "merge-preview-360")
    page.get_by_label("Ja, dit is één persoon").check()
    page.get_by_role("button", name="Samenvoegen").click()
    page.get_by_role("heading", name="Mohammed Al-Rashid").wait_for()
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert kept.trajectories.count() == 1
    assert figures(branch) == before
