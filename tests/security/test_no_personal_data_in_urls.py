"""No name, V-number or birth date in a URL, a Referer or a log line, whatever form is used.

A team leader opens every logged-in route of the URL resolver (filled with the canary
world's records, as the audit and fuzz tests do) and submits every form on every page
the way a browser does: the form's own method and action, hidden fields as they are,
the first option of a select, and every field a user types in filled with a canary
client's full name, V-number or birth date (each in turn); and, where the form or one of
its fields carries htmx attributes, the request htmx sends (a field's own value for
``hx-get``, the whole form for ``hx-post``). Redirects are followed as a browser follows
them, each request carrying the Referer a browser would send (the address of the page
the user is on). Every address requested or shown (the URL of each request, each
``Location`` and ``HX-*-Url`` header, every link, form target and htmx source in the
pages received) and every Referer sent must be free of the canary's values; so must the
application log (at DEBUG, SQL included) and gunicorn's access-log line of each request.

``test_the_crawl_finds_a_name_in_a_get_form`` shows that the crawl catches the old
transport (a search form sent with GET).
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_plus, urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from koers.core.scoping import Role
from tests.security.canaries import MAIN
from tests.security.responses import response_text
from tests.security.routes import LOGGED_IN_ROUTES, paths_for
from tests.security.test_log_canaries import application_log_at_debug, gunicorn_access_line

ORIGIN = "http://testserver"
# Fields a user types in. A number field (a year, 2000-2100) takes no name, V-number or
# birth date: the browser refuses them, so it keeps its value like a hidden field.
TYPED = ("text", "search", "date", "tel", "email", "")
NOT_SUBMITTED = ("/account/uitloggen/", "/account/overal-uitloggen/")  # they end the session
TYPED_VALUES = {
    "name": f"{MAIN.given_name} {MAIN.family_name}",
    "v_number": MAIN.v_number,
    "birth_date": f"{MAIN.birth_date:%d-%m-%Y}",
}
ADDRESS = re.compile(r'(?:href|src|action|hx-get|hx-post|hx-push-url|hx-replace-url)="([^"]*)"')
REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Form:
    method: str
    action: str
    fields: list[dict] = field(default_factory=list)
    htmx: list[dict] = field(default_factory=list)  # elements with hx-get / hx-post

    def signature(self) -> tuple:
        return (self.method, self.action, tuple(sorted(f["name"] for f in self.fields)))


class Forms(HTMLParser):
    """Every form of a page: its method, action, fields, and htmx triggers inside it."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
            self._htmx(a, whole_form=True)
            return
        if self._form is None:
            return
        if tag in {"input", "textarea", "select"} and a.get("name"):
            kind = a.get("type", "").lower() if tag == "input" else tag
            entry = {"name": a["name"], "type": kind, "value": a.get("value", ""), "options": []}
            if kind in {"checkbox", "radio"} and "checked" not in a:
                entry["unchecked"] = True
            self._form.fields.append(entry)
            self._select = entry if tag == "select" else None
            self._htmx(a, whole_form=False)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
        elif tag == "button":
            self._htmx(a, whole_form=True)

    def _htmx(self, a: dict, *, whole_form: bool) -> None:
        for verb in ("get", "post"):
            if a.get(f"hx-{verb}"):
                self._form.htmx.append(
                    {
                        "method": verb,
                        "url": a[f"hx-{verb}"],
                        "name": a.get("name", ""),
                        "whole_form": whole_form or verb == "post",
                    }
                )

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(page: str) -> list[Form]:
    parser = Forms()
    parser.feed(page)
    return parser.forms


def typed_fields(form: Form) -> list[dict]:
    return [f for f in form.fields if f["type"] in (*TYPED, "textarea")]


def submission(form: Form, typed: str) -> dict[str, str]:
    """What a browser sends for the form with ``typed`` in every field a user types in."""
    data: dict[str, str] = {}
    for entry in form.fields:
        if entry.get("unchecked") or entry["type"] in {"submit", "button", "file"}:
            continue
        if entry["type"] == "select":
            data.setdefault(entry["name"], entry["options"][0] if entry["options"] else "")
        elif entry["type"] in (*TYPED, "textarea"):
            data[entry["name"]] = MAIN.birth_date.isoformat() if entry["type"] == "date" else typed
        else:
            data.setdefault(entry["name"], entry["value"])
    return data


class Browser:
    """A test client that behaves as a browser does with addresses: it follows redirects,
    sends the Referer of the page it is on, and keeps every address it meets."""

    def __init__(self, user):
        self.client = Client(raise_request_exception=False)
        self.user = user
        self.client.force_login(user)
        self.addresses: list[tuple[str, str]] = []  # (where, address)
        self.referers: list[str] = []
        self.requests: list[tuple[str, str, str]] = []  # (method, path, query)

    def send(self, method: str, url: str, data: dict, *, referer: str, htmx: bool = False):
        """The final response, and the address the browser shows afterwards."""
        self.client.force_login(self.user)  # a form may have ended the session
        headers = {"Referer": referer} | ({"HX-Request": "true"} if htmx else {})
        if method == "get" and data:
            url = f"{url.split('?')[0]}?{urlencode(data)}"
            data = {}
        for _hop in range(5):
            parts = urlsplit(url)
            self.addresses.append(("request", url))
            self.referers.append(referer)
            self.requests.append((method.upper(), parts.path, parts.query))
            response = getattr(self.client, method)(url, data, headers=headers)
            for header in (
                "Location",
                "HX-Redirect",
                "HX-Location",
                "HX-Push-Url",
                "HX-Replace-Url",
            ):
                if response.has_header(header):
                    self.addresses.append((header, response[header]))
            if response.status_code not in REDIRECTS:
                break
            url, method, data = urljoin(url, response["Location"]), "get", {}
        text = response_text(response) if response.status_code < 500 else ""
        for link in ADDRESS.findall(text):
            self.addresses.append((f"link in {url}", html.unescape(link)))
        return response, url


