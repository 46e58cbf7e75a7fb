"""The Barendrecht 2017 acceptance bundle: every figure of expected.json, after an import."""

import json

from django.core.management import call_command

from koers.core.models import Location
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from tests.conftest import ACCEPTANCE_BUNDLE

EXPECTED = json.loads((ACCEPTANCE_BUNDLE.parent / "expected.json").read_text(encoding="utf-8"))


def agrees(expected, actual) -> bool:
    """An exact number, or ``">X"``: more than X."""
    if actual is None:
        return False
    if isinstance(expected, str) and expected.startswith(">"):
        return actual > float(expected[1:])
    return actual == expected


def test_every_figure_of_the_barendrecht_2017_report(db, django_assert_max_num_queries):
    call_command("import", str(ACCEPTANCE_BUNDLE), verbosity=0)
    location = Location.objects.get(external_id=EXPECTED["location"])
    with django_assert_max_num_queries(30):
        result = compute(locations=[location], period=Period.year(EXPECTED["year"]))
    wrong = {
        key: (expected, result.get(key))
        for key, expected in EXPECTED["figures"].items()
        if not agrees(expected, result.get(key))
    }
    assert wrong == {}
