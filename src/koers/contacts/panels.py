"""The contacts timeline in a client's file; on the start page a volunteer's own clients with
their last contact, and the contacts the user logged last."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.contacts.models import ContactKind, Topic
from koers.contacts.selectors import (
    clients_of_volunteer,
    contacts_logged_by,
    contacts_of,
    contacts_to_correct,
    kinds_for_user,
    may_log_contacts,
)
from koers.core.panels import Section, nav_link_if
from koers.core.scoping import Capability, Category, Role, has_role, may


def person_panel(request, person) -> Section | None:
    if not kinds_for_user(request.user):
        return None
    kind = request.GET.get("soort", "")
    topic = request.GET.get("onderwerp", "")
    kind = kind if kind in ContactKind.values else ""
    topic = topic if topic in Topic.values else ""
    contacts = list(contacts_of(person, request.user, kind=kind, topic=topic)[:200])
    return Section(
        title=_("Contacten"),
        template="contacts/_person_panel.html",
        order=20,
        context={
            "contacts": contacts,
            "correctable": contacts_to_correct(request.user, contacts),
            "kinds": kinds_for_user(request.user),
            "topics": Topic.choices,
            "kind": kind,
            "topic": topic,
            "person": person,
        },
        clients=[person],
    )


def my_clients(request) -> Section | None:
    """A volunteer's own clients, the longest without contact first, each one tap from a log."""
    if not has_role(request.user, Role.VOLUNTEER):
        return None
    today = timezone.localdate()
    clients = list(clients_of_volunteer(request.user))
    for client in clients:
        last = client.last_contact_on
        client.days_since_contact = (today - last).days if last else None
    return Section(
        title=_("Mijn cliënten"),
        template="contacts/_my_clients.html",
        context={"clients": clients},
        clients=clients,
        order=1,
    )


def recently_logged(request) -> Section | None:
    contacts = list(contacts_logged_by(request.user))
    if not contacts:
        return None
    return Section(
        title=_("Uw laatst gelogde contacten"),
        template="contacts/_home_panel.html",
        order=50,
        context={"contacts": contacts},
        clients=[contact.person for contact in contacts if contact.person is not None],
    )


def nav_link(request) -> dict | None:
    if not may_log_contacts(request.user):
        return None
    return {"label": _("Contact loggen"), "url": reverse("contacts:create"), "order": 20}


def list_link(request) -> dict | None:
    """The contacts list, for who oversees a team (``team_list``) and reads its contacts."""
    if not may(request.user, Capability.TEAM_LIST):
        return None
    return nav_link_if(request.user, Category.COACHING, _("Contacten"), "contacts:list", 21)
