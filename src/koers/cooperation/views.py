"""The branch's social map (partners) and its activities: record in a minute, list, export.

Everything here is branch data (``Category.BRANCH``): no page shows a client, so none
writes the access log. Whoever reaches the branch's records reads them; changing them is
the role table's ``write_branch`` (the branch's team leader, an administrator): anyone
else gets 404 on the pages that change them.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.cooperation import selectors, services
from koers.cooperation.forms import ActivityFilter, ActivityForm, PartnerFilter, PartnerForm
from koers.cooperation.models import Activity
from koers.core.access import view_scope
from koers.core.editing import form_status, page_of, saved_redirect
from koers.core.models import Location
from koers.core.scoping import Category, get_for_user
from koers.core.searches import search_query
from koers.core.spreadsheet import CSV_CONTENT_TYPE, csv_bytes

SORT_COLUMNS = (
    ("date", _("datum")),
    ("kind", _("soort")),
    ("title", _("titel")),
    ("people_reached", _("bereikt")),
)


# The same orders as a list for the filter bar (a phone has no column heads to click).
SORT_CHOICES = (
    ("-date", _("datum, nieuwste eerst")),
    ("date", _("datum, oudste eerst")),
    ("kind", _("soort")),
    ("title", _("titel")),
    ("-people_reached", _("bereikt, meeste eerst")),
)


def sort_choices(current: str) -> list[tuple[str, str]]:
    """The filter bar's orders, with the current one (a column head's) when it is another."""
    choices = list(SORT_CHOICES)
    if current not in dict(choices):
        label = dict(SORT_COLUMNS)[current.lstrip("-")]
        direction = _("aflopend") if current.startswith("-") else _("oplopend")
        choices.append((current, f"{label}, {direction}"))
    return choices


def activity_list_url(location: Location | None = None) -> str:
    url = reverse("cooperation:activity_list")
    return f"{url}?{urlencode({'afdeling': location.external_id})}" if location else url


def chosen_location(request, locations) -> Location:
    """The branch named by ``?afdeling=`` among ``locations``, else the first (404 if none)."""
    wanted = request.GET.get("afdeling", "")
    found = locations.filter(external_id=wanted).first() if wanted else None
    found = found or locations.order_by("name").first()
    if found is None:
        raise Http404
    return found


# Activities -------------------------------------------------------------------------------


def _list_state(request) -> tuple[ActivityFilter, dict, str]:
    user = request.user
    locations = selectors.visible_locations(user)
    partners = selectors.partner_list(user)
    wanted = request.GET.get("afdeling", "")
    if wanted:
        partners = partners.filter(location__external_id=wanted)
    filters = ActivityFilter(request.GET or None, locations=locations, partners=partners)
    return filters, filters.selection(), selectors.sort_key(request.GET.get("sort", ""))


def sort_links(request, current: str) -> list[dict]:
    """A header link per sortable column: the same filters, this column, other direction."""
    kept = {key: value for key, value in request.GET.items() if key not in {"sort", "page"}}
    links = []
    for column, label in SORT_COLUMNS:
        active = current.lstrip("-") == column
        descending = current.startswith("-")
        next_sort = (column if descending else f"-{column}") if active else column
        links.append(
            {
                "column": column,
                "label": label,
                "url": "?" + urlencode({**kept, "sort": next_sort}),
                "aria_sort": ("descending" if descending else "ascending") if active else "none",
            }
        )
    return links


@view_scope(Category.BRANCH)
@require_GET
def activity_list(request):
    filters, selection, sort = _list_state(request)
    page = page_of(request, selectors.activity_list(request.user, **selection, sort=sort))
    writable = set(selectors.recording_locations(request.user).values_list("pk", flat=True))
    for activity in page:
        activity.editable = activity.location_id in writable
    query = {key: value for key, value in request.GET.items() if key != "page"}
    return render(
        request,
        "cooperation/activity_list.html",
        {
            "filters": filters,
            "page": page,
            "sorts": sort_links(request, sort),
            "many_locations": "afdeling" in filters.fields,
            "can_record": bool(writable),
            "export_url": reverse("cooperation:activity_export") + "?" + urlencode(query),
            "sort": sort,
            "sort_choices": sort_choices(sort),
            "record_url": reverse("cooperation:activity_create")
            + (
                f"?{urlencode({'afdeling': request.GET['afdeling']})}"
                if request.GET.get("afdeling")
                else ""
            ),
        },
    )


@view_scope(Category.BRANCH)
@require_GET
def activity_export(request):
    """The filtered, sorted list as a spreadsheet (CSV, ``;``-separated, for Excel in Dutch,
    every text through ``core.spreadsheet``: a title is never read as a formula)."""
    _filters, selection, sort = _list_state(request)
    activities = selectors.activity_list(request.user, **selection, sort=sort)
    header = [
        _("afdeling"),
        _("datum"),
        _("soort"),
        _("titel"),
        _("partners"),
        _("van ons team"),
        _("bereikt"),
    ]
    rows = (
        [
            activity.location.name,
            activity.date,
            activity.get_kind_display(),
            activity.title,
            ", ".join(partner.name for partner in activity.partners.all()),
            ", ".join(str(member) for member in activity.staff.all()),
            activity.people_reached,
        ]
        for activity in activities
    )
    response = HttpResponse(csv_bytes([header, *rows]), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="activiteiten.csv"'
    return response


ACTIVITY_FIELDS = ("date", "kind", "title", "partners", "staff", "people_reached")


def activity_values(data: dict) -> dict:
    """The form's values that the activity services take (creating and changing alike)."""
    return {name: data[name] for name in ACTIVITY_FIELDS}


