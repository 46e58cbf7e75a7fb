"""A legal volunteer marks a dossier step done in place (htmx), without leaving the page; records
a decision with its outcome and registers an arrived family member in the household."""

import datetime

from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.people.models import Person
from tests.factories import (
    DossierFactory,
    DossierStepFactory,
    FamilyMemberFactory,
    PersonFactory,
)


def test_legal_volunteer_marks_a_step_done(as_user, users, branch):
    dossier = DossierFactory(person=PersonFactory(location=branch))
    step = DossierStepFactory(dossier=dossier, step="dna_test", due_on=datetime.date(2017, 5, 1))
    page = as_user(users[Role.LEGAL])
    page.goto(f"/juridisch/{dossier.uid}/")
    row = page.locator(f"#step-{step.uid}")
    expect(row.get_by_text("termijn verlopen")).to_be_visible()
    row.locator("input[type=date]").fill("2017-04-20")
    row.get_by_role("button", name="Afvinken").click()
    page.locator(f"#step-{step.uid} .done-on").wait_for()
    assert page.url.endswith(f"/juridisch/{dossier.uid}/")
    step.refresh_from_db()
    assert step.done_on == datetime.date(2017, 4, 20)


def test_legal_volunteer_records_a_decision_and_registers_an_arrived_family_member(
    as_user, users, branch
):
    sponsor = PersonFactory(location=branch, given_name="Mahlet", family_name="Tesfay")
    dossier = DossierFactory(person=sponsor, kind="family_reunification")
    decision = DossierStepFactory(
        dossier=dossier, step="ind_decision", due_on=datetime.date(2017, 5, 1)
    )
    member = FamilyMemberFactory(
        dossier=dossier,
        given_name="Yonas",
        family_name="Tesfay",
        relationship="child",
        birth_date=datetime.date(2012, 6, 2),
        whereabouts="Ethiopië, Addis Abeba",
        arrived_on=datetime.date(2017, 9, 1),
    )
    page = as_user(users[Role.LEGAL], viewport={"width": 360, "height": 740})
    page.goto(f"/juridisch/{dossier.uid}/")
    row = page.locator(f"#step-{decision.uid}")
    row.locator("input[type=date]").fill("2017-04-20")
    row.get_by_label("uitkomst").select_option("granted")
    row.get_by_role("button", name="Afvinken").click()
    page.locator(f"#step-{decision.uid} .outcome").wait_for()
    assert page.locator(f"#step-{decision.uid} .outcome").inner_text() == "toegekend"
    decision.refresh_from_db()
    assert (decision.done_on, decision.outcome) == (datetime.date(2017, 4, 20), "granted")

    page.locator(f"#member-{member.uid}").get_by_role(
        "link", name="Registreren in het huishouden"
    ).click()
    assert page.get_by_label("voornaam").input_value() == "Yonas"  # nothing to type again
    assert page.get_by_label("geboortedatum").input_value() == "2012-06-02"
    page.get_by_label("geslacht").select_option("M")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het gezinslid is geregistreerd").wait_for()
    person = Person.objects.get(given_name="Yonas")
    assert page.url.endswith(f"/clienten/{person.uid}/")
    assert (person.household_id, person.arrival_route) == (
        sponsor.household_id,
        "family_reunification",
    )
    page.goto(f"/juridisch/{dossier.uid}/")
    assert page.locator(f"#member-{member.uid}").get_by_text("geregistreerd in het huishouden")
