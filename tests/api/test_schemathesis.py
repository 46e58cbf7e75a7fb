"""Schemathesis over the whole API schema, in process (WSGI), with every default check.

No server error, no answer outside the schema, no invalid input accepted. The schema
cannot say everything the API refuses (a stale version, a rule of a service): where
it cannot, ``schemathesis.toml`` at the root lists the statuses allowed, and why.
The everyday run tries a few examples per operation; ``--hypothesis-profile=long``
many more (tests/conftest.py).
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from koers.api.services import token_create
from koers.core.actors import CLI
from koers.core.scoping import Role
from koers.wsgi import application
from tests.conftest import examples
from tests.factories import (
    AttendanceFactory,
    ContactFactory,
    DossierStepFactory,
    EnrolmentFactory,
    GroupSessionFactory,
    PersonFactory,
    PlacementFactory,
    TrajectoryFactory,
)

CONFIG = SchemathesisConfig.from_path(Path(__file__).resolve().parents[2] / "schemathesis.toml")


@pytest.fixture
def api_schema():
    """Loaded when the test runs, on the one worker that runs it: built at import, its 53
    operations' strategies cost every worker's collection seconds of CPU."""
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def jobs_in_the_request(settings, tmp_path):
    """Bundle jobs run before the answer, in the test's database and folder (a thread
    would work beside the test's transaction)."""
    settings.KOERS_JOBS = "inline"
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def kept_connection(connection_kept_for_the_test):
    """Every test here calls the production WSGI handler (``tests/conftest.py`` says why)."""


@pytest.fixture
def bearer(users, branch):
    """A team leader's token, in a branch with a record of every kind to list."""
    person = PersonFactory(location=branch)
    PlacementFactory(person=person, dwelling__location=branch)
    ContactFactory(location=branch, person=person)
    TrajectoryFactory(person=person)
    DossierStepFactory(dossier__person=person)
    session = GroupSessionFactory(group__location=branch)
    EnrolmentFactory(group=session.group, person=person)
    AttendanceFactory(session=session, person=person)
    token = token_create(user=users[Role.TEAM_LEADER], name="schemathesis", by=CLI)
    return {"Authorization": f"Bearer {token.secret}"}


@schema.parametrize()
@settings(
    max_examples=examples(5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_keeps_its_schema(case, bearer):
    case.call_and_validate(headers=bearer)
