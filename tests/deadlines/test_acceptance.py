"""The Barendrecht 2017 bundle, imported with ``koers import``: items checked by hand.

Expectations derived from the bundle's CSVs for a handful of records:

- p000101 (born 1999-01-01, civic integration required, never signed) housed (counted)
  2017-01-01: adult that very day, so the participation statement is due 2018-01-01 and
  the civic-integration term 2020-01-01.
- t001031, settling in of p000569, started 2016-12-31, ended 2017-06-30: due 2017-06-30
  (31 December + 6 months, clamped), closed on its end day.
- t001192, integration of p000569, started 2017-05-05, not ended: due 2018-11-05.
- ma006220 (p000101) started 2017-08-16 and ended the next day: open for that one day.
- ma006221 (p000104) started 2017-10-15: evaluations due 2018-01-15 and 2018-04-15.
- d006076, family reunification of p000926 (permit 2014-12-29), opened 2017-03-26, no
  application filed: due 2015-03-29, overdue as soon as it opens. Its steps do006078
  (due 2017-04-09) and do006079 (due 2017-05-05) are not done.
- d006012, the earlier dossier of p000926, filed on the day it opened (2016-12-11): no
  filing item, but the IND decided only on 2017-12-31, so its decision term (90 days) is
  overdue from 2017-03-11 until that decision (docs/deadlines.md, "Legal terms").
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import ACCEPTANCE_BUNDLE, kept_for_the_module

CHOSEN = {"p000101", "t001031", "t001192", "ma006220", "ma006221", "d006076", "do006078"}
CHOSEN |= {"do006079", "d006012"}


@pytest.fixture(scope="module")
def _imported(django_db_setup, django_db_blocker):
    """The bundle, imported once for the module's tests (each of them reads it)."""
    with kept_for_the_module(django_db_blocker):
        call_command("import", str(ACCEPTANCE_BUNDLE), stdout=StringIO())
        yield


@pytest.fixture
def bundle(db, _imported):
    """The imported bundle, read in the test's own transaction."""


def chosen_items(on: str) -> list[tuple]:
    out = StringIO()
    call_command(
        "deadlines", "--location", "barendrecht", "--on", on, "--format", "json", stdout=out
    )
    return [
        (item["due_on"], item["status"], item["rule"], item["person_id"], item["record_id"])
        for item in json.loads(out.getvalue())
        if item["record_id"] in CHOSEN
    ]


def test_bundle_items_on_the_day_before_the_first_settling_in_ends(bundle):
    assert chosen_items("2017-06-29") == [
        ("2015-03-29", "overdue", "family_reunification_filing", "p000926", "d006076"),
        ("2017-03-11", "overdue", "ind_decision_term", "p000926", "d006012"),
        ("2017-04-09", "overdue", "dossier_step", "p000926", "do006078"),
        ("2017-05-05", "overdue", "dossier_step", "p000926", "do006079"),
        ("2017-06-30", "open", "settling_in_end", "p000569", "t001031"),
        ("2018-01-01", "open", "pvt_signature", "p000101", "p000101"),
        ("2018-11-05", "open", "integration_end", "p000569", "t001192"),
        ("2020-01-01", "open", "civic_integration_term", "p000101", "p000101"),
    ]


def test_bundle_items_on_the_day_a_match_ran(bundle):
    rules = [item for item in chosen_items("2017-08-16") if item[4] == "ma006220"]
    assert rules == [
        ("2017-11-16", "open", "match_evaluation_3m", "p000101", "ma006220"),
        ("2018-02-16", "open", "match_evaluation_6m", "p000101", "ma006220"),
    ]
    assert not [item for item in chosen_items("2017-08-17") if item[4] == "ma006220"]


def test_bundle_items_after_new_year_2018(bundle):
    assert chosen_items("2018-01-16") == [
        ("2015-03-29", "overdue", "family_reunification_filing", "p000926", "d006076"),
        ("2017-04-09", "overdue", "dossier_step", "p000926", "do006078"),
        ("2017-05-05", "overdue", "dossier_step", "p000926", "do006079"),
        ("2018-01-01", "overdue", "pvt_signature", "p000101", "p000101"),
        ("2018-01-15", "overdue", "match_evaluation_3m", "p000104", "ma006221"),
        ("2018-04-15", "open", "match_evaluation_6m", "p000104", "ma006221"),
        ("2018-11-05", "open", "integration_end", "p000569", "t001192"),
        ("2020-01-01", "open", "civic_integration_term", "p000101", "p000101"),
    ]


def test_bundle_dossier_is_not_listed_before_it_was_opened(bundle):
    later = {"d006076", "do006078", "do006079"}
    assert [item for item in chosen_items("2017-03-25") if item[4] in later] == []
    # the earlier dossier's IND decision term: due 2017-03-11, overdue on the 25th
    assert [item for item in chosen_items("2017-03-25") if item[3] == "p000926"] == [
        ("2017-03-11", "overdue", "ind_decision_term", "p000926", "d006012")
    ]


def test_bundle_decision_closes_the_ind_decision_term_on_its_day(bundle):
    assert [item[2] for item in chosen_items("2017-12-30") if item[4] == "d006012"] == [
        "ind_decision_term"
    ]
    assert [item for item in chosen_items("2017-12-31") if item[4] == "d006012"] == []
