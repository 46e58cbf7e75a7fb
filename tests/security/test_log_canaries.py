"""No personal data or secrets in the application's logs, proven with canary values.

Every record of every logger is kept at DEBUG level (stricter than the WARNING the
settings enable by default) and formatted with the application's own console
formatter, while a team leader and an anonymous visitor use Koers with canary
values: a search by name in the query string, a 404, a 403 (CSRF), a form error, a
conflicting edit, a server error whose exception quotes a client, a wrong password
and a wrong two-factor code, and a bundle import with errors. None of the canaries
(client names, V-numbers, birth dates, the password, the TOTP secret, SECRET_KEY)
may appear. Gunicorn's access-log line for such requests is checked too.

The import's own error report on stderr does quote the offending values: it is the
operator's terminal, for fixing a bundle they already hold, not an application log
(see docs/security.md).
"""

import base64
import datetime
import io
import logging
import uuid
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.log import configure_logging
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger

from koers import settings as koers_settings
from koers.accounts.models import TOTPDevice
from koers.core.management.commands.serve import ACCESS_LOG_FORMAT
from koers.core.scoping import Role
from koers.people import views as people_views
from tests.exchange.bundles import SMALL, with_changes, write_files
from tests.factories import UserFactory
from tests.searching import searched
from tests.security.canaries import CANARIES, ELSEWHERE, MAIN, SEARCH_ONLY, Canary

PASSWORD = "Wachtwoord-Kanarie-8841-qz"
SECRET_KEY = "sk-kanarie-5f1e2d3c4b5a69788796a5b4c3d2e1f0-never-logged"
TOTP_SECRET = b"kanarie-totp-geheim-0123"
RENAMED = Canary("Ploxwirem", "Tarnquivel", "7391827319", datetime.date(1990, 2, 27))
IMPORTED = Canary("Grimwavel", "Oxtrunbeek", "7391827320", datetime.date(1984, 8, 9))


def secrets_and_canaries() -> set[str]:
    values = {PASSWORD, SECRET_KEY, TOTP_SECRET.hex(), base64.b32encode(TOTP_SECRET).decode()}
    for canary in (*CANARIES, RENAMED, IMPORTED):
        values |= canary.shown_forms()
    return values


@contextmanager
def application_log_at_debug():
    """What the settings' console handler writes with ``LOG_LEVEL=DEBUG`` (the most an
    operator can turn on) and SQL logging forced on: every line, kept in a buffer."""
    buffer = io.StringIO()
    configure_logging(settings.LOGGING_CONFIG, koers_settings.logging_config("DEBUG"))
    consoles = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert consoles, "settings.LOGGING has no console handler on the root logger"
    for handler in consoles:
        handler.setStream(buffer)
    connection.force_debug_cursor = True
    try:
        yield buffer
    finally:
        connection.force_debug_cursor = False
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def person_post(person, canary: Canary, **extra) -> dict:
    return {
        "given_name": canary.given_name,
        "family_name": canary.family_name,
        "birth_date": canary.birth_date.isoformat(),
        "sex": person.sex,
        "nationality": person.nationality,
        "v_number": canary.v_number,
        "arrival_route": person.arrival_route,
        "version": person.version,
        **extra,
    }


def use_koers_with_canaries(world, users, monkeypatch) -> None:
    """A day of work with canary values, errors included (no request raises to the test)."""
    team_leader = Client(raise_request_exception=False)
    team_leader.force_login(users[Role.TEAM_LEADER])
    main = world.people[MAIN]
    file_url = reverse("people:file", args=[main.uid])
    edit_url = reverse("people:edit", args=[main.uid])
    search_url = reverse("people:search")
    for text in (MAIN.given_name, SEARCH_ONLY.respelled(), MAIN.v_number, ELSEWHERE.given_name):
        searched(team_leader, search_url, q=text)
        searched(team_leader, search_url, q=text, headers={"HX-Request": "true"})
        team_leader.get(search_url, {"q": text})  # a name typed into the address: ignored
    team_leader.get(file_url, {"q": MAIN.family_name})
    team_leader.get(f"/clienten/{uuid.uuid4()}/", {"q": MAIN.given_name})  # 404
    team_leader.get(reverse("people:file", args=[world.people[ELSEWHERE].uid]))  # not theirs
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    strict.force_login(users[Role.TEAM_LEADER])
    strict.post(edit_url, person_post(main, RENAMED))  # 403: no CSRF token
    team_leader.post(edit_url, person_post(main, RENAMED, birth_date="31-02-1990"))
    team_leader.post(edit_url, person_post(main, RENAMED, v_number=RENAMED.given_name))
    team_leader.post(edit_url, person_post(main, RENAMED, version=main.version - 1 or 0))
    team_leader.post(edit_url, person_post(main, RENAMED))
    team_leader.post(edit_url, person_post(main, RENAMED, version=main.version))  # now stale

    def household_lost(person, user):
        raise RuntimeError(f"no household for {person} ({person.v_number}, {person.birth_date})")

    monkeypatch.setattr(people_views, "household_of", household_lost)
    team_leader.get(file_url, {"q": MAIN.given_name})  # 500

    visitor = Client(raise_request_exception=False)
    login = reverse("accounts:login")
    visitor.post(login, {"username": "kanarie", "password": PASSWORD[::-1]})
    visitor.post(login, {"username": "kanarie", "password": PASSWORD})
    visitor.post(reverse("accounts:login_code"), {"code": "000000"})


def import_with_errors(folder) -> str:
    """Import a bundle with a canary client and three bad values; the operator's stderr."""
    person = (
        f"p9,zeestad,{IMPORTED.given_name},{IMPORTED.family_name},"
        f"{IMPORTED.birth_date:%d-%m-%Y},Q,ERI,{IMPORTED.v_number}x,h9,regular,,,"
    )
    bundle = write_files(folder, with_changes(people_csv=[*SMALL["people.csv"], person]))
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(bundle), stderr=stderr, stdout=stderr)
    return stderr.getvalue()


def test_logs_hold_no_personal_data_or_secrets(canary_world, users, monkeypatch, tmp_path):
    user = UserFactory(username="kanarie", password=PASSWORD)
    TOTPDevice.objects.create(user=user, secret=TOTP_SECRET, confirmed_at=timezone.now())
    with override_settings(SECRET_KEY=SECRET_KEY), application_log_at_debug() as log:
        use_koers_with_canaries(canary_world, users, monkeypatch)
        operator_report = import_with_errors(tmp_path / "bundle")
    text = log.getvalue()
    assert "Internal Server Error" in text and "Not Found" in text and "Forbidden" in text
    leaked = sorted(value for value in secrets_and_canaries() if value in text)
    assert not leaked, f"in the application log: {leaked}\n{text}"
    assert "people.csv:" in operator_report  # located problems, for the operator only


def gunicorn_access_line(path: str, query: str) -> str:
    """The line gunicorn writes for one request with Koers' access-log format."""
    config = Config()
    config.set("access_log_format", ACCESS_LOG_FORMAT)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.7",
        "HTTP_REFERER": f"https://koers.example{path}?{query}",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=1234)
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger = GunicornLogger(config)
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, request, environ, datetime.timedelta(milliseconds=42))
    )
    return config.access_log_format % atoms


def test_gunicorn_access_log_keeps_the_path_but_not_the_query_or_referer():
    line = gunicorn_access_line("/clienten/zoeken/", f"q={MAIN.given_name}+{MAIN.family_name}")
    assert '"GET /clienten/zoeken/ HTTP/1.1" 200 1234 42ms' in line
    assert MAIN.given_name not in line and MAIN.family_name not in line
