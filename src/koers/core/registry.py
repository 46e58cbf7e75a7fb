"""The one registry: what the domain apps contribute to the base, filled in their ``ready()``.

The base (``core``, ``accounts``) knows no domain app. Where it must show or ask
something only a domain app knows, that app registers it here, once, in its
``AppConfig.ready()`` with :func:`register`; the base reads the stores and never
imports the apps. Like NetBox's ``netbox/registry.py``: a dict with a fixed set of
stores that can be filled but not replaced.

=====================  ==============================================================
store                  what an entry is
=====================  ==============================================================
``start_sections``     ``(request) -> Section | None``: a block of the start page
``person_sections``    ``(request, person) -> Section | None``: a section of the
                       client file
``user_sections``      ``(request, managed_user) -> Section | None``: a section of a
                       user's page in user management
``account_sections``   ``(request) -> Section | None``: a section of the user's own
                       account page
``menu_links``         ``(request) -> {"label", "url", "order"} | None``: the main menu
``assignment_sources`` :class:`AssignmentSource`: how a volunteer comes to work with a
                       client (``core.scoping`` reads them for the "assigned" reach)
``role_start_pages``   ``{role: url name}``: where a user whose only role is ``role``
                       starts instead of the start page
``timeline_sources``   :class:`~koers.core.timeline.TimelineSource`: a kind of event on
                       the client file's timeline and how to read it
=====================  ==============================================================

:class:`~koers.core.panels.Section` says which clients it shows; the page that
renders sections logs them in the access log (``core.panels``).
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from koers.core.actors import User


class Registry(dict):
    """A dict whose stores are fixed at start: apps add entries, never stores."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise KeyError(f"the registry has no store {key!r}") from None

    def __setitem__(self, key, value):
        raise TypeError("the registry's stores are fixed; add entries with register()")

    def __delitem__(self, key):
        raise TypeError("the registry's stores cannot be removed")


@dataclass(frozen=True)
class AssignmentSource:
    """One way a volunteer comes to work with clients.

    ``clients(user, today)`` returns the ids of the clients as a ``values("person")``
    queryset, so that the scope stays one SQL statement. ``one_to_one`` work (a coach's
    trajectory, a match) makes them "my clients" on the volunteer's start page; group
    work opens their files without listing them there.
    """

    name: str
    clients: Callable[[User, datetime.date], QuerySet]
    one_to_one: bool = True


registry = Registry(
    start_sections=[],
    person_sections=[],
    user_sections=[],
    account_sections=[],
    menu_links=[],
    assignment_sources=[],
    role_start_pages={},
    timeline_sources=[],
)


def register(
    *,
    start_sections: Iterable[Callable] = (),
    person_sections: Iterable[Callable] = (),
    user_sections: Iterable[Callable] = (),
    account_sections: Iterable[Callable] = (),
    menu_links: Iterable[Callable] = (),
    assignment_sources: Iterable[AssignmentSource] = (),
    role_start_pages: Mapping[str, str] | None = None,
    timeline_sources: Iterable = (),
) -> None:
    """Add an app's contributions (call it from the app's ``AppConfig.ready()``).

    Registering the same entry twice (``ready()`` run again by a test runner) adds it once.
    """
    for store, entries in (
        ("start_sections", start_sections),
        ("person_sections", person_sections),
        ("user_sections", user_sections),
        ("account_sections", account_sections),
        ("menu_links", menu_links),
        ("assignment_sources", assignment_sources),
        ("timeline_sources", timeline_sources),
    ):
        for entry in entries:
            if entry not in registry[store]:
                registry[store].append(entry)
    for role, url_name in (role_start_pages or {}).items():
        known = registry["role_start_pages"].setdefault(role, url_name)
        if known != url_name:
            raise ValueError(f"two start pages for role {role}: {known} and {url_name}")
