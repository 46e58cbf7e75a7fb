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
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods

from koers.cooperation import selectors, services
from koers.cooperation.forms import ActivityFilter, ActivityForm, PartnerFilter, PartnerForm
from koers.cooperation.models import Activity
from koers.core.access import view_scope
from koers.core.editing import form_status, saved_redirect
from koers.core.listing import DESCENDING, DIRECTION, SORT, Column, Listing, list_response
from koers.core.models import Location
from koers.core.scoping import Category, get_for_user


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


def names(items) -> str:
    return ", ".join(str(item) for item in items)


ACTIVITIES = Listing(
    name="activiteiten",
    columns=(
        Column("datum", _l("datum"), ("date",), lambda a: a.date),
        Column("soort", _l("soort"), ("kind",), lambda a: a.get_kind_display()),
        Column("titel", _l("titel"), ("title",), lambda a: a.title),
        Column("bereikt", _l("bereikt"), ("people_reached",), lambda a: a.people_reached),
        Column("partners", _l("partners"), (), lambda a: names(p.name for p in a.partners.all())),
        Column("team", _l("van ons team"), (), lambda a: names(a.staff.all())),
        Column("afdeling", _l("afdeling"), ("location__name",), lambda a: a.location.name),
    ),
    default_sort="datum",
    default_descending=True,
    filters=ActivityFilter,
    export_route="cooperation:activity_list_export",
)
# the list's former address of a sort (``?sort=-title``): bookmarks still lead there
OLD_SORTS = {
    "date": "datum",
    "kind": "soort",
    "title": "titel",
    "people_reached": "bereikt",
    "location": "afdeling",
}


def former_sort(request) -> HttpResponse | None:
    """A redirect from ``?sort=[-]column`` (the list's former sort) to the same list."""
    if "sort" not in request.GET:
        return None
    query = request.GET.copy()
    old = query.pop("sort")[-1]
    if old.lstrip("-") in OLD_SORTS:
        query[SORT] = OLD_SORTS[old.lstrip("-")]
        if old.startswith("-"):
            query[DIRECTION] = DESCENDING
    return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)


@view_scope(Category.BRANCH)
@require_GET
def activity_list(request, fmt=None):
    """The branch's activities, sorted by a column, filtered (branch, kind, year or part
    of one, partner), paged, and exported as shown (XLSX, CSV)."""
    moved = None if fmt else former_sort(request)
    if moved is not None:
        return moved
    user = request.user
    partners = selectors.partner_list(user)
    if request.GET.get("afdeling"):
        partners = partners.filter(location__external_id=request.GET["afdeling"])
    shown = ACTIVITIES.show(
        request,
        lambda **values: selectors.activity_list(user, **ActivityFilter.selection(values)),
        fmt=fmt,
        form_kwargs={"locations": selectors.visible_locations(user), "partners": partners},
    )
    writable = set(selectors.recording_locations(user).values_list("pk", flat=True))
    for activity in shown.rows:
        activity.editable = activity.location_id in writable
    afdeling = request.GET.get("afdeling")
    return list_response(
        request,
        shown,
        template="cooperation/activity_list.html",
        what=_("activiteiten"),
        context={
            "can_record": bool(writable),
            "record_url": reverse("cooperation:activity_create")
            + (f"?{urlencode({'afdeling': afdeling})}" if afdeling else ""),
        },
    )


@view_scope(Category.BRANCH)
@require_GET
def activity_export(request):
    """The list's former CSV address (``activiteiten.csv``): the CSV export of the list."""
    return activity_list(request, fmt="csv")


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


PARTNERS = Listing(
    name="sociale-kaart",
    columns=(
        Column("naam", _l("naam"), ("name",), lambda p: p.name),
        Column("soort", _l("soort"), ("kind",), lambda p: p.get_kind_display()),
        Column("contact", _l("contactpersoon"), ("contact_person",), lambda p: p.contact_person),
        Column("telefoon", _l("telefoon"), (), lambda p: p.phone),
        Column("activiteiten", _l("activiteiten"), ("activity_count",), lambda p: p.activity_count),
        Column("laatste", _l("laatste activiteit"), ("last_activity",), lambda p: p.last_activity),
        Column("afdeling", _l("afdeling"), ("location__name",), lambda p: p.location.name),
    ),
    default_sort="naam",
    filters=PartnerFilter,
    export_route="cooperation:partner_list_export",
)


@view_scope(Category.BRANCH)
@require_GET
def partner_list(request, fmt=None):
    """The social map: sorted, filtered (branch, kind, a typed name kept out of the
    address), paged, with each partner's activities, and exported as shown."""
    user = request.user
    locations = selectors.visible_locations(user)
    shown = PARTNERS.show(
        request,
        lambda **values: selectors.with_activity_counts(
            selectors.partner_list(user, **PartnerFilter.selection(values))
        ),
        fmt=fmt,
        form_kwargs={"locations": locations},
    )
    writable = selectors.recording_locations(user)
    location = shown.form.cleaned_data.get("afdeling") if shown.form.is_valid() else None
    if location is None and "afdeling" not in shown.form.fields:  # the user's one branch
        location = locations.first()
    return list_response(
        request,
        shown,
        template="cooperation/partner_list.html",
        what=_("sociale kaart"),
        context={
            "location": location,
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
