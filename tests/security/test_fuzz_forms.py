"""Fuzzed input, zero server errors: every route, hostile posts and query strings.

For every logged-in route of the URL resolver (object routes get records of the team
leader's own branch) a team leader posts what Hypothesis makes of the fields the
route's own page shows: unicode with control characters, 100,000-character strings,
numbers far out of range, malformed dates, several values for one field, fields left
out, fields added, a stale or made-up ``version``; with and without htmx. GET routes
get fuzzed query strings (their forms' fields and the parameters list and report pages
read). No response may be a 500, and no exception may escape the view
(``raise_request_exception``). Examples per route: the ``security`` Hypothesis profile
(``KOERS_FUZZ_EXAMPLES``: 6 in the everyday run, 120 with ``--hypothesis-profile=long``,
25 in ``scripts/security-figures``; query strings get a third of that).

Every field is also offered values of the kinds an outside probe found harmful
(``fields.BIDI_TEXTS``, ``fields.FORMULA_TEXTS``); after a route's fuzzing no
single-line text of any record may hold a bidirectional control (``core.text``). Each
POST route also gets two oversized requests (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
more fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``): refused, never a 500.
"""

import operator
import os
from functools import reduce

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db.models import Q
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core.models import Record
from koers.core.scoping import Role
from koers.core.text import BIDI_CONTROLS, is_single_line
from tests.conftest import examples
from tests.security.fields import QUERY_PARAMETERS, form_fields, submissions
from tests.security.responses import response_text
from tests.security.routes import LOGGED_IN_ROUTES, paths_for, route_ids

EXAMPLES = int(os.environ.get("KOERS_FUZZ_EXAMPLES", examples(6)))
settings.register_profile(
    "security",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure reproduces, figures are stable
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HTMX = st.sampled_from([{}, {"HX-Request": "true"}])


def fuzz(path: str, user, *, method: str, fields: dict, examples: int) -> int:
    """Send ``examples`` hostile requests; the number sent. Raises on a 500 or an exception."""
    client = Client(raise_request_exception=True)
    sent = 0
    strategy = submissions(fields)

    @settings(settings.get_profile("security"), max_examples=examples)
    @given(data=strategy, headers=HTMX)
    def one_request(data, headers):
        nonlocal sent
        client.force_login(user)  # a fuzzed password change or "log out everywhere" ends it
        response = getattr(client, method)(path, data, headers=headers)
        sent += 1
        assert response.status_code < 500, (method, path, data, response.status_code)

    one_request()
    return sent


def stored_bidi_controls() -> list[str]:
    """``model.field: value`` of every single-line text of a record that holds a bidi control."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, Record):
            continue
        fields = [field.name for field in model._meta.concrete_fields if is_single_line(field)]
        holds = reduce(
            operator.or_,
            (Q(**{f"{name}__contains": char}) for name in fields for char in BIDI_CONTROLS),
        )
        for row in model._default_manager.filter(holds).values(*fields):
            found += [
                f"{model._meta.label}.{name}: {value!r}"
                for name, value in row.items()
                if any(char in (value or "") for char in BIDI_CONTROLS)
            ]
    return found


def oversized(path: str, user) -> int:
    """Two requests too large to parse; both refused (400), neither a server error."""
    client = Client(raise_request_exception=True)
    client.force_login(user)
    body = {"x": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    fields = {f"f{n}": "1" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    for data in (body, fields):
        response = client.post(path, data)
        assert response.status_code < 500, (path, response.status_code)
    return 2


@pytest.mark.parametrize(
    ("route", "name", "view", "converters"), LOGGED_IN_ROUTES, ids=route_ids(LOGGED_IN_ROUTES)
)
def test_hostile_input_never_gives_a_server_error(
    route, name, view, converters, users, canary_world, record_property
):
    user = users[Role.TEAM_LEADER]
    client = Client(raise_request_exception=True)
    client.force_login(user)
    posts = queries = too_large = 0
    for path in paths_for(route, canary_world)[:1]:
        page = client.get(path)
        html = response_text(page) if page.status_code == 200 else ""
        fields = form_fields(html)
        if client.post(path, {}).status_code != 405:
            posts += fuzz(path, user, method="post", fields=fields, examples=EXAMPLES)
            too_large += oversized(path, user)
        if page.status_code != 405:
            parameters = {key: [] for key in QUERY_PARAMETERS} | fields
            queries += fuzz(
                path, user, method="get", fields=parameters, examples=max(EXAMPLES // 3, 1)
            )
    assert stored_bidi_controls() == []
    record_property(
        "fuzz",
        {
            "route": name,
            "post_cases": posts,
            "get_cases": queries,
            "oversized": too_large,
            "server_errors": 0,
        },
    )
