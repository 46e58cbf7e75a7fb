"""Shared fixtures: two branches of one region, a branch of another region, and a user per role.

The permission fixture follows healthchecks' alice/bob/charlie: every access test has
a user of this branch, a user of another branch, and a user without a role.
"""

import datetime
import importlib

import pytest

from koers.core.scoping import Role
from tests.factories import LocationFactory, MembershipFactory, StaffMemberFactory, UserFactory

SHARED = __import__("pathlib").Path(__file__).resolve().parents[1].parent / "shared"
ACCEPTANCE_BUNDLE = SHARED / "acceptance" / "barendrecht-2017" / "bundle"


@pytest.fixture
def branch(db):
    return LocationFactory(
        external_id="rijnmond", name="Afdeling Rijnmond", municipality="Rijnmond"
    )


@pytest.fixture
def other_branch(db):
    return LocationFactory(
        external_id="waalstad", name="Afdeling Waalstad", municipality="Waalstad"
    )


@pytest.fixture
def far_branch(db):
    return LocationFactory(
        external_id="noordkust", name="Afdeling Noordkust", municipality="Noordkust", region="Noord"
    )


def make_user(role: str | None, location=None, *, region: str = "", username: str):
    user = UserFactory(username=username)
    if role is not None:
        MembershipFactory(user=user, role=role, location=location, region=region)
    return user


@pytest.fixture
def users(branch, other_branch):
    """One user per role at ``branch`` (the regional manager over its region), plus outsiders."""
    volunteer = make_user(Role.VOLUNTEER, branch, username="vrijwilliger")
    StaffMemberFactory(location=branch, user=volunteer, role_codes=["social"], cleared=True)
    legal = make_user(Role.LEGAL, branch, username="jurist")
    StaffMemberFactory(location=branch, user=legal, role_codes=["legal"], cleared=True)
    return {
        Role.VOLUNTEER: volunteer,
        Role.LEGAL: legal,
        Role.TEAM_LEADER: make_user(Role.TEAM_LEADER, branch, username="teamleider"),
        Role.REGIONAL_MANAGER: make_user(
            Role.REGIONAL_MANAGER, region=branch.region, username="regiomanager"
        ),
        Role.MUNICIPALITY_VIEWER: make_user(Role.MUNICIPALITY_VIEWER, branch, username="gemeente"),
        Role.ADMINISTRATOR: make_user(Role.ADMINISTRATOR, username="beheerder"),
        "other_team_leader": make_user(Role.TEAM_LEADER, other_branch, username="teamleider2"),
        "no_role": make_user(None, username="zonderrol"),
    }


@pytest.fixture
def today():
    return datetime.date.today()  # noqa: DTZ011


@pytest.fixture
def shipped_deadline_rules(db):
    """The default rules of the data migration, put back after a live-server test flushed them."""
    from django.apps import apps

    migration = importlib.import_module("koers.deadlines.migrations.0002_default_rules")
    migration.add_default_rules(apps, None)
