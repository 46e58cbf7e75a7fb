"""The pipeline of linked status holders and the civic-integration plan, in daily work.

A team leader records a linking when the reception agency announces it (a household in
one form, or a client already in Koers), sees who waits and how long, and houses the
household without typing anyone again. A coach records each step of the plan on the
client file. Views parse and render; services write; every read is scoped and logged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from koers.core.access import get_client_record, log_access, view_scope
from koers.core.editing import form_page, submit
from koers.core.listing import Column, Listing, list_response
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user
from koers.core.searches import search_value
from koers.deadlines.views import close_item, writing
from koers.integration import selectors, services
from koers.integration.forms import (
    MAX_MEMBERS,
    CompleteForm,
    ExemptForm,
    ExtensionForm,
    HouseForm,
    IntakeForm,
    LinkedMemberFormSet,
    LinkingCancelForm,
    LinkingFields,
    LinkingRegisterForm,
    MapForm,
    PipelineFilter,
    PipForm,
    PlanCreateForm,
    PlanFilter,
    SwitchForm,
    UnburdeningForm,
)
from koers.integration.models import IntegrationPlan, Linking
from koers.integration.rules import WI2021_START
from koers.people.forms import PERSON_FIELDS
from koers.people.models import Dwelling, Person
from koers.people.search import find_people
from koers.people.selectors import locations_to_register, people_for_user
from koers.people.services import NewDwelling

VIEW, EDIT = AccessLogEntry.Action.VIEW, AccessLogEntry.Action.EDIT
PICKER_SIZE = 8


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def linking_url(linking: Linking) -> str:
    return reverse("integration:linking_detail", kwargs={"linking_uid": linking.uid})


def person_url(person: Person) -> str:
    return reverse("people:file", kwargs={"person_uid": person.uid}) + "#inburgering"


def _linking(request, linking_uid, *, write: bool, what: str) -> Linking:
    return get_client_record(
        request,
        selectors.linkings_for_user(request.user, write=write).select_related("person__household"),
        write=write,
        what=what,
        uid=linking_uid,
    )


def _may_write(request, model, pk) -> bool:
    return model.objects.for_user(request.user, write=True).filter(pk=pk).exists()


# The pipeline ---------------------------------------------------------------------------------


STATES = {
    selectors.WAITING: gettext_lazy("wacht op huisvesting"),
    selectors.HOUSED: gettext_lazy("gehuisvest"),
    selectors.CANCELLED: gettext_lazy("vervallen"),
}
PERSON = Column(
    "persoon",
    gettext_lazy("persoon"),
    ("person__family_name", "person__given_name"),
    lambda record: str(record.person),
)
PIPELINE = Listing(
    name="gekoppeld",
    columns=(
        PERSON,
        Column("gekoppeld", gettext_lazy("gekoppeld op"), ("linked_on",), lambda k: k.linked_on),
        Column(
            "wacht",
            gettext_lazy("weken wachten"),
            (),
            lambda k: k.weeks if k.state == selectors.WAITING else None,
        ),
        Column("stand", gettext_lazy("stand"), (), lambda k: str(STATES[k.state])),
        Column(
            "sinds",
            gettext_lazy("gehuisvest of vervallen op"),
            ("housed_on", "cancelled_on"),
            lambda k: k.housed_on if k.state == selectors.HOUSED else k.cancelled_on,
        ),
        Column(
            "reden",
            gettext_lazy("reden vervallen"),
            ("cancel_reason",),
            lambda k: k.get_cancel_reason_display() if k.cancelled_on else "",
        ),
        Column(
            "woning",
            gettext_lazy("geplande woning"),
            ("planned_dwelling__postcode", "planned_dwelling__house_number"),
            lambda k: str(k.planned_dwelling or ""),
        ),
        Column(
            "afdeling",
            gettext_lazy("afdeling"),
            ("location__municipality",),
            lambda k: k.location.municipality,
        ),
    ),
    default_sort="gekoppeld",
    filters=PipelineFilter,
    period=("linked_on", gettext_lazy("gekoppeld")),
    export_route="integration:pipeline_list_export",
)


@view_scope(Category.COACHING)
@require_GET
def pipeline_page(request, fmt=None):
    """Who is linked, since when, how many weeks they wait (over 10 in red), and what then:
    sorted, filtered (status, reason of cancelling, period linked), paged and exported."""
    today = timezone.localdate()

    def rows(status="", **values):
        status = status or selectors.WAITING
        return selectors.pipeline(request.user, on=today, status=status, **values)

    shown = PIPELINE.show(request, rows, fmt=fmt)
    for linking in shown.rows:
        linking.state = selectors.linking_status(linking, today)
        linking.weeks = selectors.weeks_waiting(linking, today)
        linking.over = selectors.is_over_ten_weeks(linking, today)
    status = (shown.form.cleaned_data.get("status") if shown.form.is_valid() else "") or (
        selectors.WAITING
    )
    context = {
        "rows": shown.rows,
        "status": status,
        "today": today,
        "counts": selectors.pipeline_counts(request.user, on=today),
        "may_register": locations_to_register(request.user, Category.COACHING).exists(),
    }
    return list_response(
        request,
        shown,
        template=f"integration/{'_pipeline_table' if is_htmx(request) else 'pipeline'}.html",
        what=_("gekoppeld"),
        person_of=lambda linking: linking.person,
        context=context,
    )


def _person_picker(request) -> dict:
    text = search_value(request, "zoek")
    if not text:
        return {"zoek": "", "choices": []}
    found = find_people(people_for_user(request.user, write=True), text, limit=PICKER_SIZE)
    if found:
        log_access(request, found, action="search", what=_("cliënt kiezen voor koppeling"))
    return {"zoek": text, "choices": found}


@view_scope(Category.COACHING)
def linking_register(request):
    """A household linked by the reception agency: its members typed once, each linked."""
    locations = locations_to_register(request.user, Category.COACHING)
    if not locations.exists():
        raise Http404
    if request.method == "GET" and is_htmx(request):
        return render(request, "integration/_person_picker.html", _person_picker(request))
    data = request.POST.copy() if request.method == "POST" else None
    adding = data is not None and "add_member" in data
    if adding:
        rows = data.get("leden-TOTAL_FORMS", "")
        data["leden-TOTAL_FORMS"] = str(min(int(rows) + 1, MAX_MEMBERS) if rows.isdigit() else 1)
    formset = LinkedMemberFormSet(data, queryset=Person.objects.none(), prefix="leden")
    form = LinkingRegisterForm(
        None if adding else data,
        initial=data.dict() if adding else {"linked_on": timezone.localdate()},
        locations=locations,
        dwellings=selectors.free_dwellings(request.user, locations),
    )
    context = {"form": form, "formset": formset, **_person_picker(request)}
    if data is None or adding:
        return render(request, "integration/linking_register.html", context)
    members = [f for f in formset.forms if f.has_changed()] if formset.is_valid() else []
    if formset.is_valid() and not members:
        formset._non_form_errors = formset.error_class([_("Vul ten minste één persoon in.")])
    if members:

        def write(values):
            return services.linking_register(
                location=values["location"],
                linked_on=values["linked_on"],
                members=[{name: f.cleaned_data[name] for name in PERSON_FIELDS} for f in members],
                planned_dwelling=values["planned_dwelling"],
                by=request.user,
            )

        linkings = submit(form, write)
        if linkings:
            messages.success(
                request,
                ngettext(
                    "%(n)d gekoppelde persoon vastgelegd.",
                    "%(n)d gekoppelde personen vastgelegd.",
                    len(linkings),
                )
                % {"n": len(linkings)},
            )
            return redirect("integration:pipeline")
    return render(request, "integration/linking_register.html", context, status=422)


@view_scope(Category.COACHING)
def linking_for_person(request, person_uid):
    """A client already in Koers is linked to the municipality."""
    person = get_for_user(Person, request.user, write=request.method == "POST", uid=person_uid)
    if not locations_to_register(request.user, Category.COACHING).filter(pk=person.location_id):
        raise Http404
    log_access(request, [person], action=EDIT, what=_("koppeling COA vastleggen"))
    form = LinkingFields(
        request.POST or None,
        initial={"linked_on": timezone.localdate()},
        dwellings=selectors.free_dwellings(request.user, [person.location_id]),
    )
    return form_page(
        request,
        form,
        lambda data: services.linking_create(
            person=person,
            linked_on=data["linked_on"],
            planned_dwelling=data["planned_dwelling"],
            by=request.user,
        ),
        title=_("Koppeling COA vastleggen: %(person)s") % {"person": person},
        done=linking_url,
        saved=_("De koppeling is vastgelegd."),
        back=person_url(person),
    )


@view_scope(Category.COACHING)
@require_GET
def linking_detail(request, linking_uid):
    linking = _linking(request, linking_uid, write=False, what=_("koppeling COA"))
    today = timezone.localdate()
    household = list(selectors.household_waiting(request.user, linking, on=today))
    return render(
        request,
        "integration/linking_detail.html",
        {
            "linking": linking,
            "status": selectors.linking_status(linking, today),
            "weeks": selectors.weeks_waiting(linking, today),
            "over": selectors.is_over_ten_weeks(linking, today),
            "household": [other for other in household if other.pk != linking.pk],
            "may_write": _may_write(request, Linking, linking.pk),
        },
    )


@view_scope(Category.COACHING)
def linking_edit(request, linking_uid):
    linking = _linking(request, linking_uid, write=True, what=_("koppeling COA wijzigen"))
    form = LinkingFields(
        request.POST or None,
        initial={
            "linked_on": linking.linked_on,
            "planned_dwelling": linking.planned_dwelling,
            "version": linking.version,
        },
        dwellings=selectors.free_dwellings(request.user, [linking.location_id])
        | Dwelling.objects.filter(pk=linking.planned_dwelling_id),
    )
    return form_page(
        request,
        form,
        lambda data: services.linking_update(
            linking=linking,
            linked_on=data["linked_on"],
            planned_dwelling=data["planned_dwelling"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Koppeling wijzigen: %(person)s") % {"person": linking.person},
        done=linking_url,
        saved=_("De koppeling is opgeslagen."),
        back=linking_url(linking),
    )


@view_scope(Category.COACHING)
def linking_cancel(request, linking_uid):
    linking = _linking(request, linking_uid, write=True, what=_("koppeling COA laten vervallen"))
    form = LinkingCancelForm(
        request.POST or None,
        initial={"cancelled_on": timezone.localdate(), "version": linking.version},
    )
    return form_page(
        request,
        form,
        lambda data: services.linking_cancel(
            linking=linking,
            cancelled_on=data["cancelled_on"],
            cancel_reason=data["cancel_reason"],
            cancel_note=data["cancel_note"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Koppeling laten vervallen: %(person)s") % {"person": linking.person},
        done=lambda saved: reverse("integration:pipeline"),
        saved=_("De koppeling is vervallen."),
        back=linking_url(linking),
    )


@view_scope(Category.COACHING)
def linking_house(request, linking_uid):
    """House the linked household in one dwelling: the placements close the linkings."""
    linking = _linking(request, linking_uid, write=True, what=_("gekoppelde huisvesten"))
    today = timezone.localdate()
    household = selectors.household_waiting(request.user, linking, on=today)
    if not household.filter(pk=linking.pk).exists():
        messages.info(request, _("Deze persoon wacht niet meer op huisvesting."))
        return redirect(linking_url(linking))
    others = [other.person for other in household if other.pk != linking.pk]
    log_access(request, others, action=EDIT, what=_("huisvesten met een gezinslid"))
    dwellings = selectors.free_dwellings(request.user, [linking.location_id])
    if linking.planned_dwelling_id:
        dwellings = dwellings | Dwelling.objects.filter(pk=linking.planned_dwelling_id)
    form = HouseForm(
        request.POST or None,
        household=household,
        dwellings=dwellings,
        initial={
            "members": list(household),
            "dwelling": linking.planned_dwelling,
            "housed_on": today,
            "counts_for_quota": True,
        },
    )

    def write(data):
        new = None
        if not data["dwelling"]:
            new = NewDwelling(
                postcode=data["postcode"],
                house_number=data["house_number"],
                landlord=data["landlord"],
            )
        return services.linkings_house(
            linkings=list(data["members"]),
            dwelling=data["dwelling"],
            new_dwelling=new,
            housed_on=data["housed_on"],
            counts_for_quota=data["counts_for_quota"],
            by=request.user,
        )

    return form_page(
        request,
        form,
        write,
        title=_("Huisvesten: %(person)s") % {"person": linking.person},
        intro=_(
            "Kies wie van het huishouden er intrekt. De huisvesting sluit hun koppeling en de "
            "termijn af; gegevens opnieuw invullen is niet nodig."
        ),
        done=lambda placements: person_url(placements[0].person),
        saved=_("Gehuisvest: de koppeling is afgesloten."),
        back=linking_url(linking),
    )


# Plans ----------------------------------------------------------------------------------------


def plan_url(plan: IntegrationPlan) -> str:
    return reverse("integration:integrationplan_detail", kwargs={"integrationplan_uid": plan.uid})


@view_scope(Category.COACHING)
def plan_create(request, person_uid):
    person = get_for_user(Person, request.user, write=request.method == "POST", uid=person_uid)
    if hasattr(person, "integration_plan"):
        return redirect(plan_url(person.integration_plan))
    log_access(request, [person], action=EDIT, what=_("inburgeringsplan vastleggen"))
    permit = person.permit_granted_on
    form = PlanCreateForm(
        request.POST or None,
        initial={"obligation_on": permit if permit and permit >= WI2021_START else None},
    )
    return form_page(
        request,
        form,
        lambda data: services.plan_create(
            person=person,
            obligation_on=data["obligation_on"],
            intake_started_on=data["intake_started_on"],
            by=request.user,
        ),
        title=_("Inburgering (Wet inburgering 2021): %(person)s") % {"person": person},
        intro=_(
            "Voor wie vanaf 1 januari 2022 inburgeringsplichtig werd. Daarna gelden de "
            "termijnen van de wet van 2021, niet meer die van 2013."
        ),
        done=lambda plan: person_url(plan.person),
        saved=_("Het inburgeringsplan is vastgelegd."),
        back=person_url(person),
    )


def _plan(request, uid, *, write: bool, what: str) -> IntegrationPlan:
    return get_client_record(
        request,
        IntegrationPlan.objects.select_related("person", "person__location"),
        write=write,
        what=what,
        uid=uid,
    )


@view_scope(Category.COACHING)
@require_GET
def plan_detail(request, integrationplan_uid):
    plan = _plan(request, integrationplan_uid, write=False, what=_("inburgeringsplan"))
    return render(
        request,
        "integration/plan_detail.html",
        {
            "plan": plan,
            "status": selectors.plan_status(plan, on=timezone.localdate()),
            "may_write": _may_write(request, IntegrationPlan, plan.pk),
        },
    )


PLANS = Listing(
    name="inburgeringsplannen",
    columns=(
        PERSON,
        Column(
            "plichtig",
            gettext_lazy("inburgeringsplichtig sinds"),
            ("obligation_on",),
            lambda p: p.obligation_on,
        ),
        Column("stand", gettext_lazy("stand"), (), lambda p: p.glance.stage_label),
        Column(
            "leerroute", gettext_lazy("leerroute"), ("route",), lambda p: p.glance.route_now_label
        ),
        Column("pip", gettext_lazy("PIP vastgesteld op"), ("pip_on",), lambda p: p.pip_on),
        Column("termijn", gettext_lazy("termijn tot"), (), lambda p: p.glance.term_end),
        Column(
            "watnu",
            gettext_lazy("wat nu"),
            (),
            lambda p: p.glance.next_steps[0] if p.glance.next_steps else "",
        ),
    ),
    default_sort="plichtig",
    filters=PlanFilter,
    period=("obligation_on", gettext_lazy("inburgeringsplichtig")),
    export_route="integration:plan_list_export",
)


@view_scope(Category.COACHING)
@require_GET
def plan_list(request, fmt=None):
    """The plans by stage, route and coach, sorted, paged and exported as shown."""
    today = timezone.localdate()
    shown = PLANS.show(
        request,
        lambda **values: selectors.plan_list(request.user, on=today, **values),
        fmt=fmt,
        form_kwargs={"coaches": selectors.plan_coaches(request.user)},
    )
    for plan, glance in zip(shown.rows, selectors.plan_statuses(shown.rows, on=today), strict=True):
        plan.glance = glance
    return list_response(
        request,
        shown,
        template="integration/plan_list.html",
        what=_("inburgeringsplannen"),
        person_of=lambda plan: plan.person,
    )


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan: its form (whose fields are the service's own arguments), the
    service, and the words of its page."""

    form: type
    service: Callable
    title: str
    saved: str
    what: str
    today_as_default: bool = False

    @property
    def fields(self) -> list[str]:
        return list(self.form.base_fields)


