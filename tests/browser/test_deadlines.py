"""A legal volunteer sees the overdue step in their worklist and marks it done in place."""

import datetime

from koers.core.scoping import Role
from tests.browser.conftest import PHONE
from tests.factories import DossierFactory, DossierStepFactory, PersonFactory

DAY = datetime.timedelta(days=1)


def test_legal_volunteer_closes_an_overdue_step_in_the_worklist(as_user, users, branch, today):
    client = PersonFactory(location=branch, given_name="Dawit", family_name="Warsame")
    dossier = DossierFactory(person=client, kind="naturalisation", opened_on=today - 20 * DAY)
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=today - DAY)
    DossierStepFactory(dossier=dossier, step="embassy_visit", due_on=today + 5 * DAY)

    page = as_user(users[Role.LEGAL], viewport=PHONE)
    page.goto("/termijnen/")
    overdue = page.locator("section.deadline-overdue")
    assert overdue.locator("li").count() == 1
    assert "DNA-onderzoek" in overdue.inner_text()
    assert "bezoek ambassade" in page.locator("section.deadline-this_week").inner_text()

    row = overdue.locator("li").first
    row.locator("summary").click()
    row.get_by_label("Gedaan op").fill(today.isoformat())
    row.get_by_role("button", name="Stap gedaan").click()

    closed = page.locator("li.deadline-item.closed")
    closed.wait_for()
    assert "Afgesloten" in closed.inner_text()
    assert page.url.endswith("/termijnen/")  # closed in place, no page load
    step.refresh_from_db()
    assert step.done_on == today

    page.reload()
    assert page.locator("section.deadline-overdue").count() == 0
