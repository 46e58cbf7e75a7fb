"""Sections that apps contribute to pages they do not own, and the logging of what they show.

A domain app registers section functions in the registry (``core.registry``) from
its ``AppConfig.ready()``: ``(request) -> Section`` for the start page,
``(request, person) -> Section`` for the client file, ``(request, managed_user)``
for a user's page in user management, ``(request)`` for the user's own account page.
Each returns ``None`` when the user may not see
it. A :class:`Section` must say which clients it shows (``clients``, no default):
the page that renders the sections writes one access-log row per client shown, for
all its sections in one insert (:func:`log_sections`), so a new section cannot show
a name without it being logged. Menu links (``(request) -> {"label", "url",
"order"}``) come from the registry the same way.
"""

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.access import log_access_each, user_reaches
from koers.core.models import AccessLogEntry
from koers.core.registry import registry
from koers.core.scoping import Category

logger = logging.getLogger(__name__)


@dataclass(kw_only=True)
class Section:
    """One block of a page: its heading, template and context, and the clients it shows.

    ``clients``: every client (a person or a person's id) whose data the block shows,
    also when only their name appears; ``()`` for a block about no client. ``what``
    names the block in the access log (default: the title). A block without a
    ``title`` is rendered as it is, without a panel around it.
    """

    title: str
    template: str
    context: dict = field(default_factory=dict)
    clients: Collection
    order: int = 100
    what: str = ""


def unavailable_panel() -> Section:
    return Section(
        title=_("Dit onderdeel is nu niet beschikbaar"),
        template="core/_panel_unavailable.html",
        clients=(),
        order=1000,
    )


def _call_each(functions: list[Callable], *args, on_failure=None) -> list:
    """Every registered contribution; a failing one is logged and replaced, not a broken page."""
    results = []
    for function in functions:
        try:
            result = function(*args)
        except Exception:
            logger.exception("%s.%s failed", function.__module__, function.__qualname__)
            result = on_failure() if on_failure else None
        if result:
            results.append(result)
    return results


def _sections(store: str, *args) -> list[Section]:
    sections = _call_each(registry[store], *args, on_failure=unavailable_panel)
    return sorted(sections, key=lambda section: (section.order, str(section.title)))


def person_sections(request, person) -> list[Section]:
    """The sections of a client's file the user may see, in their order (not yet logged)."""
    return _sections("person_sections", request, person)


def start_sections(request) -> list[Section]:
    """The blocks of the start page the user may see, in their order (not yet logged)."""
    return _sections("start_sections", request)


def account_sections(request) -> list[Section]:
    """The sections other apps add to the user's own account page (the API's tokens)."""
    return _sections("account_sections", request)


def user_sections(request, managed_user) -> list[Section]:
    """The sections other apps add to a user's page in user management."""
    return _sections("user_sections", request, managed_user)


def log_sections(
    request, sections: list[Section], *, action: str = AccessLogEntry.Action.VIEW, first=None
) -> None:
    """One access-log row per client the page and its sections show, in one insert.

    ``first`` maps the clients the page itself shows (the file's client and household)
    to what it calls them; any other client gets one row naming each section that
    shows them.
    """
    whats = {_pk(person): [str(what)] for person, what in (first or {}).items()}
    own = set(whats)
    for section in sections:
        what = str(section.what or section.title)
        for person in section.clients:
            pk = _pk(person)
            if pk in own:
                continue
            seen = whats.setdefault(pk, [])
            if what not in seen:
                seen.append(what)
    log_access_each(request, {pk: ", ".join(names) for pk, names in whats.items()}, action=action)


def _pk(person) -> int:
    return getattr(person, "pk", person)


def menu_links(request) -> list[dict]:
    """The links apps register for the main menu: ``{label, url, order}``."""
    return _call_each(registry["menu_links"], request)


def nav_link_if(user, category: Category, label: str, url_name: str, order: int) -> dict | None:
    """A main-menu link, for the users whose roles reach that category of data."""
    if not user_reaches(user, category):
        return None
    return {"label": label, "url": reverse(url_name), "order": order}