def shown(text: str) -> list[str]:
    """The canary's values in ``text``, also URL-encoded (as a query string carries them)."""
    forms = MAIN.shown_forms() | set(TYPED_VALUES.values())
    encoded = {quote_plus(value) for value in forms} | {
        quote_plus(value, safe="") for value in forms
    }
    return sorted(value for value in forms | encoded if value and value in text)


def submit_everything(browser: Browser, pages: list[str]) -> int:
    """Submit every form of the pages, once per typed value; the number of submissions."""
    seen, submitted = set(), 0
    for page_path in pages:
        page = browser.client.get(page_path)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        here = ORIGIN + page_path
        for form in forms_of(page.content.decode(errors="replace")):
            action = urljoin(here, html.unescape(form.action) or page_path)
            # the same form on another page posts elsewhere (a search with action=""): by
            # where it is sent, not by how it is written
            signature = (form.signature(), action)
            if signature in seen or urlsplit(action).path in NOT_SUBMITTED:
                continue
            if not typed_fields(form):
                continue
            seen.add(signature)
            for typed in TYPED_VALUES.values():
                data = submission(form, typed)
                browser.send(form.method, action, data, referer=here)
                for trigger in form.htmx:
                    sent = (
                        data
                        if trigger["whole_form"]
                        else {trigger["name"]: data.get(trigger["name"], "")}
                    )
                    target = urljoin(here, html.unescape(trigger["url"]))
                    browser.send(trigger["method"], target, sent, referer=here, htmx=True)
                submitted += 1
    return submitted


def leaks_of(browser: Browser, log_text: str) -> list[str]:
    leaks = [
        f"{where}: {address} {shown(address)}"
        for where, address in browser.addresses
        if shown(address)
    ]
    leaks += [f"Referer {referer}" for referer in browser.referers if shown(referer)]
    for method, path, query in browser.requests:
        line = gunicorn_access_line(path, query).replace("GET", method, 1)
        if shown(line):
            leaks.append(f"gunicorn access log: {line}")
    if shown(log_text):
        leaks.append(f"application log: {shown(log_text)}")
    return leaks


def test_no_form_puts_personal_data_in_a_url_a_referer_or_a_log(
    users, canary_world, record_property
):
    browser = Browser(users[Role.TEAM_LEADER])
    pages = [paths_for(route, canary_world)[0] for route, *_ in LOGGED_IN_ROUTES]
    with application_log_at_debug() as log:
        submitted = submit_everything(browser, pages)
    leaks = leaks_of(browser, log.getvalue())
    searched = {path for method, path, _query in browser.requests if method == "POST"}
    record_property(
        "url_crawl", {"forms": submitted, "requests": len(browser.requests), "leaks": len(leaks)}
    )
    assert not leaks, "\n".join(leaks[:40])
    for searched_at in (
        "/clienten/zoeken/",
        "/contacten/nieuw/",
        "/begeleiding/",
        "/account/tweestaps/",
    ):
        assert searched_at in searched, f"the crawl did not submit the search at {searched_at}"
    assert submitted >= 20, submitted


def test_the_crawl_finds_a_name_in_a_get_form(users, canary_world):
    """The detector works: a search form sent with GET (the old transport) is caught in the
    URL, the Referer of the next page and gunicorn's request line."""
    browser = Browser(users[Role.TEAM_LEADER])
    old_search = (
        '<form method="get" action="/clienten/zoeken/"><input type="search" name="q"></form>'
    )
    [form] = forms_of(old_search)
    _response, now_at = browser.send(
        form.method,
        ORIGIN + form.action,
        submission(form, TYPED_VALUES["name"]),
        referer=ORIGIN + "/",
    )
    browser.send("get", ORIGIN + "/", {}, referer=now_at)
    leaks = leaks_of(browser, "")
    assert any(leak.startswith("request:") for leak in leaks)
    assert any(leak.startswith("Referer") for leak in leaks)
    assert not any(leak.startswith("gunicorn") for leak in leaks)  # it drops the query string
    assert shown(f"{MAIN.birth_date:%d-%m-%Y}") and not shown("/clienten/zoeken/?s=Ab3_x")


@pytest.mark.parametrize("typed", TYPED_VALUES.values(), ids=TYPED_VALUES.keys())
def test_a_search_reaches_its_results_with_only_an_id_in_the_address(users, canary_world, typed):
    """Each kind of typed value finds the client, the address holds only the search's id,
    and the address (reload, back button) shows the same results again."""
    browser = Browser(users[Role.TEAM_LEADER])
    response, now_at = browser.send(
        "post", ORIGIN + "/clienten/zoeken/", {"_search": "1", "q": typed}, referer=ORIGIN + "/"
    )
    assert canary_world.people[MAIN].pk in canary_world.exposed_in(response_text(response))
    assert re.fullmatch(r"/clienten/zoeken/\?s=[\w-]{12}", now_at.removeprefix(ORIGIN))
    again = browser.client.get(now_at)
    assert canary_world.people[MAIN].pk in canary_world.exposed_in(response_text(again))
    assert dict(parse_qsl(urlsplit(now_at).query)).keys() == {"s"}
