"""The API and personal data in logs and URLs, proven with canary clients.

- No query parameter of the API takes a name (a client is named by uid or external id):
  the schema's parameters are a known list, so a name filter cannot be added unnoticed.
- A name sent anyway (in the query string, in a body, in an invalid value, with a stale
  version, on a 404) and the token's secret reach no line of the application log (at
  DEBUG, SQL included), no access-log row, and not gunicorn's access line.
- Every API answer that shows a client is in the access log (the audit coverage of the
  pages, repeated for every GET operation of the schema).
"""

import uuid

from django.test import Client

from koers.api.main import api
from koers.api.records import RESOURCES
from koers.api.services import token_create
from koers.core.actors import CLI
from koers.core.models import AccessLogEntry
from koers.core.scoping import Role
from tests.api.conftest import ApiClient, logged_after
from tests.security.canaries import CANARIES, MAIN, SECOND
from tests.security.test_log_canaries import application_log_at_debug, gunicorn_access_line

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
# Every query parameter of the API. None takes a name or other free text about a person;
# a new one is added here deliberately (docs/api.md, "Personal data in addresses").
QUERY_PARAMETERS = {
    "limit",
    "cursor",
    "location",
    "region",
    "updated_since",
    "from",
    "to",
    "kind",
    "keys",
    "interval",
    "year",
    "from_year",
    "to_year",
    "on",
    "due_until",
    "rule",
}


def test_no_query_parameter_of_the_api_takes_a_name():
    used = {
        parameter["name"]
        for operations in SCHEMA["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }
    assert used == QUERY_PARAMETERS


def use_the_api_with_canaries(world, token: str) -> None:
    client = ApiClient(token)
    client.client = Client(raise_request_exception=False)
    main = world.people[MAIN]
    person = f"/api/v1/people/{main.uid}/"
    names = {"q": MAIN.given_name, "family_name": MAIN.family_name, "name": SECOND.given_name}
    client.get("/api/v1/people/", **names)  # ignored parameters: the whole list
    client.get(person, **names)
    client.get(f"/api/v1/people/{uuid.uuid4()}/", q=MAIN.family_name)  # 404
    client.get("/api/v1/people/", **{"from": MAIN.given_name})  # 422: not a date
    client.patch(person, {"birth_date": f"{MAIN.birth_date:%d-%m-%Y}"}, if_match='"1"')  # 422
    client.patch(person, {"family_name": SECOND.family_name}, if_match='"9"')  # 412
    client.patch(person, {"v_number": MAIN.given_name}, if_match='"1"')  # 422
    client.post(
        "/api/v1/people/",
        {"given_name": SECOND.given_name, "family_name": SECOND.family_name},
    )  # 422: fields missing
    ApiClient(f"koers_{MAIN.family_name}").get("/api/v1/people/", q=MAIN.family_name)  # 401


def test_names_sent_to_the_api_reach_no_log(canary_world, users):
    token = token_create(user=users[Role.TEAM_LEADER], name="dashboard", by=CLI).secret
    with application_log_at_debug() as log:
        use_the_api_with_canaries(canary_world, token)
    text = log.getvalue()
    assert "Not Found" in text and "Unprocessable" in text and "Precondition Failed" in text
    values = {token} | {form for canary in CANARIES for form in canary.shown_forms()}
    leaked = sorted(value for value in values if value in text)
    assert not leaked, f"in the application log: {leaked}\n{text}"
    rows = AccessLogEntry.objects.values_list("path", "what", "on_behalf_of")
    assert rows and not {v for row in rows for v in values if any(v in f for f in row)}
    line = gunicorn_access_line("/api/v1/people/", f"q={MAIN.given_name}+{MAIN.family_name}")
    assert '"GET /api/v1/people/ HTTP/1.1" 200' in line and MAIN.given_name not in line


def get_operations() -> list[str]:
    return sorted(path for path, ops in SCHEMA["paths"].items() if "get" in ops)


def test_every_api_answer_that_shows_a_client_logs_them(canary_world, users, settings):
    settings.KOERS_JOBS = "inline"
    client = ApiClient(token_create(user=users[Role.TEAM_LEADER], name="t", by=CLI).secret)
    queries = {
        "/api/v1/indicators/": {"location": "rijnmond", "from": "2017-01-01", "to": "2017-12-31"},
        "/api/v1/indicators/series/": {"location": "rijnmond", "interval": "year"}
        | {"from_year": "2017", "to_year": "2017"},
        "/api/v1/deadlines/": {"on": "2017-12-01"},
    }
    shown_somewhere = set()
    failures = []
    for path in get_operations():
        if "{uid}" in path:
            if path.startswith("/api/v1/jobs/"):
                continue  # a job holds no client (its export is logged when it runs)
            model = next(r.model for r in RESOURCES if path.startswith(f"/api/v1/{r.path}/"))
            path = path.replace("{uid}", str(canary_world.get(model).uid))
        response, rows = logged_after(client.get, path, **queries.get(path, {}))
        assert response.status_code == 200, (path, response.content)
        shown = canary_world.exposed_in(response.content.decode())
        logged = set(rows.values_list("person_id", flat=True))
        shown_somewhere |= shown
        if shown - logged:
            failures.append(f"{path}: shows clients {sorted(shown - logged)} without a log row")
    assert canary_world.people[MAIN].pk in shown_somewhere  # the test sees names at all
    assert not failures, "\n".join(failures)
