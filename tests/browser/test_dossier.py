"""A legal volunteer marks a dossier step done in place (htmx), without leaving the page."""

import datetime

from koers.core.scoping import Role
from tests.factories import DossierFactory, DossierStepFactory, PersonFactory


def test_legal_volunteer_marks_a_step_done(as_user, users, branch):
    dossier = DossierFactory(person=PersonFactory(location=branch))
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=datetime.date(2017, 5, 1))
    page = as_user(users[Role.LEGAL])
    page.goto(f"/juridisch/{dossier.uid}/")
    row = page.locator(f"#step-{step.uid}")
    assert row.get_by_text("termijn verlopen").is_visible()
    row.locator("input[type=date]").fill("2017-04-20")
    row.get_by_role("button", name="Afvinken").click()
    page.locator(f"#step-{step.uid} .done-on").wait_for()
    assert page.url.endswith(f"/juridisch/{dossier.uid}/")
    step.refresh_from_db()
    assert step.done_on == datetime.date(2017, 4, 20)
