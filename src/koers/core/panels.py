"""Collect the sections other apps contribute to pages they do not own.

An app contributes through ``koers/<app>/panels.py``: ``person_panel(request, person)``
for the client file, ``home_panel(request)`` for the start page, ``account_panel(request)``
for the user's own account page. Each returns ``None``
when the user may not see it, else ``{"title", "template", "context", "order"}``.
``nav_link(request)`` likewise adds ``{"label", "url", "order"}`` to the main menu.
"""

import logging
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.scoping import Category

logger = logging.getLogger(__name__)


def _panel_functions(name: str) -> list:
    functions = []
    for config in apps.get_app_configs():
        if not config.name.startswith("koers."):
            continue
        try:
            module = import_module(f"{config.name}.panels")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.panels":
                raise
            continue
        function = getattr(module, name, None)
        if function is not None:
            functions.append(function)
    return functions


def unavailable_panel() -> dict:
    return {
        "title": _("Dit onderdeel is nu niet beschikbaar"),
        "template": "core/_panel_unavailable.html",
        "context": {},
        "order": 1000,
    }


def _collect_unsorted(name: str, *args, on_failure=None) -> list[dict]:
    """Every app's contribution; a failing one is logged and replaced, not a broken page."""
    results = []
    for function in _panel_functions(name):
        try:
            result = function(*args)
        except Exception:
            logger.exception("%s.%s failed", function.__module__, name)
            result = on_failure() if on_failure else None
        if result:
            results.append(result)
    return results


def _collect(name: str, *args) -> list[dict]:
    panels = _collect_unsorted(name, *args, on_failure=unavailable_panel)
    return sorted(panels, key=lambda panel: (panel.get("order", 100), str(panel["title"])))


def person_panels(request, person) -> list[dict]:
    """The sections of a client's file the user may see, in their order."""
    return _collect("person_panel", request, person)


def home_panels(request) -> list[dict]:
    """The blocks of the start page the user may see, in their order."""
    return _collect("home_panel", request)


def account_panels(request) -> list[dict]:
    """The sections other apps add to the user's own account page, in their order."""
    return _collect("account_panel", request)


def nav_links(request) -> list[dict]:
    """Links other apps add to the main menu: ``nav_link(request) -> {label, url, order}``."""
    return _collect_unsorted("nav_link", request)


def nav_link_if(user, category: Category, label: str, url_name: str, order: int) -> dict | None:
    """A main-menu link, for the users whose roles reach that category of data."""
    if not user_reaches(user, category):
        return None
    return {"label": label, "url": reverse(url_name), "order": order}