def staff_chips(form: ActivityForm, recent: set[int]) -> tuple[list, list]:
    """The staff to tick, split in two: who took part recently (and whoever is ticked) first,
    the rest of the team behind "Andere medewerkers", so that a phone shows a short list."""
    first, rest = [], []
    for chip in form["staff"]:
        value = getattr(chip.data["value"], "value", chip.data["value"])
        (first if value in recent or chip.data["selected"] else rest).append(chip)
    return first, rest


def _activity_page(request, form, write, *, title: str, location: Location, activity=None):
    response = saved_redirect(
        request,
        form,
        write,
        done=lambda saved: activity_list_url(saved.location),
        saved=_("De activiteit is vastgelegd."),
    )
    if response is not None:
        return response
    recent = selectors.recent_participants(request.user, location, day=timezone.localdate())
    first, rest = staff_chips(form, recent)
    return render(
        request,
        "cooperation/activity_form.html",
        {
            "form": form,
            "staff_first": first,
            "staff_rest": rest,
            "title": title,
            "location": location,
            "activity": activity,
            "back": activity_list_url(location),
            "locations": selectors.recording_locations(request.user).order_by("name"),
        },
        status=form_status(request),
    )


@view_scope(Category.BRANCH)
def activity_create(request):
    location = chosen_location(request, selectors.recording_locations(request.user))
    day = timezone.localdate()
    form = ActivityForm(
        request.POST or None,
        initial={"date": day},
        partners=selectors.partners_to_choose(request.user, location),
        staff=selectors.staff_to_choose(request.user, location, day=day),
    )
    return _activity_page(
        request,
        form,
        lambda data: services.activity_create(
            location=location, **activity_values(data), by=request.user
        ),
        title=_("Activiteit vastleggen"),
        location=location,
    )


def _activity_to_change(request, activity_uid) -> Activity:
    """An activity of a branch whose activities the user records, else 404."""
    return get_for_user(
        selectors.activities_to_change(request.user), request.user, uid=activity_uid
    )