PLAN_STEPS = {
    "intake": PlanStep(
        IntakeForm,
        services.plan_record_intake,
        gettext_lazy("Brede intake"),
        gettext_lazy("De brede intake is opgeslagen."),
        gettext_lazy("brede intake"),
    ),
    "pip": PlanStep(
        PipForm,
        services.plan_record_pip,
        gettext_lazy("PIP vastgesteld"),
        gettext_lazy("Het PIP is opgeslagen."),
        gettext_lazy("PIP"),
    ),
    "switch": PlanStep(
        SwitchForm,
        services.plan_switch_route,
        gettext_lazy("Leerroute wisselen"),
        gettext_lazy("De nieuwe leerroute is opgeslagen."),
        gettext_lazy("leerroute wisselen"),
    ),
    "map": PlanStep(
        MapForm,
        services.plan_record_map,
        gettext_lazy("MAP afgerond"),
        gettext_lazy("De afronding van de MAP is opgeslagen."),
        gettext_lazy("MAP"),
    ),
    "unburdening": PlanStep(
        UnburdeningForm,
        services.plan_record_unburdening,
        gettext_lazy("Ontzorgen"),
        gettext_lazy("Het ontzorgen is opgeslagen."),
        gettext_lazy("ontzorgen"),
    ),
    "extend": PlanStep(
        ExtensionForm,
        services.plan_extend,
        gettext_lazy("Termijn verlengen"),
        gettext_lazy("De verlenging is opgeslagen."),
        gettext_lazy("termijn verlengen"),
    ),
    "complete": PlanStep(
        CompleteForm,
        services.plan_complete,
        gettext_lazy("Inburgering afgerond"),
        gettext_lazy("De afronding is opgeslagen."),
        gettext_lazy("inburgering afgerond"),
        today_as_default=True,
    ),
    "exempt": PlanStep(
        ExemptForm,
        services.plan_exempt,
        gettext_lazy("Ontheffing of vrijstelling"),
        gettext_lazy("De ontheffing is opgeslagen."),
        gettext_lazy("ontheffing"),
    ),
}


