"""Worklists, closing an item in place (htmx), and the rules page of a regional manager.

Views parse input and call selectors and services; every read is scoped to the user.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.access import AGGREGATE, log_access, view_scope
from koers.core.actors import Viewer
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import (
    Capability,
    Category,
    capability_q,
    capability_regions,
    get_for_user,
    may,
)
from koers.core.services import ConflictError
from koers.deadlines import services
from koers.deadlines.closing import CLOSERS, close_form, close_url
from koers.deadlines.forms import EvaluationForm, RuleSettingForm
from koers.deadlines.links import RecordLinks
from koers.deadlines.models import DeadlineRule, RuleSetting, term_place
from koers.deadlines.rules import effective_rules
from koers.deadlines.selectors import open_items, recent_digests, rule_history, worklist
from koers.integration import services as integration_services
from koers.integration.models import IntegrationPlan
from koers.legal import services as legal_services
from koers.legal.models import DossierStep
from koers.matching import services as matching_services
from koers.matching.models import Match
from koers.people.models import Person, Placement


def item_rows(request, items, *, bound: dict | None = None) -> list[dict]:
    """What a row needs: the item, its links, and its closing form where the user may write."""
    links = RecordLinks()
    writable = may(request.user, Capability.WRITE)
    rows = []
    for item in items:
        form = None
        if writable and item.rule in CLOSERS:
            form = (bound or {}).get(item.html_id) or close_form(item)
        rows.append(
            {
                "item": item,
                "record_url": links.record(item),
                "person_url": links.person(item),
                "form": form,
                "action": close_url(item) if form is not None else "",
                "label": CLOSERS[item.rule].label if form is not None else "",
            }
        )
    return rows


@view_scope(Category.PERSON)
def worklist_page(request):
    """The user's worklist: their clients (volunteer), dossiers (legal) or branch (team leader)."""
    today = timezone.localdate()
    branches = list(Location.objects.for_user(request.user))
    chosen = request.GET.get("locatie", "")
    selected = [b for b in branches if b.external_id == chosen] or branches
    work = worklist(user=request.user, on=today, locations=selected)
    groups = [(name, item_rows(request, items)) for name, items in work.groups]
    log_access(
        request,
        {item.person_pk for _name, items in work.groups for item in items},
        action=AccessLogEntry.Action.VIEW,
        what="termijnen",
    )
    digests = recent_digests(request.user)
    log_access(
        request,
        {i["person"].pk for digest in digests for i in digest["items"] if i["person"]},
        action=AccessLogEntry.Action.VIEW,
        what="verstuurde termijnoverzichten",
    )
    return render(
        request,
        "deadlines/worklist.html",
        {
            "worklist": work,
            "groups": groups,
            "digests": digests,
            "branches": branches,
            "chosen": chosen if len(selected) == 1 and len(branches) > 1 else "",
            "manages_rules": may(request.user, Capability.CONFIGURE_DEADLINES),
        },
    )


