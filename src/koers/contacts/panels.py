"""The contacts timeline in a client's file, and the start page's "recently logged"."""

from django.utils.translation import gettext as _

from koers.contacts.models import ContactKind, Topic
from koers.contacts.selectors import contacts_logged_by, contacts_of, kinds_for_user


def person_panel(request, person) -> dict | None:
    if not kinds_for_user(request.user):
        return None
    kind = request.GET.get("soort", "")
    topic = request.GET.get("onderwerp", "")
    kind = kind if kind in ContactKind.values else ""
    topic = topic if topic in Topic.values else ""
    return {
        "title": _("Contacten"),
        "template": "contacts/_person_panel.html",
        "order": 20,
        "context": {
            "contacts": contacts_of(person, request.user, kind=kind, topic=topic)[:200],
            "kinds": kinds_for_user(request.user),
            "topics": Topic.choices,
            "kind": kind,
            "topic": topic,
            "person": person,
        },
    }


def home_panel(request) -> dict | None:
    contacts = list(contacts_logged_by(request.user))
    if not contacts:
        return None
    return {
        "title": _("Uw laatst gelogde contacten"),
        "template": "contacts/_home_panel.html",
        "order": 50,
        "context": {"contacts": contacts},
    }
