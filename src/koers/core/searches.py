"""Searches without personal data in URLs: the typed text is posted, the address gets an id.

Where a user types a name, a V-number or a birth date (the client search, the contact
form's client picker, the filters of lists), the form is sent with POST and marked with
:data:`MARKER`. :func:`posted_search` (run by ``view_scope`` for every Koers view) keeps
the typed fields in the session under a random id and answers ``303 See Other`` to the
same page with ``?s=<id>`` and the form's other, non-personal fields (status, kind) in
the query string. The page then reads the typed text back with :func:`search_value` or
:func:`search_query`. So the address bar, the browser history, a bookmark, the
``Referer`` of the next page and every access log hold only the id, which means
nothing outside this session; the back button, reloading and pagination work because
the address still names the search. htmx follows the 303 (its ``HX-Request`` header
kept) and, with ``hx-replace-url``, puts the id in the address bar.

An id lives :data:`LIFETIME` after its last use, at most :data:`KEPT` per session, and
never longer than the session (30 minutes idle, 12 hours at most, logout). A personal
field in a query string is ignored: Koers reads typed names from the session only.
"""

import base64
import json
import secrets
import time

from django.http import HttpResponseRedirect, QueryDict
from django.utils.crypto import salted_hmac

# the fields where a name, V-number or birth date is typed; and the days of a list's period
# filter (koers.core.listing): a day typed there may well be someone's birth date
PERSONAL = ("q", "zoek", "van", "tot")
MARKER = "_search"  # the hidden field that marks a form as a search to keep out of the URL
PARAMETER = "s"  # the query parameter that names a kept search
SESSION_KEY = "koers_searches"
LIFETIME = 60 * 60  # seconds after its last use
KEPT = 20
NOT_CARRIED = {MARKER, PARAMETER, "csrfmiddlewaretoken", "page", *PERSONAL}


def _kept(request) -> dict:
    """The session's searches that have not expired (expired ones are dropped)."""
    now = time.time()
    return {
        key: entry
        for key, entry in request.session.get(SESSION_KEY, {}).items()
        if entry["at"] > now - LIFETIME
    }


def search_id(request, values: dict[str, str]) -> str:
    """The id of a search: the same typed text in the same session has the same id, so that
    a search sent twice at once (Enter: htmx and the browser's submit) is one search, kept by
    either request. A keyed hash of the session and the text: it means nothing outside the
    session, and says nothing of the text."""
    session_key = request.session.session_key
    if not session_key:
        return secrets.token_urlsafe(9)
    text = json.dumps(values, sort_keys=True)
    digest = salted_hmac("koers.core.searches", f"{session_key}\n{text}").digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def merged(*kept: dict) -> dict:
    """Searches kept by requests at the same moment, together: each id once, at its latest
    use; expired ones dropped, the newest :data:`KEPT` kept (koers.core.sessions)."""
    now = time.time()
    together: dict = {}
    for searches in kept:
        for key, entry in searches.items():
            if entry["at"] > now - LIFETIME and entry["at"] >= together.get(key, {}).get("at", 0):
                together[key] = entry
    return dict(sorted(together.items(), key=lambda item: item[1]["at"])[-KEPT:])


def remember(request, values: dict[str, str]) -> str:
    """Keep ``values`` in the session; the search's id."""
    key = search_id(request, values)
    request.session[SESSION_KEY] = merged(
        _kept(request), {key: {"values": values, "at": time.time()}}
    )
    return key


def recalled(request) -> dict[str, str]:
    """The typed fields of the search the address names ({} for none, or an expired one)."""
    if not hasattr(request, "_koers_search"):
        key = request.GET.get(PARAMETER, "")
        kept = _kept(request)
        entry = kept.get(key)
        request.koers_search_expired = bool(key) and entry is None
        if entry is not None:
            entry["at"] = time.time()
            request.session[SESSION_KEY] = kept
        request._koers_search = entry["values"] if entry else {}
    return request._koers_search


def search_value(request, name: str) -> str:
    """What was typed in the personal field ``name`` of the search the address names."""
    return recalled(request).get(name, "")


def search_query(request) -> QueryDict:
    """The query string with the kept search's typed fields put back (for a filter form)."""
    query = request.GET.copy()
    for name in (*PERSONAL, PARAMETER):
        query.pop(name, None)
    for name, value in recalled(request).items():
        query[name] = value
    return query


def posted_search(request) -> HttpResponseRedirect | None:
    """For a POST marked as a search: keep its typed fields, send to the page with the id."""
    if request.method != "POST" or request.POST.get(MARKER) != "1":
        return None
    typed = {
        name: request.POST.get(name, "").strip()[:200]
        for name in PERSONAL
        if request.POST.get(name, "").strip()
    }
    query = QueryDict(mutable=True)
    for name, values in request.POST.lists():
        if name not in NOT_CARRIED:
            query.setlist(name, [value[:200] for value in values if value][:5])
    if typed:
        query[PARAMETER] = remember(request, typed)
    address = request.path + (f"?{query.urlencode()}" if query else "")
    return HttpResponseRedirect(address, status=303)
