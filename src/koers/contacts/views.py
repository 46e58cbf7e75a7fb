"""Logging a contact in a few taps, from the menu or from a client's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.coaching.models import Trajectory
from koers.contacts.forms import ContactForm
from koers.contacts.selectors import kinds_for_user, locations_to_log, staff_record_of
from koers.contacts.services import contact_log
from koers.core.access import ANY, log_access, view_scope
from koers.core.scoping import get_for_user
from koers.core.searches import search_value
from koers.people.models import Person
from koers.people.search import find_people
from koers.people.selectors import clients_of_volunteer, people_for_user

PICKER_SIZE = 8


def person_picker(request) -> dict:
    """Clients to choose from: search results, else the volunteer's own clients."""
    text = search_value(request, "zoek")
    if text:
        found = find_people(people_for_user(request.user, write=True), text, limit=PICKER_SIZE)
        if found:
            log_access(request, found, action="search", what=_("cliënt kiezen voor contact"))
        return {"zoek": text, "choices": found}
    return {"zoek": "", "choices": list(clients_of_volunteer(request.user)[:PICKER_SIZE])}


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
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation:
        data = form.cleaned_data
        location = person.location if person else data["location"]
        try:
            contact_log(
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
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het contact is opgeslagen."))
            if person:
                return redirect("people:file", person_uid=person.uid)
            return redirect("contacts:create")
    context = {"form": form, "person": person}
    if person is None:
        context |= person_picker(request)
        if request.headers.get("HX-Request") == "true":
            return render(request, "contacts/_person_picker.html", context)
    return render(request, "contacts/contact_form.html", context)
