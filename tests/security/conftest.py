import pytest

from koers.core.scoping import Role
from tests.security.canaries import CanaryWorld


@pytest.fixture
def canary_world(users, branch, far_branch):
    """Canary clients at the team leader's branch (one at a branch of another region),
    some of them the volunteer's own."""
    world = CanaryWorld(branch, elsewhere=far_branch, staff_user=users[Role.VOLUNTEER])
    world.assign_volunteer(users[Role.VOLUNTEER])
    return world
