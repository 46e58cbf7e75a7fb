"""Shared fixtures: two branches of one region, a branch of another region, and a user per role.

The permission fixture follows healthchecks' alice/bob/charlie: every access test has
a user of this branch, a user of another branch, and a user without a role.
"""

import importlib
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import blocking_manager_key

from koers.accounts.models import Membership, User
from koers.core.scoping import Role
from tests.factories import (
    MEMBERS_SINCE,
    TEST_PASSWORD,
    LocationFactory,
    MembershipFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.live_server import install as install_live_server
from tests.template_database import Template

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACCEPTANCE_BUNDLE = SHARED / "acceptance" / "barendrecht-2017" / "bundle"
# Hypothesis: the everyday run tries few examples, the same ones every run (a failure
# reproduces, nothing fails by chance); `pytest --hypothesis-profile=long` tries LONG_FACTOR
# times as many, new ones each run (docs/testing.md).
LONG_FACTOR = 20
hypothesis_settings.register_profile(
    "everyday", deadline=None, derandomize=True, database=None, print_blob=True
)
hypothesis_settings.register_profile(
    "long", deadline=None, max_examples=100 * LONG_FACTOR, print_blob=True
)
hypothesis_settings.load_profile("everyday")
install_live_server()


def examples(everyday: int) -> int:
    """A property test's number of examples: ``everyday`` in the everyday run, more in the
    long one (read when the test module is imported, after ``--hypothesis-profile``)."""
    long = hypothesis_settings.default is hypothesis_settings.get_profile("long")
    return everyday * LONG_FACTOR if long else everyday


@contextmanager
def kept_for_the_module(django_db_blocker):
    """For a module-scoped fixture: what it writes, made once for the module's tests and rolled
    back after the last of them (as Django's ``setUpTestData``); each test's own transaction is
    a savepoint within it, so what a test writes is gone before the next. Only for data that
    every test of the module asks for: a test that did not ask must not find its rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Mark every test under ``tests/browser`` ``browser`` (a ``pytestmark`` in a conftest is
    ignored), so that ``-m browser`` / ``-m "not browser"`` select them."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Argon2 costs ~0.35 s a hash on purpose; tests hash with MD5, except those marked
    ``argon2`` (the hasher is their subject), which get the production hashers back."""
    production = list(settings.PASSWORD_HASHERS)
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield production


def _flush_by_delete(original):
    """PostgreSQL's ``sql_flush`` for the tests: a ``DELETE`` per table in one transaction
    (every foreign key of the schema is deferred to its commit) instead of one ``TRUNCATE`` of
    every table. A test on a live server (a transactional database) ends with a flush of
    every table; TRUNCATE makes new files for each table and index: about 0.9 s a flush here,
    the DELETEs of the few rows a test leaves 0.05 s. The end is the same: every table empty.
    A table with a trigger of its own (the append-only access log refuses a DELETE of a
    young row) is still truncated; asked to reset sequences, Django's own SQL runs."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            )
            triggered = {name for (name,) in cursor.fetchall()}
        deleted = [table for table in tables if table not in triggered]
        truncated = [table for table in tables if table in triggered]
        return [
            "SET CONSTRAINTS ALL DEFERRED",
            # the names are the models' tables, quoted: no input reaches this SQL
            *(f"DELETE FROM {self.quote_name(table)};" for table in deleted),  # noqa: S608
            *original(self, style, truncated, allow_cascade=allow_cascade),
        ]

    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _fast_flush_on_postgresql():
    from django.db.backends.postgresql.operations import DatabaseOperations

    with pytest.MonkeyPatch.context() as patch:
        flush = _flush_by_delete(DatabaseOperations.sql_flush)
        patch.setattr(DatabaseOperations, "sql_flush", flush)
        yield


@pytest.fixture(autouse=True)
def _argon2_when_marked(request, fast_password_hashing):
    if request.node.get_closest_marker("argon2") is None:
        yield
        return
    with override_settings(PASSWORD_HASHERS=fast_password_hashing):
        yield


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


# (key in ``users``, username, role, at the branch / the other branch / in its region)
USERS = (
    (Role.VOLUNTEER, "vrijwilliger", Role.VOLUNTEER, "branch"),
    (Role.LEGAL, "jurist", Role.LEGAL, "branch"),
    (Role.TEAM_LEADER, "teamleider", Role.TEAM_LEADER, "branch"),
    (Role.REGIONAL_MANAGER, "regiomanager", Role.REGIONAL_MANAGER, "region"),
    (Role.MUNICIPALITY_VIEWER, "gemeente", Role.MUNICIPALITY_VIEWER, "branch"),
    (Role.ADMINISTRATOR, "beheerder", Role.ADMINISTRATOR, None),
    ("other_team_leader", "teamleider2", Role.TEAM_LEADER, "other_branch"),
    ("no_role", "zonderrol", None, None),
)


@pytest.fixture
def users(branch, other_branch):
    """One user per role at ``branch`` (the regional manager over its region), plus outsiders.

    Built in bulk with one password hash for all (666 tests use this): the same rows as
    ``make_user`` for each, in a handful of queries.
    """
    password = make_password(TEST_PASSWORD)
    made = User.objects.bulk_create(
        User(username=username, email=f"{username}@example.org", password=password)
        for _, username, _, _ in USERS
    )
    where = {"branch": {"location": branch}, "other_branch": {"location": other_branch}}
    where |= {"region": {"region": branch.region}, None: {}}
    Membership.objects.bulk_create(
        Membership(user=user, role=role, started_on=MEMBERS_SINCE, **where[at])
        for user, (_, _, role, at) in zip(made, USERS, strict=True)
        if role is not None
    )
    by_key = {key: user for user, (key, *_) in zip(made, USERS, strict=True)}
    for key, staff_role in ((Role.VOLUNTEER, "social"), (Role.LEGAL, "legal")):
        StaffMemberFactory(location=branch, user=by_key[key], role_codes=[staff_role], cleared=True)
    return by_key


@pytest.fixture
def today():
    """The app's today: the date in Amsterdam (``timezone.localdate()``), not the UTC date."""
    return timezone.localdate()


def put_back_shipped_deadline_rules() -> None:
    """The default rules of the data migrations (idempotent)."""
    from django.apps import apps

    migration = importlib.import_module("koers.deadlines.migrations.0002_default_rules")
    migration.add_default_rules(apps, None)
    wi2021 = importlib.import_module("koers.deadlines.migrations.0006_wi2021_rules_and_weeks")
    wi2021.add_wi2021_rules(apps, None)
    legal = importlib.import_module("koers.deadlines.migrations.0007_legal_decision_terms")
    legal.add_legal_rules(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test on a live server (a transactional database) ends with every table flushed, the
    deadline rules the data migrations shipped with them: put them back at once, outside any
    test's transaction, so that every test finds them whichever test ran before it on its
    worker (an order that xdist decides). After a worker's last test the test database is
    gone (``nextitem`` is None: the session's fixtures were torn down): nothing to put back."""
    yield
    marker = item.get_closest_marker("django_db")
    flushed = {"transactional_db", "live_server"} & set(item.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if flushed and nextitem is not None:
        with item.config.stash[blocking_manager_key].unblock():
            put_back_shipped_deadline_rules()


@pytest.fixture(autouse=True)
def document_store(tmp_path, settings):
    """Every test keeps uploaded documents (koers.documents) in a folder of its own, never
    in the checkout's var/: the folder is the store's, to look into for what was stored."""
    folder = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }
    return folder


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory, django_db_blocker
):
    """Under xdist, the migrations run once per run and database (``tests.template_database``):
    the workers share the run's temporary folder, where the first keeps its migrated copy."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if worker is None:
        yield
        return
    template = Template(tmp_path_factory.getbasetemp().parent, worker)
    template.install()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            template.uninstall()


@pytest.fixture
def kept(monkeypatch):
    """An empty store of kept SQL (``core.prepared``), so a test sees its own shapes built
    and reused."""
    from koers.core import prepared

    store = prepared._Kept(prepared.KEPT)
    monkeypatch.setattr(prepared, "_kept", store)
    return store


@pytest.fixture
def connection_kept_for_the_test():
    """The test's connection stays open across the requests, as Django's test client keeps it.

    The WSGI handler closes "old" connections when a request starts and ends. Inside the
    test's transaction autocommit is off, which that check takes for a connection left in
    a bad state: on PostgreSQL it closes it, and every query after the first request
    fails with "the connection is closed" (SQLite ignores closing its in-memory
    database). ``django.test.Client`` disconnects the same receiver around each request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