def _close(request, *, person: Person, record, rule: str, save):
    """Show (GET) or submit (POST) the form that closes an item of ``record``.

    ``save`` is the closing service with the record bound; the form's fields are its
    remaining keyword arguments.
    """
    today = timezone.localdate()
    items = [
        item
        for item in open_items(
            on=today, user=request.user, locations=[person.location_id], persons=[person]
        )
        if item.record_uid == str(record.uid) and item.rule.startswith(rule)
    ]
    bound = {}
    if request.method == "POST":
        target = next((i for i in items if i.rule == rule), None)
        form_class = CLOSERS[rule].form if rule in CLOSERS else EvaluationForm
        form = close_form(target, request.POST) if target else form_class(request.POST)
        if form.is_valid():
            try:
                save(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except ConflictError:
                form.add_error(
                    None, _("Iemand anders heeft dit net gewijzigd. Vernieuw de pagina.")
                )
            else:
                log_access(request, [person], action=AccessLogEntry.Action.EDIT, what="termijn")
                if request.headers.get("HX-Request"):
                    return render(request, "deadlines/_closed_row.html", {"item": target})
                messages.success(request, _("De termijn is afgesloten."))
                return redirect("deadlines:worklist")
        if target is not None:
            bound[target.html_id] = form
        items = [target] if target is not None else []
    log_access(request, [person], action=AccessLogEntry.Action.VIEW, what="termijn")
    rows = item_rows(request, items, bound=bound)
    if request.headers.get("HX-Request") and rows:
        return render(request, "deadlines/_item_row.html", {"row": rows[0]})
    return render(request, "deadlines/close.html", {"rows": rows, "person": person})


def _writing(request) -> bool:
    return request.method == "POST"


@view_scope(Category.LEGAL)
def step_done(request, dossierstep_uid):
    step = get_for_user(
        DossierStep.objects.select_related("dossier__person"),
        request.user,
        write=_writing(request),
        uid=dossierstep_uid,
    )
    return _close(
        request,
        person=step.dossier.person,
        record=step,
        rule="dossier_step",
        save=partial(legal_services.step_mark_done, step=step),
    )


@view_scope(Category.COACHING)
def match_evaluation(request, match_uid):
    match = get_for_user(
        Match.objects.select_related("person"), request.user, write=_writing(request), uid=match_uid
    )
    moment = request.POST.get("moment", "")
    return _close(
        request,
        person=match.person,
        record=match,
        rule=f"match_evaluation_{moment}" if moment in {"3m", "6m"} else "match_evaluation",
        save=partial(matching_services.match_evaluate, match=match),
    )


def _housed_person(request, person_uid) -> Person:
    """A client through the coaching reach of their housing (as the person-level terms are)."""
    write = _writing(request)
    housed = Placement.objects.for_user(request.user, write=write).values("person")
    return get_for_user(
        Person.objects.filter(pk__in=housed), request.user, write=write, uid=person_uid
    )


@view_scope(Category.COACHING)
def participation_statement(request, person_uid):
    person = _housed_person(request, person_uid)
    return _close(
        request,
        person=person,
        record=person,
        rule="pvt_signature",
        save=partial(services.participation_statement_record, person=person),
    )


@view_scope(Category.COACHING)
def civic_integration(request, person_uid):
    person = _housed_person(request, person_uid)
    return _close(
        request,
        person=person,
        record=person,
        rule="civic_integration_term",
        save=partial(services.civic_integration_result_record, person=person),
    )


def _plan(request, integrationplan_uid) -> IntegrationPlan:
    return get_for_user(
        IntegrationPlan.objects.select_related("person"),
        request.user,
        write=_writing(request),
        uid=integrationplan_uid,
    )


@view_scope(Category.COACHING)
def plan_pip(request, integrationplan_uid):
    """The PIP decided, with its route: closes ``pip_decision``."""
    plan = _plan(request, integrationplan_uid)
    return _close(
        request,
        person=plan.person,
        record=plan,
        rule="pip_decision",
        save=partial(integration_services.plan_record_pip, plan=plan),
    )


@view_scope(Category.COACHING)
def plan_end(request, integrationplan_uid):
    """Civic integration completed, or an exemption: closes ``civic_integration_term_2021``."""
    plan = _plan(request, integrationplan_uid)
    return _close(
        request,
        person=plan.person,
        record=plan,
        rule="civic_integration_term_2021",
        save=partial(integration_services.plan_end, plan=plan),
    )


def _configurable_branches(user: Viewer) -> list[Location]:
    """The branches whose terms the user may change (all of them for a superuser)."""
    configurable = capability_q(user, Capability.CONFIGURE_DEADLINES)
    return list(Location.objects.filter(configurable).order_by("region", "name"))


def _regions(user: Viewer, branches: list[Location]) -> list[str]:
    if may(user, Capability.CONFIGURE_DEADLINES, everywhere=True):
        return sorted({b.region for b in branches if b.region})
    return sorted(capability_regions(user, Capability.CONFIGURE_DEADLINES))


@view_scope(AGGREGATE)
def rules_page(request):
    """Each rule's term per region and branch the user manages; where it comes from."""
    branches = _configurable_branches(request.user)
    regions = _regions(request.user, branches)
    if not may(request.user, Capability.CONFIGURE_DEADLINES):
        raise Http404
    effective = effective_rules([b.pk for b in branches])
    regional = {
        (setting.rule_id, setting.region): setting
        for setting in RuleSetting.objects.filter(location__isnull=True, region__in=regions)
    }
    table = [
        {
            "rule": rule,
            "regions": [(region, regional.get((rule.pk, region))) for region in regions],
            "branches": [(branch, effective[branch.pk][rule.code]) for branch in branches],
        }
        for rule in DeadlineRule.objects.all()
    ]
    return render(
        request,
        "deadlines/rules.html",
        {"table": table, "regions": regions, "branches": branches},
    )


@view_scope(AGGREGATE)
def rule_edit(request, code):
    """Change one rule's term for the foundation, a region (?regio=) or a branch (?locatie=)."""
    rule = get_object_or_404(DeadlineRule, code=code)
    region = request.GET.get("regio", "")
    location = None
    if request.GET.get("locatie"):
        location = Location.objects.filter(external_id=request.GET["locatie"]).first()
        if location is None:
            raise Http404
        region = ""
    where = term_place(region=region, location=location)
    if not may(request.user, Capability.CONFIGURE_DEADLINES, **where):
        raise Http404
    current = (
        rule
        if location is None and not region
        else RuleSetting.objects.filter(
            rule=rule, location=location, region="" if location else region
        ).first()
    )
    inherited = effective_rules([location.pk])[location.pk][code] if location else None
    source = current or inherited or rule
    initial = {
        "offset_years": source.offset.years,
        "offset_months": source.offset.months,
        "offset_weeks": source.offset.weeks,
        "offset_days": source.offset.days,
        "enabled": source.enabled,
        "version": getattr(current, "version", None),
    }
    form = RuleSettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        target = {"rule": rule, "region": region, "location": location, "by": request.user}
        try:
            if "clear" in request.POST and current is not None and current is not rule:
                services.rule_setting_clear(expected_version=current.version, **target)
                messages.success(request, _("De eigen termijn is verwijderd."))
                return redirect("deadlines:rules")
            if form.is_valid():
                services.rule_setting_save(
                    expected_version=form.cleaned_data["version"],
                    offset_years=form.cleaned_data["offset_years"],
                    offset_months=form.cleaned_data["offset_months"],
                    offset_weeks=form.cleaned_data["offset_weeks"] or 0,
                    offset_days=form.cleaned_data["offset_days"],
                    enabled=form.cleaned_data["enabled"],
                    **target,
                )
                messages.success(request, _("De termijn is opgeslagen."))
                return redirect("deadlines:rules")
        except ConflictError:
            form.add_error(
                None, _("Iemand anders heeft deze termijn net gewijzigd. Open de pagina opnieuw.")
            )
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "deadlines/rule_edit.html",
        {
            "rule": rule,
            "form": form,
            "region": region,
            "location": location,
            "own": current is not None and current is not rule,
            "history": rule_history(rule, region=region, location=location),
        },
    )
