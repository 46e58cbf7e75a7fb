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
"""

import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core.scoping import Role
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


@pytest.mark.parametrize(
    ("route", "name", "view", "converters"), LOGGED_IN_ROUTES, ids=route_ids(LOGGED_IN_ROUTES)
)
def test_hostile_input_never_gives_a_server_error(
    route, name, view, converters, users, canary_world, record_property
):
    user = users[Role.TEAM_LEADER]
    client = Client(raise_request_exception=True)
    client.force_login(user)
    posts = queries = 0
    for path in paths_for(route, canary_world)[:1]:
        page = client.get(path)
        html = response_text(page) if page.status_code == 200 else ""
        fields = form_fields(html)
        if client.post(path, {}).status_code != 405:
            posts += fuzz(path, user, method="post", fields=fields, examples=EXAMPLES)
        if page.status_code != 405:
            parameters = {key: [] for key in QUERY_PARAMETERS} | fields
            queries += fuzz(
                path, user, method="get", fields=parameters, examples=max(EXAMPLES // 3, 1)
            )
    record_property(
        "fuzz", {"route": name, "post_cases": posts, "get_cases": queries, "server_errors": 0}
    )
