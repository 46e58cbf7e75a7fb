"""The Vlaardingen 2021-law bundle imports, exports back byte-identical and re-imports idle."""

import pytest

from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.integration.models import IntegrationPlan, Linking
from tests.exchange.bundles import database_state, same_bundles
from tests.integration.conftest import WI2021_BUNDLE

pytestmark = pytest.mark.django_db


def test_acceptance_bundle_imports_and_exports_back_byte_identical(tmp_path):
    result = bundle_import(by=IMPORT, source=WI2021_BUNDLE)
    assert result.ok, result.problems
    assert result.files["linkings.csv"].created == Linking.objects.count() == 61
    assert result.files["integration_plans.csv"].created == IntegrationPlan.objects.count() == 67
    bundle_export(target=tmp_path / "out")
    assert same_bundles(WI2021_BUNDLE, tmp_path / "out")


def test_importing_it_twice_changes_nothing():
    bundle_import(by=IMPORT, source=WI2021_BUNDLE)
    before = database_state()
    second = bundle_import(by=IMPORT, source=WI2021_BUNDLE)
    assert second.ok
    assert (second.created, second.updated) == (0, 0)
    assert database_state() == before
