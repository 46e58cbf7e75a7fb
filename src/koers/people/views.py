"""The client file, its edit form, search, the client's access log and household registration."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.core.access import log_access, view_scope
from koers.core.editing import (
    REFUSED,
    form_page,
    form_status,
    saved_redirect,
    shown,
    submit,
)
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.panels import log_sections, person_sections
from koers.core.scoping import Capability, Category, get_for_user, may
from koers.core.searches import search_value
from koers.core.services import ConflictError
from koers.core.timeline import timeline_of
from koers.people.duplicates import Duplicates, possible_duplicates, shown_duplicates
from koers.people.forms import (
    MAX_MEMBERS,
    PERSON_FIELDS,
    AccessLogFilter,
    ClientFilter,
    ContactDetailsForm,
    HouseholdForm,
    MemberAddForm,
    MemberFormSet,
    MergeForm,
    PersonForm,
)
from koers.people.merge import may_merge, merge_plan, person_merge
from koers.people.models import Dwelling, Person
from koers.people.search import find_people
from koers.people.selectors import (
    access_log_of,
    client_locations,
    household_of,
    locations_to_register,
    people_for_user,
)
from koers.people.selectors import client_list as client_list_of
from koers.people.services import (
    NewDwelling,
    household_register,
    person_contact_update,
    person_create,
    person_update,
)

FILE_QUERYSET = Person.objects.select_related("location", "household").prefetch_related("languages")


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@view_scope(Category.PERSON)
@require_GET
def person_file(request, person_uid):
    """A client's file: who they are, their household, then every app's section."""
    return file_page(request, person_uid)


def file_page(request, person_uid, *, action: str = AccessLogEntry.Action.VIEW, what: str = ""):
    """The file's page; the access log's rows say ``action`` and, for the client, ``what``
    (the handover PDF, documents.handover, logs it as an export)."""
    person = get_for_user(FILE_QUERYSET, request.user, uid=person_uid)
    household = household_of(person, request.user)
    own = next(row for row in household if row["is_self"])
    placement = own["person"].visible_placements[0] if own["person"].visible_placements else None
    panels = person_sections(request, person)
    shown = {person: what or _("cliëntdossier")}
    for row in household:
        shown.setdefault(row["person"], _("huishouden in dossier van een gezinslid"))
    log_sections(request, panels, first=shown, action=action)
    return render(
        request,
        "people/person_file.html",
        {
            "person": person,
            "household": household,
            "address": placement.dwelling if placement else None,
            "panels": panels,
            "may_edit": people_for_user(request.user, write=True).filter(pk=person.pk).exists(),
            "may_read_access_log": may(
                request.user, Capability.READ_ACCESS_LOG, location=person.location
            ),
            "may_merge": may_merge(request.user, person),
        },
    )


@view_scope(Category.PERSON)
@require_GET
def person_timeline(request, person_uid):
    """Everything that happened in a client's file, newest first, grouped by month; the kinds
    the user chose (``?soort=...``, codes only) of those the user's roles reach."""
    person = get_for_user(FILE_QUERYSET, request.user, uid=person_uid)
    log_access(request, [person], action="view", what=_("tijdlijn"))
    timeline = timeline_of(request.user, person, kinds=request.GET.getlist("soort"))
    months: list[dict] = []
    for entry in timeline.entries:
        month = entry.on.replace(day=1)
        if not months or months[-1]["month"] != month:
            months.append({"month": month, "entries": []})
        months[-1]["entries"].append(entry)
    labels = {source.kind: source.label for source in timeline.kinds}
    return render(
        request,
        "people/person_timeline.html",
        {
            "person": person,
            "months": months,
            "count": len(timeline.entries),
            "kinds": timeline.kinds,
            "chosen": timeline.chosen,
            "chosen_labels": [labels[kind] for kind in timeline.chosen],
            "unavailable": timeline.unavailable,
        },
    )


