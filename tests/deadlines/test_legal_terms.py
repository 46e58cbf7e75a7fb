"""The IND's terms in a family-reunification dossier, with dates worked out by hand.

- filed 10 January 2025: the decision term (90 days) is due 10 April 2025;
- an extension recorded 1 April 2025 to 10 July 2025 moves it there;
- a notice of default sent 14 April 2025: its term (2 weeks) is due 28 April 2025;
- a refusal on 2 June 2025: the objection term (4 weeks) is due 30 June 2025;
- a refused objection on 1 September 2025: the appeal term is due 29 September 2025.
"""

import datetime

import pytest

from koers.core.models import Location
from koers.deadlines.models import DeadlineRule, RuleSetting
from tests.deadlines.conftest import item_keys
from tests.factories import DossierFactory, DossierStepFactory, PersonFactory

d = datetime.date
DAY = datetime.timedelta(days=1)
FILED = d(2025, 1, 10)


def of_rule(location: Location, on: datetime.date, rule: str) -> list[tuple]:
    return [key for key in item_keys(location, on) if key[0] == rule]


@pytest.fixture
def dossier(branch):
    dossier = DossierFactory(
        person=PersonFactory(location=branch, external_id="p-ref"),
        external_id="d-fr",
        kind="family_reunification",
        opened_on=d(2025, 1, 6),
    )
    DossierStepFactory(dossier=dossier, step="application_filed", done_on=FILED)
    return dossier


def step(dossier, kind, done_on, **fields):
    return DossierStepFactory(dossier=dossier, step=kind, done_on=done_on, **fields)


def test_decision_term_runs_90_days_from_the_filing(branch, dossier):
    due = d(2025, 4, 10)
    assert of_rule(branch, FILED - DAY, "ind_decision_term") == []
    assert of_rule(branch, FILED, "ind_decision_term") == [
        ("ind_decision_term", "d-fr", due, "open")
    ]
    assert of_rule(branch, due, "ind_decision_term")[0][3] == "open"
    assert of_rule(branch, due + DAY, "ind_decision_term") == [
        ("ind_decision_term", "d-fr", due, "overdue")
    ]


def test_an_extension_moves_the_decision_term_to_its_date_from_the_day_it_was_given(
    branch, dossier
):
    step(dossier, "decision_term_extended", d(2025, 4, 1), due_on=d(2025, 7, 10))
    assert of_rule(branch, d(2025, 3, 31), "ind_decision_term")[0][2] == d(2025, 4, 10)
    assert of_rule(branch, d(2025, 4, 1), "ind_decision_term")[0][2] == d(2025, 7, 10)


def test_an_extension_of_an_earlier_application_does_not_count(branch, dossier):
    step(dossier, "decision_term_extended", d(2024, 12, 1), due_on=d(2025, 9, 1))
    assert of_rule(branch, d(2025, 2, 1), "ind_decision_term")[0][2] == d(2025, 4, 10)


@pytest.mark.parametrize("closing", ["ind_decision", "notice_of_default"])
def test_a_decision_or_the_notice_of_default_closes_the_decision_term(branch, dossier, closing):
    step(dossier, closing, d(2025, 4, 14), outcome="granted" if closing == "ind_decision" else "")
    assert of_rule(branch, d(2025, 4, 13), "ind_decision_term")[0][3] == "overdue"
    assert of_rule(branch, d(2025, 4, 14), "ind_decision_term") == []


def test_the_notice_of_default_gives_the_ind_two_weeks_then_appeal_may_be_lodged(branch, dossier):
    step(dossier, "notice_of_default", d(2025, 4, 14))
    due = d(2025, 4, 28)
    assert of_rule(branch, d(2025, 4, 13), "notice_of_default_term") == []
    assert of_rule(branch, d(2025, 4, 14), "notice_of_default_term") == [
        ("notice_of_default_term", "d-fr", due, "open")
    ]
    assert of_rule(branch, due + DAY, "notice_of_default_term")[0][3] == "overdue"


