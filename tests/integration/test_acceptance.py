"""The Vlaardingen 2021-law bundle: every key of integration-2021.md for 2022, 2023 and 2024,
and every figure of indicators.md still computed beside them."""

import json

import pytest
from django.core.management import call_command

from koers.core.models import Location
from koers.indicators.engine import compute, compute_series
from koers.indicators.periods import Period
from tests.conftest import kept_for_the_module
from tests.integration.conftest import WI2021_ACCEPTANCE, WI2021_BUNDLE

EXPECTED = json.loads((WI2021_ACCEPTANCE / "expected.json").read_text(encoding="utf-8"))
KEYS = sorted(EXPECTED["2022"])


@pytest.fixture(scope="module")
def _imported(django_db_setup, django_db_blocker):
    """The bundle, imported once for the module's tests (each of them reads it)."""
    with kept_for_the_module(django_db_blocker):
        call_command("import", str(WI2021_BUNDLE), verbosity=0)
        yield


@pytest.fixture
def vlaardingen(db, _imported):
    return Location.objects.get(external_id="vlaardingen")


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_every_key_of_the_spec_for_the_year(vlaardingen, year, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        result = compute(locations=[vlaardingen], period=Period.year(int(year)))
    assert {key: result.get(key) for key in EXPECTED[year]} == EXPECTED[year]


def test_the_three_years_as_one_series_in_the_queries_of_one_year(
    vlaardingen, django_assert_num_queries
):
    periods = [Period.year(int(year)) for year in sorted(EXPECTED)]
    with django_assert_num_queries(2):
        series = compute_series(locations=[vlaardingen], periods=periods, keys=KEYS)
    assert [{key: values.get(key) for key in KEYS} for values in series] == [
        EXPECTED[year] for year in sorted(EXPECTED)
    ]