@view_scope(Category.PERSON)
def person_edit(request, person_uid):
    """Edit a person's details; a concurrent save shows both versions and overwrites nothing."""
    person = get_for_user(FILE_QUERYSET, request.user, write=True, uid=person_uid)
    if hasattr(person, "anonymisation"):
        return _anonymised(request, person)
    log_access(request, [person], action="edit", what=_("persoonsgegevens"))
    household_births = (
        people_for_user(request.user)
        .filter(household_id=person.household_id)
        .exclude(pk=person.pk)
        .values_list("birth_date", flat=True)
    )
    # The form writes what was typed into its instance even when it refuses it; the
    # heading shows the stored name, never a refused one (a right-to-left override).
    form = PersonForm(
        request.POST or None, instance=copy.copy(person), household_birth_dates=household_births
    )
    response = saved_redirect(
        request,
        form,
        lambda data: person_update(
            person=person,
            expected_version=data["version"],
            by=request.user,
            **form.changed_values(),
        ),
        done=lambda saved: reverse("people:file", kwargs={"person_uid": person.uid}),
        saved=_("De gegevens zijn opgeslagen."),
    )
    return response or render(
        request,
        "people/person_edit.html",
        {"person": person, "form": form},
        status=form_status(request),
    )


@view_scope(Category.PERSON)
def person_contact_edit(request, person_uid):
    """Change how to reach the client (phone, e-mail, languages, interpreter)."""
    person = get_for_user(FILE_QUERYSET, request.user, write=True, uid=person_uid)
    if hasattr(person, "anonymisation"):
        return _anonymised(request, person)
    log_access(request, [person], action="edit", what=_("contactgegevens"))
    form = ContactDetailsForm(request.POST or None, person=person)
    back = reverse("people:file", kwargs={"person_uid": person.uid})
    return form_page(
        request,
        form,
        lambda data: person_contact_update(
            person=person,
            expected_version=data["version"],
            by=request.user,
            phone=data["phone"],
            email=data["email"],
            interpreter_language=data["interpreter_language"],
            languages=data["languages"],
        ),
        title=_("Contactgegevens van %(name)s") % {"name": person},
        done=lambda saved: back,
        saved=_("De contactgegevens zijn opgeslagen."),
        back=back,
    )


@view_scope(Category.PERSON)
@require_GET
def person_search(request):
    """Search as you type: a V-number, a birth date or a name in any common spelling."""
    text = search_value(request, "q")
    results = find_people(people_for_user(request.user), text) if text else []
    if results:
        log_access(request, results, action="search", what=_("zoekresultaat"))
    template = "people/_search_results.html" if is_htmx(request) else "people/search.html"
    return render(request, template, {"q": text, "results": results})


CLIENTS = Listing(
    name="clienten",
    columns=(
        Column("naam", _l("naam"), ("family_name", "given_name"), lambda p: str(p)),
        Column("geboren", _l("geboortedatum"), ("birth_date",), lambda p: p.birth_date),
        Column("vestiging", _l("vestiging"), ("location__name",), lambda p: p.location.name),
        Column(
            "komst", _l("komst via"), ("arrival_route",), lambda p: p.get_arrival_route_display()
        ),
        Column(
            "vergunning",
            _l("vergunning verleend op"),
            ("permit_granted_on",),
            lambda p: p.permit_granted_on,
        ),
        Column(
            "inburgering",
            _l("inburgeringsplichtig"),
            ("civic_integration_required",),
            lambda p: p.civic_integration_required,
        ),
    ),
    default_sort="naam",
    filters=ClientFilter,
    period=("permit_granted_on", _l("vergunning")),
    export_route="people:list_export",
)


@view_scope(Category.PERSON)
@require_GET
def client_list(request, fmt=None):
    """Every client the user may see: sorted, filtered, paged and exported as shown."""
    return CLIENTS.respond(
        request,
        lambda **values: client_list_of(request.user, **values),
        fmt=fmt,
        form_kwargs={"locations": client_locations(request.user)},
        template="people/client_list.html",
        what=_("cliëntenlijst"),
        person_of=lambda person: person,
    )


ACCESS_LOG = Listing(
    name="inzagelog",
    columns=(
        Column("tijdstip", _l("tijdstip"), ("at",), lambda e: e.at),
        Column("gebruiker", _l("gebruiker"), ("username",), lambda e: e.username),
        Column("actie", _l("actie"), ("action",), lambda e: e.get_action_display()),
        Column("wat", _l("wat"), ("what",), lambda e: e.what),
        Column("namens", _l("namens"), ("on_behalf_of",), lambda e: e.on_behalf_of),
    ),
    default_sort="tijdstip",
    default_descending=True,
    filters=AccessLogFilter,
    period=("at__date", _l("tijdstip")),
    export_route="people:access_log_export",
    tie_breaker="id",
)