@pytest.mark.parametrize("closing", ["ind_decision", "appeal_filed"])
def test_a_decision_or_the_appeal_closes_the_term_after_the_notice(branch, dossier, closing):
    step(dossier, "notice_of_default", d(2025, 4, 14))
    step(dossier, closing, d(2025, 5, 2), outcome="refused" if closing == "ind_decision" else "")
    assert of_rule(branch, d(2025, 5, 1), "notice_of_default_term")[0][3] == "overdue"
    assert of_rule(branch, d(2025, 5, 2), "notice_of_default_term") == []


@pytest.mark.parametrize(
    ("outcome", "items"), [("refused", 1), ("partly_granted", 1), ("granted", 0), ("withdrawn", 0)]
)
def test_the_objection_term_follows_a_refusal_or_partial_grant_only(
    branch, dossier, outcome, items
):
    step(dossier, "ind_decision", d(2025, 6, 2), outcome=outcome)
    assert len(of_rule(branch, d(2025, 6, 2), "objection_term")) == items


def test_the_objection_term_is_four_weeks_and_closed_by_the_objection(branch, dossier):
    decision = step(dossier, "ind_decision", d(2025, 6, 2), outcome="refused")
    due = d(2025, 6, 30)
    assert of_rule(branch, d(2025, 6, 1), "objection_term") == []
    assert of_rule(branch, d(2025, 6, 2), "objection_term") == [
        ("objection_term", decision.external_id, due, "open")
    ]
    assert of_rule(branch, due + DAY, "objection_term")[0][3] == "overdue"
    step(dossier, "objection_filed", d(2025, 7, 3))
    assert of_rule(branch, d(2025, 7, 2), "objection_term")[0][3] == "overdue"
    assert of_rule(branch, d(2025, 7, 3), "objection_term") == []


def test_an_objection_before_the_decision_does_not_close_its_term(branch, dossier):
    step(dossier, "objection_filed", d(2025, 5, 1))  # against an earlier decision
    step(dossier, "ind_decision", d(2025, 6, 2), outcome="refused")
    assert len(of_rule(branch, d(2025, 6, 10), "objection_term")) == 1


def test_the_appeal_term_follows_a_refused_objection_and_closes_with_the_appeal(branch, dossier):
    ruling = step(dossier, "objection_decision", d(2025, 9, 1), outcome="refused")
    assert of_rule(branch, d(2025, 9, 1), "appeal_term") == [
        ("appeal_term", ruling.external_id, d(2025, 9, 29), "open")
    ]
    step(dossier, "appeal_filed", d(2025, 9, 20))
    assert of_rule(branch, d(2025, 9, 20), "appeal_term") == []


def test_closing_the_dossier_closes_every_legal_term(branch, dossier):
    step(dossier, "notice_of_default", d(2025, 4, 14))
    step(dossier, "ind_decision", d(2025, 6, 2), outcome="refused")
    dossier.closed_on, dossier.outcome = d(2025, 6, 20), "refused"
    dossier.save()
    rules = ("ind_decision_term", "notice_of_default_term", "objection_term")
    assert [k for k in item_keys(branch, d(2025, 6, 19)) if k[0] in rules]
    assert [k for k in item_keys(branch, d(2025, 6, 20)) if k[0] in rules] == []


def test_other_dossier_kinds_have_none_of_these_terms(branch):
    dossier = DossierFactory(
        person=PersonFactory(location=branch), kind="naturalisation", opened_on=d(2025, 1, 6)
    )
    step(dossier, "application_filed", FILED)
    step(dossier, "ind_decision", d(2025, 6, 2), outcome="refused")
    rules = {"ind_decision_term", "notice_of_default_term", "objection_term", "appeal_term"}
    assert [k for k in item_keys(branch, d(2025, 8, 1)) if k[0] in rules] == []


def test_a_branch_sets_its_own_decision_term(branch, dossier):
    """Configurable like every rule: a branch that counts 9 months (a future law) sets it."""
    RuleSetting.objects.create(
        rule=DeadlineRule.objects.get(code="ind_decision_term"),
        location=branch,
        offset_months=9,
        offset_days=0,
    )
    assert of_rule(branch, FILED, "ind_decision_term")[0][2] == d(2025, 10, 10)
