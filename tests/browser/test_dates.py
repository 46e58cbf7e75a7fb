"""A date of something that happened, typed as tomorrow, is refused next to its field on
every form that has one (issue 12): one walk through every such page as a team leader.

``PAGES`` names the form classes each page shows; ``test_every_form_with_a_happened_date_is_walked``
fails when a form with such a date is added without a page here, so the walk stays complete.
"""

import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from koers.core import dates
from koers.core.editing import WorkFormMixin
from koers.core.scoping import Role
from tests.coaching.factories import SignalFactory
from tests.factories import (
    ContactFactory,
    DossierFactory,
    DossierStepFactory,
    FamilyMemberFactory,
    HouseholdFactory,
    MatchFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)
from tests.integration.factories import IntegrationPlanFactory, LinkingFactory
from tests.matching.factories import language_coach

BORN = datetime.date(1984, 2, 1)

# (the form classes, the url name of the view they post to, the record its url names);
# a view that takes POST only is shown on the page of ``SHOWN_ON``
PAGES = [
    (["people.PersonForm"], "people:edit", "person"),
    (["people.HouseholdForm"], "people:household_create", None),
    (["people.MemberAddForm"], "people:member_add", "person"),
    (["legal.DossierOpenForm"], "legal:dossier_open", "person"),
    (["legal.StepForm"], "legal:step_add", "dossier"),
    (["legal.StepDoneForm"], "legal:step_done", "dossierstep"),
    (["legal.DossierCloseForm"], "legal:dossier_close", "dossier"),
    (["legal.FamilyMemberForm"], "legal:member_add", "dossier"),
    (["legal.MemberRegisterForm"], "legal:member_register", "familymember"),
    (["coaching.TrajectoryStartForm"], "coaching:trajectory_start", "person"),
    (["coaching.PlanForm"], "coaching:plan_edit", "trajectory"),
    (["coaching.EvaluationForm"], "coaching:evaluation_add", "trajectory"),
    (["coaching.MeasurementForm"], "coaching:measurement_edit", "trajectory"),
    (["coaching.ReferralForm"], "coaching:referral_add", "trajectory"),
    (["coaching.TrajectoryCloseForm"], "coaching:trajectory_close", "trajectory"),
    (["coaching.SignalForm"], "coaching:signal_list", None),
    (["coaching.SignalReportedForm"], "coaching:signal_report", "signal"),
    (["contacts.ContactForm"], "contacts:create", "?persoon"),
    (["contacts.ContactForm"], "contacts:edit", "contact"),
    (["staff.TrainingForm"], "staff:training_add", "staffmember"),
    (["staff.StaffTermsForm"], "staff:terms", "staffmember"),
    (["matching.MatchRequestForm"], "matching:match_request", "person"),
    (["matching.MatchStartForm"], "matching:match_start", "match"),
    (["matching.MatchEvaluationForm"], "matching:match_evaluate", "running"),
    (["matching.MatchExtendForm"], "matching:match_extend", "running"),
    (["matching.MatchRematchForm"], "matching:match_rematch", "ended"),
    (["deadlines.StepDoneForm"], "deadlines:step_done", "dossierstep"),
    (["deadlines.EvaluationForm"], "deadlines:match_evaluation", "running"),
    (["deadlines.SignatureForm"], "deadlines:participation_statement", "person"),
    (["deadlines.ExamResultForm"], "deadlines:civic_integration", "person"),
    (["integration.LinkingRegisterForm"], "integration:linking_register", None),
    (["integration.LinkingFields"], "integration:linking_edit", "linking"),
    (["integration.LinkingCancelForm"], "integration:linking_cancel", "linking"),
    (["integration.HouseForm"], "integration:linking_house", "linking"),
    (["integration.PlanCreateForm"], "integration:plan_create", "newcomer"),
    (["integration.IntakeForm"], "integration:plan_intake", "integrationplan"),
    (["integration.PipForm"], "integration:plan_pip", "integrationplan"),
    (["integration.SwitchForm"], "integration:plan_switch", "integrationplan"),
    (["integration.MapForm"], "integration:plan_map", "integrationplan"),
    (["integration.CompleteForm"], "integration:plan_complete", "integrationplan"),
    (["integration.ExemptForm"], "integration:plan_exempt", "integrationplan"),
    (["integration.PipClosingForm"], "integration:close_pip", "integrationplan"),
    (["integration.PlanEndForm"], "integration:close_plan_end", "planned"),
    (["transfers.OfferForm"], "transfers:offer", "person"),  # its date field made per form
]

SHOWN_ON = {"legal:step_done": ("legal:dossier_detail", "dossier")}

OPEN_DETAILS = """f => {
    for (let d = f.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
}"""

# the url keyword of a record that is not named after its model
KWARG = {"running": "match", "ended": "match", "newcomer": "person", "planned": "integrationplan"}


def happened_date_forms() -> set[str]:
    """Every form of Koers's edit mechanism with a date of something that happened."""
    found, todo = set(), list(WorkFormMixin.__subclasses__())
    while todo:
        form = todo.pop()
        todo.extend(form.__subclasses__())
        if not form.__module__.startswith("koers."):
            continue  # a form that a test module defines
        model = getattr(getattr(form, "_meta", None), "model", None)
        model_dates = set(dates.date_fields(model)) if model is not None else set()
        for name, field in getattr(form, "base_fields", {}).items():
            if not isinstance(field, forms.DateField):
                continue
            label = getattr(field, "date_label", None)
            if label is None and name in model_dates:
                label = dates.label_of(model, name)
            if dates.kind_of(label) == dates.HAPPENED:
                found.add(f"{form.__module__.split('.')[1]}.{form.__name__}")
    return found