@view_scope(Category.PERSON)
@require_GET
def person_access_log(request, person_uid, fmt=None):
    """Who looked at this client's data, newest first (for the branch's team leader)."""
    person = get_for_user(FILE_QUERYSET, request.user, uid=person_uid)
    if not may(request.user, Capability.READ_ACCESS_LOG, location=person.location):
        raise Http404

    def entries(action: str = ""):
        log = access_log_of(person)  # every row, a page at a time
        return log.filter(action=action) if action else log

    if fmt is None:  # the page names the client, however many rows it shows
        log_access(request, [person], action="view", what=_("inzagelog"))
    return ACCESS_LOG.respond(
        request,
        entries,
        fmt=fmt,
        url_kwargs={"person_uid": person.uid},
        template="people/access_log.html",
        what=_("inzagelog"),
        person_of=(lambda _entry: person) if fmt else None,  # an export: about this client
        context={"person": person},
    )


@view_scope(Category.PERSON)
def household_create(request):
    """Register a household, its members and where they are housed, in one form."""
    locations = locations_to_register(request.user)
    if not locations.exists():
        raise Http404
    dwellings = Dwelling.objects.for_user(request.user, write=True).filter(location__in=locations)
    data = request.POST.copy() if request.method == "POST" else None
    adding = data is not None and "add_member" in data
    if adding:
        rows = data.get("leden-TOTAL_FORMS", "")
        data["leden-TOTAL_FORMS"] = str(min(int(rows) + 1, MAX_MEMBERS) if rows.isdigit() else 1)
    formset = MemberFormSet(data, queryset=Person.objects.none(), prefix="leden")
    births = []
    duplicates = Duplicates()
    if data is not None and formset.is_valid():
        members = [f.cleaned_data for f in formset.forms if f.has_changed()]
        births = [member["birth_date"] for member in members]
        if not adding:
            duplicates = shown_duplicates(
                request, [(m["given_name"], m["family_name"], m["birth_date"]) for m in members]
            )
    form = HouseholdForm(
        None if adding else data,
        initial=data.dict() if adding else None,
        locations=locations,
        dwellings=dwellings,
        member_birth_dates=births,
        duplicates=duplicates,
    )
    context = {"form": form, "formset": formset}
    if data is None or adding:
        return render(request, "people/household_form.html", context)
    household = None
    if formset.is_valid():
        household = submit(form, lambda clean: _register(request, clean, formset))
    if household is not None:
        first = household.members.order_by("pk").first()
        messages.success(request, _("Het huishouden is geregistreerd."))
        return redirect("people:file", person_uid=first.uid)
    return render(request, "people/household_form.html", context, status=REFUSED)


@view_scope(Category.PERSON)
def member_add(request, person_uid):
    """Add a member to the household of ``person`` (a child born here, a family member who
    arrived later); warns when the new member may already be in Koers."""
    person = get_for_user(FILE_QUERYSET, request.user, write=True, uid=person_uid)
    log_access(request, [person], action="edit", what=_("gezinslid toevoegen"))
    births = (
        people_for_user(request.user)
        .filter(household_id=person.household_id)
        .values_list("birth_date", flat=True)
    )

    form = MemberAddForm(
        request.POST or None,
        find=lambda *member: shown_duplicates(request, [member]),
        household_birth_dates=births,
    )
    return form_page(
        request,
        form,
        lambda data: person_create(
            location=person.location,
            household=person.household,
            by=request.user,
            **{name: data[name] for name in PERSON_FIELDS},
        ),
        title=_("Gezinslid toevoegen aan het huishouden van %(name)s") % {"name": person},
        done=lambda added: reverse("people:file", kwargs={"person_uid": added.uid}),
        saved=_("Het gezinslid is toegevoegd."),
        back=reverse("people:file", kwargs={"person_uid": person.uid}),
    )


def _anonymised(request, person: Person):
    """An anonymised person's details are not edited: back to the file, with the reason."""
    messages.error(request, _("Deze persoon is geanonimiseerd: de gegevens zijn niet te wijzigen."))
    return redirect("people:file", person_uid=person.uid)


