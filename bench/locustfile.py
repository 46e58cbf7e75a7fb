"""Locust users for the load benchmark (bench/load.py runs them; never part of the tests).

Every simulated user logs in as a person does (password, then the code of their
authenticator app, computed from the secret bench/load_users.py gave their account) and
then works: volunteers on phones search a client by name (a POSTed search), open the
file, log a contact and tick attendance; team leaders open the start page, the worklist,
a client file and the yearly report; regional managers the region report; municipality
viewers their municipality's figures. ``KOERS_LOAD_USERS`` names the accounts' JSON.
"""

import datetime
import itertools
import json
import os
import random
import time
import zoneinfo
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

from koers.accounts import totp

DATA = json.loads(Path(os.environ["KOERS_LOAD_USERS"]).read_text())
BY_ROLE: dict[str, list[dict]] = defaultdict(list)
for _account in DATA["users"]:
    BY_ROLE[_account["role"]].append(_account)
NEXT = {role: itertools.cycle(accounts) for role, accounts in BY_ROLE.items()}
LAST_STEP: dict[str, int] = {}  # an account's code is accepted once per 30 s step
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")  # the app's dates (timezone.localdate)
# the measurement starts when every user has logged in (the logins of a whole team at once
# are no steady state: each password is checked with Argon2, deliberately slow) and lasts
# KOERS_LOAD_MEASURE_SECONDS; KOERS_LOAD_RAMP_FILE receives what the logins took
MEASURE_SECONDS = float(os.environ.get("KOERS_LOAD_MEASURE_SECONDS", "0"))
RAMP_FILE = os.environ.get("KOERS_LOAD_RAMP_FILE")
LOGINS = ("inloggen", "GET"), ("inloggen", "POST"), ("inloggen code", "POST")
RAMP = {"logged_in": 0, "started": time.time()}
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Mobile Safari/537.36"


@events.test_start.add_listener
def _started(environment, **_kwargs):
    RAMP["started"] = time.time()


def logged_in(environment) -> None:
    """Count a login; when all users are in, reset the statistics and start the clock."""
    RAMP["logged_in"] += 1
    options = environment.parsed_options
    if options is None or RAMP["logged_in"] != options.num_users:
        return
    logins = {}
    for name, method in LOGINS:
        entry = environment.stats.get(name, method)
        logins[f"{method} {name}"] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
    if RAMP_FILE:
        Path(RAMP_FILE).write_text(
            json.dumps(
                {
                    "users": options.num_users,
                    "ramp_seconds": time.time() - RAMP["started"],
                    "measure_from": time.time(),
                    "logins": logins,
                }
            )
        )
    environment.stats.reset_all()
    if MEASURE_SECONDS:
        gevent.spawn_later(MEASURE_SECONDS, environment.runner.quit)