def test_every_form_with_a_happened_date_is_walked():
    walked = {name for names, _url, _record in PAGES for name in names}
    assert happened_date_forms() - walked == set()


def records(branch, users) -> dict:
    """One client with a record of every kind the pages need, their terms open today."""
    today = timezone.localdate()
    person = PersonFactory(
        location=branch,
        birth_date=BORN,
        permit_granted_on=datetime.date(2021, 6, 1),
        household=HouseholdFactory(location=branch),
        given_name="Amina",
        family_name="Tekle",
        civic_integration_required=True,
    )
    PlacementFactory(person=person, housed_on=today - datetime.timedelta(days=60))
    dossier = DossierFactory(person=person, opened_on=datetime.date(2021, 7, 1))
    trajectory = TrajectoryFactory(person=person, started_on=datetime.date(2021, 8, 1))
    volunteer = users[Role.VOLUNTEER].staff_member
    started = today - datetime.timedelta(days=120)
    newcomer = PersonFactory(
        location=branch, birth_date=BORN, given_name="Omar", family_name="Haddad"
    )
    language_coach(branch, "Vrij")  # free to start the waiting match (the volunteer is taken)
    return {
        "person": person,
        "newcomer": newcomer,
        "dossier": dossier,
        "dossierstep": DossierStepFactory(
            dossier=dossier, step="application_filed", due_on=today + datetime.timedelta(days=7)
        ),
        "familymember": FamilyMemberFactory(dossier=dossier),
        "trajectory": trajectory,
        "contact": ContactFactory(location=branch, person=person, date=today),
        "signal": SignalFactory(location=branch, noticed_on=datetime.date(2021, 9, 1)),
        "staffmember": volunteer,
        "match": MatchFactory(person=person, requested_on=datetime.date(2021, 9, 1)),
        "running": MatchFactory(
            person=person, staff=volunteer, requested_on=started, started_on=started
        ),
        "ended": MatchFactory(
            person=person,
            staff=volunteer,
            requested_on=datetime.date(2021, 9, 1),
            started_on=datetime.date(2021, 10, 1),
            ended_on=datetime.date(2022, 10, 1),
            outcome="completed",
        ),
        "linking": LinkingFactory(person=newcomer, linked_on=today - datetime.timedelta(days=30)),
        "integrationplan": IntegrationPlanFactory(
            person=PersonFactory(
                location=branch, birth_date=BORN, given_name="Rahel", family_name="Karimi"
            ),
            obligation_on=datetime.date(2022, 3, 1),
            intake_started_on=datetime.date(2022, 3, 15),
        ),
        "planned": IntegrationPlanFactory(
            person=PersonFactory(
                location=branch, birth_date=BORN, given_name="Dawit", family_name="Nouri"
            ),
            obligation_on=datetime.date(2022, 3, 1),
            intake_started_on=datetime.date(2022, 3, 15),
            intake_completed_on=datetime.date(2022, 4, 15),
            pip_on=datetime.date(2022, 5, 1),
            route="b1",
        ),
    }


def url_of(url_name: str, record: str | None, objects: dict) -> str:
    if record is None:
        return reverse(url_name)
    if record == "?persoon":
        return reverse(url_name) + f"?persoon={objects['person'].uid}"
    kwargs = {f"{KWARG.get(record, record)}_uid": objects[record].uid}
    if url_name == "coaching:measurement_edit":
        kwargs["moment"] = "intake"
    return reverse(url_name, kwargs=kwargs)


def test_a_date_after_today_is_refused_next_to_its_field_on_every_form(as_user, users, branch):
    objects = records(branch, users)
    page = as_user(users[Role.TEAM_LEADER])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    failures = []
    for names, url_name, record in PAGES:
        url = url_of(url_name, record, objects)
        page.goto(url_of(*SHOWN_ON[url_name], objects) if url_name in SHOWN_ON else url)
        # a list's filters (a search form, posted to keep names out of the address) are no record
        record_form = "main form[method=post]:not([role=search])"
        form = page.locator(f'{record_form}[action="{url}"]:has(input[type=date])')
        if not form.count():
            form = page.locator(f"{record_form}:has(input[type=date])")
        form = form.first
        if not form.count():
            failures.append(f"{url_name} ({', '.join(names)}): no form with a date")
            continue
        form.evaluate(OPEN_DETAILS)  # a closing form folded in its row
        days = form.locator("input[type=date]")
        for index in range(days.count()):
            days.nth(index).fill(tomorrow)
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            form.locator("button[type=submit]").last.click()
        if posted.value.status != 422:
            failures.append(f"{url_name}: answered {posted.value.status}, not 422")
            continue
        refused = form.page.locator(".errorlist, .errors", has_text="ligt na vandaag")
        try:
            refused.first.wait_for(timeout=5_000)  # an htmx swap may follow the answer
        except PlaywrightTimeoutError:
            failures.append(f"{url_name}: no 'ligt na vandaag' next to a field")
    assert failures == []