@view_scope(Category.COACHING)
def plan_step(request, integrationplan_uid, step: str):
    """One step of a plan on its own small form: the stored values and the version the user
    opened, the step's service, back to the client file."""
    step = PLAN_STEPS[step]
    plan = _plan(request, integrationplan_uid, write=True, what=str(step.what))
    stored = {name: getattr(plan, name, None) for name in step.fields}
    initial = {name: value for name, value in stored.items() if value is not None}
    if step.today_as_default:
        initial = {name: timezone.localdate() for name in step.fields} | initial
    form = step.form(request.POST or None, initial={**initial, "version": plan.version})
    return form_page(
        request,
        form,
        lambda data: step.service(
            plan=plan,
            expected_version=data["version"] or 0,
            by=request.user,
            **{name: data[name] for name in step.fields},
        ),
        title=f"{step.title}: {plan.person}",
        done=lambda saved: person_url(saved.person),
        saved=str(step.saved),
        back=person_url(plan.person),
    )


def _plan_to_close(request, integrationplan_uid) -> IntegrationPlan:
    return get_for_user(
        IntegrationPlan.objects.select_related("person"),
        request.user,
        write=writing(request),
        uid=integrationplan_uid,
    )


@view_scope(Category.COACHING)
def close_pip(request, integrationplan_uid):
    """The PIP decided, with its route: closes ``pip_decision`` in the worklist."""
    plan = _plan_to_close(request, integrationplan_uid)
    return close_item(
        request,
        person=plan.person,
        record=plan,
        rule="pip_decision",
        save=partial(services.plan_record_pip, plan=plan),
    )


@view_scope(Category.COACHING)
def close_plan_end(request, integrationplan_uid):
    """Completed, or an exemption: closes ``civic_integration_term_2021`` in the worklist."""
    plan = _plan_to_close(request, integrationplan_uid)
    return close_item(
        request,
        person=plan.person,
        record=plan,
        rule="civic_integration_term_2021",
        save=partial(services.plan_end, plan=plan),
    )
