"""Logging a contact in a few taps, from the menu or from a client's file."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.coaching.models import Trajectory
from koers.contacts.forms import ContactFilter, ContactForm
from koers.contacts.models import Contact
from koers.contacts.selectors import (
    clients_of_volunteer,
    contact_list,
    contact_list_choices,
    default_trajectory,
    kinds_for_user,
    locations_to_log,
    may_log_contacts,
    staff_record_of,
)
from koers.contacts.services import contact_delete, contact_log, contact_update
from koers.core.access import ANY, log_access, view_scope
from koers.core.editing import DeleteForm, delete_page, form_page, form_status, saved_redirect
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing
from koers.core.models import Location
from koers.core.scoping import Capability, Category, get_for_user, may
from koers.core.searches import search_value
from koers.core.services import may_correct
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
    if not may_log_contacts(request.user):
        raise Http404
    kinds = kinds_for_user(request.user)
    locations = locations_to_log(request.user)
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
        default_trajectory=default_trajectory(trajectories, request.user) if person else None,
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


def _contact_to_correct(request, contact_uid, *, what: str) -> Contact:
    """A contact the user may correct (its author, the team leader), else 404."""
    contact = get_for_user(
        Contact.objects.select_related("person", "location", "staff", "trajectory"),
        request.user,
        write=True,
        uid=contact_uid,
    )
    if not may_correct(
        request.user,
        contact,
        location=contact.location,
        authors=[contact.staff.user_id] if contact.staff and contact.staff.user_id else [],
    ):
        raise Http404
    if contact.person is not None:
        action = "edit" if request.method == "POST" else "view"
        log_access(request, [contact.person], action=action, what=what)
    return contact


def _back(contact: Contact) -> str:
    if contact.person is not None:
        return reverse("people:file", kwargs={"person_uid": contact.person.uid})
    return reverse("contacts:create")


@view_scope(ANY)
def contact_edit(request, contact_uid):
    """Correct a contact: its author or the team leader (the client stays: a contact with the
    wrong client is deleted and logged again)."""
    contact = _contact_to_correct(request, contact_uid, what=_("contact wijzigen"))
    kinds = kinds_for_user(request.user)
    if contact.kind not in dict(kinds):
        raise Http404
    trajectories = (
        Trajectory.objects.for_user(request.user, write=True).filter(person=contact.person)
        if contact.person
        else Trajectory.objects.none()
    )
    form = ContactForm(
        request.POST or None,
        kinds=kinds,
        trajectories=trajectories,
        locations=Location.objects.filter(pk=contact.location_id),
        person=contact.person,
        editing=True,
        initial={
            "kind": contact.kind,
            "date": contact.date,
            "topics": list(contact.topics.values_list("topic", flat=True)),
            "trajectory": contact.trajectory,
            "visitor_ref": contact.visitor_ref,
            "note": contact.note,
            "version": contact.version,
        },
    )
    form.fields["version"].required = True
    return form_page(
        request,
        form,
        lambda data: contact_update(
            contact=contact,
            kind=data["kind"],
            date=data["date"],
            trajectory=data.get("trajectory"),
            topics=data["topics"],
            note=data["note"],
            visitor_ref=data.get("visitor_ref"),
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Contact wijzigen"),
        intro=_("Verkeerde cliënt? Verwijder dit contact en log het opnieuw bij de juiste cliënt.")
        if contact.person
        else "",
        done=lambda saved: _back(contact),
        saved=_("Het contact is gewijzigd."),
        back=_back(contact),
    )


@view_scope(ANY)
def contact_delete_view(request, contact_uid):
    """Delete a contact logged by mistake, after a confirmation: its author or team leader."""
    contact = _contact_to_correct(request, contact_uid, what=_("contact verwijderen"))
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    what = [
        (_("Cliënt"), str(contact.person or contact.visitor_ref or _("bezoeker zonder dossier"))),
        (_("Datum"), date_text(contact.date)),
        (_("Soort"), contact.get_kind_display()),
        (_("Notitie"), contact.note),
    ]
    return delete_page(
        request,
        form,
        lambda data: contact_delete(
            contact=contact, expected_version=data["version"], by=request.user
        ),
        title=_("Contact verwijderen"),
        intro=_(
            "Het contact telt daarna niet meer mee in de cijfers. Gepubliceerde jaarverslagen "
            "blijven zoals ze zijn; het verslag toont het verschil sinds publicatie."
        ),
        what=what,
        done=_back(contact),
        saved=_("Het contact is verwijderd."),
        back=_back(contact),
    )


def who_text(contact: Contact) -> str:
    """Who the contact was with: the client, or a visitor without a file."""
    if contact.person is not None:
        return str(contact.person)
    return _("bezoeker zonder dossier")


def topics_text(contact: Contact) -> str:
    return ", ".join(str(topic.get_topic_display()) for topic in contact.topics.all())


CONTACTS = Listing(
    name="contacten",
    columns=(
        Column("datum", _l("datum"), ("date",), lambda c: c.date),
        Column("client", _l("cliënt"), ("person__family_name", "person__given_name"), who_text),
        Column("soort", _l("soort"), ("kind",), lambda c: c.get_kind_display()),
        Column("onderwerpen", _l("onderwerpen"), (), topics_text),
        Column(
            "medewerker",
            _l("medewerker"),
            ("staff__family_name", "staff__given_name"),
            lambda c: str(c.staff) if c.staff else "",
        ),
        Column("vestiging", _l("vestiging"), ("location__name",), lambda c: c.location.name),
    ),
    default_sort="datum",
    default_descending=True,
    filters=ContactFilter,
    period=("date", _l("datum")),
    export_route="contacts:contact_list_export",
)


@view_scope(Category.COACHING)
@require_GET
def contact_list_page(request, fmt=None):
    """The contacts of the team leader's branches: who had which contact with whom, when."""
    if not may(request.user, Capability.TEAM_LIST):
        raise Http404
    return CONTACTS.respond(
        request,
        lambda **values: contact_list(request.user, **values),
        fmt=fmt,
        form_kwargs=contact_list_choices(request.user),
        template="contacts/contact_list.html",
        what=_("contactenlijst"),
        people_of=lambda contact: [contact.person] if contact.person_id else [],
    )
