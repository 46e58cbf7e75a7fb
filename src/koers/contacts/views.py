"""Logging a contact in a few taps, from the menu or from a client's file."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.coaching.models import Trajectory
from koers.contacts.forms import ContactForm
from koers.contacts.selectors import (
    clients_of_volunteer,
    kinds_for_user,
    locations_to_log,
    staff_record_of,
)
from koers.contacts.services import contact_log
from koers.core.access import ANY, log_access, view_scope
from koers.core.editing import form_status, saved_redirect
from koers.core.scoping import get_for_user
from koers.core.searches import search_value
from koers.people.models import Person
from koers.people.search import find_people
from koers.people.selectors import people_for_user

PICKER_SIZE = 8


def person_picker(request) -> dict:
    """Clients to choose from: search results, else the volunteer's own clients."""
    text = search_value(request, "zoek")
    if text:
        found = find_people(people_for_user(request.user, write=True), text, limit=PICKER_SIZE)
        if found:
            log_access(request, found, action="search", what=_("cliënt kiezen voor contact"))
        return {"zoek": text, "choices": found}
    own = list(clients_of_volunteer(request.user)[:PICKER_SIZE])
    log_access(request, own, action="view", what=_("eigen cliënten om uit te kiezen"))
    return {"zoek": "", "choices": own}


@view_scope(ANY)
def contact_create(request):
    """The quick contact form; ``?persoon=<uid>`` fixes the client (as from the client file)."""
    kinds = kinds_for_user(request.user)
    locations = locations_to_log(request.user)
    if not kinds or not locations.exists():
        raise Http404
    person_uid = request.POST.get("persoon") or request.GET.get("persoon")
    person = None
    if person_uid:
        person = get_for_user(
            Person.objects.select_related("location"), request.user, write=True, uid=person_uid
        )
        action = "edit" if request.method == "POST" else "view"
        log_access(request, [person], action=action, what=_("contact loggen"))
    trajectories = (
        Trajectory.objects.for_user(request.user, write=True).filter(person=person)
        if person
        else Trajectory.objects.none()
    )
    form = ContactForm(
        request.POST or None,
        kinds=kinds,
        trajectories=trajectories,
        locations=locations,
        person=person,
    )
    done = (
        reverse("people:file", kwargs={"person_uid": person.uid})
        if person
        else reverse("contacts:create")
    )
    response = saved_redirect(
        request,
        form,
        lambda data: _log(request, data, person),
        done=lambda contact: done,
        saved=_("Het contact is opgeslagen."),
    )
    if response is not None:
        return response
    context = {"form": form, "person": person}
    if person is None:
        context |= person_picker(request)
        if request.method == "GET" and request.headers.get("HX-Request") == "true":
            return render(request, "contacts/_person_picker.html", context)
    return render(request, "contacts/contact_form.html", context, status=form_status(request))


def _log(request, data: dict, person):
    location = person.location if person else data["location"]
    return contact_log(
        location=location,
        kind=data["kind"],
        date=data["date"],
        person=person,
        visitor_ref=data.get("visitor_ref", ""),
        trajectory=data.get("trajectory"),
        staff=staff_record_of(request.user, location),
        topics=data["topics"],
        note=data["note"],
        by=request.user,
    )
