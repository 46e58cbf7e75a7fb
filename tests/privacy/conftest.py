import pytest

from koers.core.scoping import Role
from tests.privacy.world import household_history


@pytest.fixture
def parent(users, branch):
    """A client of the team leader's branch with a whole past (``world.household_history``)."""
    return household_history(branch, 1, year=2005, by=users[Role.TEAM_LEADER])[0]


@pytest.fixture
def leader(client, users):
    """The test client, logged in as the team leader of the client's branch."""
    client.force_login(users[Role.TEAM_LEADER])
    return client
