"""A rule setting is a record: an external id for the bundle, an opaque uid, a version."""

import uuid

import pytest

from koers.core.scoping import Role
from koers.deadlines import services
from koers.deadlines.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_a_saved_term_gets_a_unique_external_id_and_uid_that_an_edit_keeps(
    branch, other_branch, users
):
    rule = DeadlineRule.objects.get(code="settling_in_end")
    manager = users[Role.REGIONAL_MANAGER]
    common = {"rule": rule, "offset_years": 0, "offset_days": 0, "enabled": True, "by": manager}
    first = services.rule_setting_save(
        **common, location=branch, offset_months=6, expected_version=None
    )
    other = services.rule_setting_save(
        **common, location=other_branch, offset_months=6, expected_version=None
    )
    assert first.external_id and first.external_id != other.external_id
    assert isinstance(first.uid, uuid.UUID) and first.uid != other.uid
    edited = services.rule_setting_save(
        **common, location=branch, offset_months=9, expected_version=first.version
    )
    assert (edited.external_id, edited.uid, edited.version) == (
        first.external_id,
        first.uid,
        first.version + 1,
    )