@view_scope(Category.BRANCH)
def activity_edit(request, activity_uid):
    activity = _activity_to_change(request, activity_uid)
    partners = list(activity.partners.all())
    staff = list(activity.staff.all())
    form = ActivityForm(
        request.POST or None,
        initial={
            "date": activity.date,
            "kind": activity.kind,
            "title": activity.title,
            "partners": partners,
            "staff": staff,
            "people_reached": activity.people_reached,
            "version": activity.version,
        },
        partners=selectors.partners_to_choose(request.user, activity.location),
        staff=selectors.staff_to_choose(
            request.user, activity.location, day=activity.date, keep=staff
        ),
    )
    return _activity_page(
        request,
        form,
        lambda data: services.activity_update(
            activity=activity,
            **activity_values(data),
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Activiteit wijzigen"),
        location=activity.location,
        activity=activity,
    )


@view_scope(Category.BRANCH)
@require_http_methods(["GET", "POST"])
def activity_delete(request, activity_uid):
    """GET asks "are you sure?", POST deletes (the change log keeps what it was)."""
    activity = _activity_to_change(request, activity_uid)
    location = activity.location
    if request.method == "GET":
        return render(
            request,
            "cooperation/activity_delete.html",
            {
                "activity": activity,
                "back": reverse("cooperation:activity_edit", kwargs={"activity_uid": activity.uid}),
            },
        )
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("De activiteit is verwijderd."))
    return redirect(activity_list_url(location))


# Partners (the social map) ----------------------------------------------------------------


@view_scope(Category.BRANCH)
@require_GET
def partner_list(request):
    locations = selectors.visible_locations(request.user)
    # the typed text (a name, a contact person) comes from the kept search, never the URL
    filters = PartnerFilter(search_query(request) or None, locations=locations)
    selection = filters.selection()
    partners = selectors.partner_list(request.user, **selection)
    page = page_of(request, selectors.with_activity_counts(partners))
    writable = selectors.recording_locations(request.user)
    location = selection.get("location")
    if location is None and "afdeling" not in filters.fields:  # the user's one branch
        location = locations.first()
    return render(
        request,
        "cooperation/partner_list.html",
        {
            "filters": filters,
            "page": page,
            "location": location,
            "many_locations": "afdeling" in filters.fields,
            "writable": set(writable.values_list("pk", flat=True)),
            "add_url": reverse("cooperation:partner_create")
            + (f"?{urlencode({'afdeling': location.external_id})}" if location else ""),
            "can_add": writable.exists(),
        },
    )


PARTNER_FIELDS = ("name", "kind", "contact_person", "phone")


def partner_values(data: dict) -> dict:
    return {name: data[name] for name in PARTNER_FIELDS}


def _partner_page(request, form, write, *, title: str, location: Location, partner=None):
    done = reverse("cooperation:partner_list") + "?" + urlencode({"afdeling": location.external_id})
    response = saved_redirect(
        request, form, write, done=lambda saved: done, saved=_("De partner is opgeslagen.")
    )
    if response is not None:
        return response
    return render(
        request,
        "cooperation/partner_form.html",
        {
            "form": form,
            "title": title,
            "location": location,
            "partner": partner,
            "back": done,
            "activities": selectors.activities_with(request.user, partner) if partner else [],
        },
        status=form_status(request),
    )


@view_scope(Category.BRANCH)
def partner_create(request):
    location = chosen_location(request, selectors.recording_locations(request.user))
    form = PartnerForm(request.POST or None, location=location)
    return _partner_page(
        request,
        form,
        lambda data: services.partner_create(
            location=location, **partner_values(data), by=request.user
        ),
        title=_("Partner toevoegen aan de sociale kaart van %(location)s") % {"location": location},
        location=location,
    )


@view_scope(Category.BRANCH)
def partner_edit(request, partner_uid):
    partner = get_for_user(
        selectors.partners_to_change(request.user), request.user, uid=partner_uid
    )
    initial = {name: getattr(partner, name) for name in (*PARTNER_FIELDS, "version")}
    form = PartnerForm(
        request.POST or None, initial=initial, location=partner.location, partner=partner
    )
    return _partner_page(
        request,
        form,
        lambda data: services.partner_update(
            partner=partner,
            **partner_values(data),
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=str(partner),
        location=partner.location,
        partner=partner,
    )