def _register(request, clean: dict, formset):
    """The household of a valid registration form and its member rows."""
    new_dwelling = None
    if not clean["dwelling"] and (clean["postcode"] or clean["house_number"]):
        new_dwelling = NewDwelling(
            postcode=clean["postcode"],
            house_number=clean["house_number"],
            landlord=clean["landlord"],
        )
    return household_register(
        location=clean["location"],
        members=[
            {name: f.cleaned_data[name] for name in PERSON_FIELDS}
            for f in formset.forms
            if f.has_changed()
        ],
        dwelling=clean["dwelling"],
        new_dwelling=new_dwelling,
        housed_on=clean["housed_on"],
        counts_for_quota=clean["counts_for_quota"],
        by=request.user,
    )


@view_scope(Category.PERSON)
@require_GET
def merge_choose(request, person_uid):
    """Merge, step 1: which other record is this person too? The possible duplicates
    (same birth date, name in another spelling) and a search in the user's own branches."""
    person = get_for_user(FILE_QUERYSET, request.user, write=True, uid=person_uid)
    if not may_merge(request.user, person):
        raise Http404
    text = search_value(request, "q")
    mergeable = people_for_user(request.user, write=True).exclude(pk=person.pk)
    suggested = possible_duplicates(
        user=request.user,
        given_name=person.given_name,
        family_name=person.family_name,
        birth_date=person.birth_date,
        exclude=[person.pk],
    ).visible
    suggested = [p for p in suggested if may_merge(request.user, p)]
    results = [
        p for p in (find_people(mergeable, text) if text else []) if may_merge(request.user, p)
    ]
    log_access(request, [person, *suggested, *results], action="search", what=_("samenvoegen"))
    return render(
        request,
        "people/merge_choose.html",
        {"person": person, "suggested": suggested, "results": results, "q": text},
    )


@view_scope(Category.PERSON)
def merge_preview(request, person_uid, duplicate_uid):
    """Merge, step 2: both records side by side and what moves; a POST merges."""
    kept = get_for_user(FILE_QUERYSET, request.user, write=True, uid=person_uid)
    duplicate = get_for_user(FILE_QUERYSET, request.user, write=True, uid=duplicate_uid)
    if not may_merge(request.user, kept, duplicate):
        raise Http404
    log_access(request, [kept, duplicate], action="view", what=_("samenvoegen: overzicht"))
    form = MergeForm(
        request.POST or None,
        initial={"kept_version": kept.version, "duplicate_version": duplicate.version},
    )

    def merge(data):
        try:
            return person_merge(
                kept=kept,
                duplicate=duplicate,
                by=request.user,
                kept_version=data["kept_version"],
                duplicate_version=data["duplicate_version"],
            )
        except ConflictError as error:
            raise ValidationError(
                _("Een van beide dossiers is intussen gewijzigd. Bekijk het overzicht opnieuw.")
            ) from error

    response = saved_redirect(
        request,
        form,
        merge,
        done=lambda merged: reverse("people:file", kwargs={"person_uid": merged.uid}),
        saved=_("De dossiers zijn samengevoegd; het dubbele dossier is verwijderd."),
    )
    if response is not None:
        return response
    if request.method == "POST":  # show the stored state, with the versions it has now
        kept.refresh_from_db()
        duplicate.refresh_from_db()
        form.data = form.data.copy()
        form.data.update({"kept_version": kept.version, "duplicate_version": duplicate.version})
    plan = merge_plan(kept=kept, duplicate=duplicate)
    return render(
        request,
        "people/merge_preview.html",
        {
            "kept": kept,
            "duplicate": duplicate,
            "plan": plan,
            "rows": _side_by_side(kept, duplicate, plan),
            "form": form,
        },
        status=form_status(request),
    )


def _side_by_side(kept: Person, duplicate: Person, plan) -> list[dict]:
    """Each field of both records as the user reads it, and the value kept afterwards."""
    rows = []
    for name in [*PERSON_FIELDS, "civic_integration_required", "participation_statement_signed_on"]:
        model_field = Person._meta.get_field(name)
        choices = dict(model_field.flatchoices) if model_field.choices else None
        values = [shown(getattr(p, name), choices) for p in (kept, duplicate)]
        after = shown(plan.filled.get(name, getattr(kept, name)), choices)
        rows.append(
            {
                "label": str(model_field.verbose_name).capitalize(),
                "kept": values[0],
                "duplicate": values[1],
                "after": after,
                "differs": values[0] != values[1],
            }
        )
    return rows
