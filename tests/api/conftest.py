"""API tests: a token per user, and a client that sends it."""

import datetime
import json

import pytest
from django.test import Client

from koers.api import services
from koers.api.services import token_create
from koers.core.actors import CLI
from koers.core.models import AccessLogEntry
from tests.deadlines.conftest import cases  # noqa: F401  (a fixture: records, one per rule)


class ApiClient:
    """Django's test client with a bearer token, JSON bodies and ``If-Match``."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body=None, *, if_match=None, **query):
        headers = dict(self.headers)
        if if_match is not None:
            headers["If-Match"] = if_match
        call = getattr(self.client, method.lower())
        if method.upper() in {"GET", "DELETE"}:
            return call(path, query, headers=headers)
        return call(
            path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=headers,
        )

    def get(self, path, **query):
        return self.request("GET", path, **query)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.request("PATCH", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.request("PUT", path, body, **kwargs)


# The rate limit's window, in seconds, for every API test: the window number is the time
# divided by it, 0 until the year 2286, so no window ends during a test (a new window costs
# more queries and resets the count). ``test_tokens`` tests the windows with explicit times.
NO_WINDOW_ENDS = 10**10


@pytest.fixture(autouse=True)
def one_rate_window(settings):
    settings.KOERS_API_RATE_WINDOW = NO_WINDOW_ENDS


@pytest.fixture(autouse=True)
def last_use_noted_once(monkeypatch):
    """A token's last use is written once a minute; in a test only at its first use, so
    that no minute passing on a slow machine adds a query to a counted request.
    ``test_tokens`` tests the minute with explicit times."""
    monkeypatch.setattr(services, "LAST_USE_PRECISION", datetime.timedelta.max)


def logged_after(call, *args, **kwargs) -> tuple:
    """``call(*args, **kwargs)``'s result and the access-log rows it wrote (the rows before
    it stay: the log is append-only on PostgreSQL)."""
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = call(*args, **kwargs)
    return result, AccessLogEntry.objects.filter(id__gt=last)


def client_for(user, name: str = "test") -> ApiClient:
    return ApiClient(token_create(user=user, name=name, by=CLI).secret)


@pytest.fixture
def api_as(users):
    """``api_as(role)``: an API client with a fresh token of the fixture's user of that role."""
    made = {}

    def make(role) -> ApiClient:
        if role not in made:
            made[role] = client_for(users[role])
        return made[role]

    return make