class Forms(HTMLParser):
    """The fields of every POST form of a page: name -> value, checkboxes and radios apart."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action"), "fields": {}, "boxes": [], "radios": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select"):
            name, kind = a.get("name"), (a.get("type") or "text").lower()
            if not name:
                return
            if kind == "checkbox":
                self.current["boxes"].append((name, a.get("value") or "on"))
            elif kind == "radio":
                self.current["radios"].setdefault(name, a.get("value"))
            elif kind not in ("submit", "button"):
                self.current["fields"].setdefault(name, a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def form_with(html: str, field: str) -> dict | None:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        names = set(form["fields"]) | set(form["radios"]) | {n for n, _ in form["boxes"]}
        if any(name.startswith(field) for name in names):
            return form
    return None


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(2, 8)  # reading the page, typing on a phone

    def on_start(self):
        self.account = next(NEXT[self.role])
        self.login()

    def login(self):
        """Password, then a code; a code refused (it expired while the server was busy: a
        step's code counts for about a minute) is typed again, as a person would, up to
        five times. Each refusal counts as an error of the login."""
        for _attempt in range(5):
            if self.password() and self.code():
                break
        logged_in(self.environment)

    def password(self) -> bool:
        username = self.account["username"]
        page = self.client.get("/account/inloggen/", name="inloggen")
        with self.client.post(
            "/account/inloggen/",
            {
                "username": username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": self.csrf(),
            },
            name="inloggen",
            headers={"Referer": page.url},
            catch_response=True,
        ) as response:
            if "/account/inloggen/code" not in response.url:
                response.failure(f"password of {username} refused")
                return False
        return True

    def code(self) -> bool:
        username = self.account["username"]
        for _attempt in range(3):
            step = totp.time_step(time.time())
            if LAST_STEP.get(username, -1) >= step:  # more simulated users than accounts
                gevent.sleep((LAST_STEP[username] + 1) * totp.STEP_SECONDS - time.time() + 0.5)
            at = time.time()
            LAST_STEP[username] = totp.time_step(at)
            code = totp.totp(bytes.fromhex(self.account["secret"]), at)
            with self.client.post(
                "/account/inloggen/code/",
                {"code": code, "csrfmiddlewaretoken": self.csrf()},
                name="inloggen code",
                catch_response=True,
            ) as response:
                if "/account/inloggen" not in response.url:
                    return True
                response.failure(f"code of {username} refused")
                if "/account/inloggen/code" not in response.url:
                    return False  # back to the password (the pending login expired)
        return False

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def open(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/account/inloggen" in response.url:
                response.failure("logged out")
            return response

    def submit(self, url: str, name: str, field: str, fill) -> None:
        page = self.open(url, f"{name} (formulier)")
        form = form_with(page.text or "", field)
        if form is None:
            return
        for attempt in ("opslaan", "opnieuw na conflict"):
            data = dict(form["fields"])
            fill(form, data)
            with self.client.post(
                form["action"] or url, data, name=f"{name} ({attempt})", catch_response=True
            ) as response:
                if (
                    attempt == "opslaan"
                    and response.status_code == 422
                    and 'class="conflict"' in response.text
                ):
                    # another person saved the same record meanwhile (two helpers of one
                    # group ticking its register): the form comes back with both versions
                    # and the stored version number; a person looks and saves again. Not
                    # an error: the table counts these second saves apart.
                    response.success()
                    form = form_with(response.text, field)
                    if form is not None:
                        continue
                    response.failure("a conflict without the form")
                elif response.status_code >= 400:
                    response.failure(f"{response.status_code}")
                elif not response.history:  # saved forms redirect; a form shown again did not
                    response.failure("not saved: the form came back")
            return


class Volunteer(Person):
    role = "volunteer"
    weight = 14

    def on_start(self):
        super().on_start()
        self.clients = self.account.get("clients") or [{"uid": "", "name": "a"}]
        self.client.headers["User-Agent"] = PHONE

    @task(4)
    def search_a_name(self):
        name = random.choice(self.clients)["name"][:4]  # noqa: S311 (not cryptography)
        self.client.get("/clienten/zoeken/", name="zoeken (formulier)")
        self.client.post(
            "/clienten/zoeken/",
            {
                "_search": "1",
                "q": name,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken"),
            },
            name="zoeken (resultaten)",
        )

    @task(4)
    def open_a_file(self):
        uid = random.choice(self.clients)["uid"]  # noqa: S311
        if uid:
            self.open(f"/clienten/{uid}/", "dossier")

    @task(2)
    def log_a_contact(self):
        uid = random.choice(self.clients)["uid"]  # noqa: S311
        if not uid:
            return

        def fill(form, data):
            data.update({k: v for k, v in form["radios"].items() if k == "kind"})
            data["date"] = data.get("date") or datetime.datetime.now(AMSTERDAM).date().isoformat()
            data["note"] = "Telefonisch gesproken (bench)."
            data["topics"] = [v for n, v in form["boxes"] if n == "topics"][:1]
            data["persoon"] = uid

        self.submit(f"/contacten/nieuw/?persoon={uid}", "contact", "kind", fill)

    @task(1)
    def tick_attendance(self):
        sessions = self.account.get("sessions") or []
        if not sessions:
            return

        def fill(form, data):
            for name, value in form["boxes"]:
                if name.startswith("present_") and random.random() < 0.8:  # noqa: S311
                    data[name] = value

        url = f"/groepen/bijeenkomsten/{random.choice(sessions)}/presentie/"  # noqa: S311
        self.submit(url, "presentie", "present_", fill)


class TeamLeader(Person):
    role = "team_leader"
    weight = 4

    @task(3)
    def start_page(self):
        self.open("/", "startpagina")

    @task(2)
    def worklist(self):
        self.open("/termijnen/", "werklijst")

    @task(2)
    def client_file(self):
        if self.account["clients"]:
            uid = random.choice(self.account["clients"])  # noqa: S311
            self.open(f"/clienten/{uid}/", "dossier (teamleider)")

    @task(1)
    def report(self):
        self.open(f"/rapportages/{self.account['location']}/{DATA['year']}/", "jaarrapport")


class RegionalManager(Person):
    role = "regional_manager"
    weight = 1

    @task(1)
    def start_page(self):
        self.open("/", "startpagina (regio)")

    @task(2)
    def region_report(self):
        self.open(f"/rapportages/regio/{self.account['region']}/{DATA['year']}/", "regiorapport")


class MunicipalityViewer(Person):
    role = "municipality_viewer"
    weight = 1

    @task(1)
    def overview(self):
        self.open("/rapportages/gemeente/", "gemeente")

    @task(2)
    def branch(self):
        self.open(f"/rapportages/gemeente/{self.account['location']}/", "gemeente (afdeling)")
