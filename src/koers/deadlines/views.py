"""Worklists, closing an item in place (htmx), and the rules page of a regional manager.

Views parse input and call selectors and services; every read is scoped to the user.
"""

from dataclasses import replace
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from koers.core.access import AGGREGATE, log_access, view_scope
from koers.core.actors import Viewer
from koers.core.editing import form_status, submit
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry, Location
from koers.core.scoping import (
    Capability,
    Category,
    capability_q,
    capability_regions,
    get_for_user,
    may,
)
from koers.deadlines import services
from koers.deadlines.closing import CLOSERS, close_form, close_url, close_values
from koers.deadlines.forms import EvaluationForm, RuleSettingForm, WorklistFilter
from koers.deadlines.links import RecordLinks
from koers.deadlines.models import DeadlineRule, RuleSetting, term_place
from koers.deadlines.rules import effective_rules
from koers.deadlines.selectors import open_items, recent_digests, rule_history
from koers.deadlines.worklists import WorkRow, coaches_of, filtered, rules_of, work_rows
from koers.legal import services as legal_services
from koers.legal.models import DossierStep
from koers.matching import services as matching_services
from koers.matching.models import Match
from koers.people.models import Person, Placement


def item_rows(request, items, *, bound: dict | None = None, forms: bool = True) -> list[dict]:
    """What a row needs: the item, its links, and where the user may write, where it is
    closed (``action``) and its closing form (none with ``forms=False``: the worklist loads a
    row's form when it is opened)."""
    links = RecordLinks()
    writable = may(request.user, Capability.WRITE)
    rows = []
    for item in items:
        closes = writable and item.rule in CLOSERS
        form = None
        if closes and forms:
            form = (bound or {}).get(item.html_id) or close_form(item)
        rows.append(
            {
                "item": item,
                "record_url": links.record(item),
                "person_url": links.person(item),
                "form": form,
                "action": close_url(item) if closes else "",
                "label": CLOSERS[item.rule].label if closes else "",
            }
        )
    return rows


# gettext_lazy by its name: makemessages (and tests/i18n) do not read an alias such as _l
WORKLIST = Listing(
    name="termijnen",
    columns=(
        Column(
            "vervaldatum", gettext_lazy("vervaldatum"), ("item__due_on",), lambda r: r.item.due_on
        ),
        Column(
            "client",
            gettext_lazy("cliënt"),
            ("item__family_name", "item__given_name"),
            lambda r: r.item.person_name,
        ),
        Column("wat", gettext_lazy("wat"), ("item__rule_name", "item__detail"), lambda r: r.what),
        Column(
            "coach",
            gettext_lazy("coach of vrijwilliger"),
            ("worker__family_name", "worker__given_name"),
            lambda r: r.worker_name,
        ),
        Column(
            "vestiging", gettext_lazy("vestiging"), ("location_name",), lambda r: r.location_name
        ),
        Column(
            "status",
            gettext_lazy("status"),
            ("status_rank", "item__due_on"),
            lambda r: r.status_label,
        ),
        Column(
            "afsluiten", gettext_lazy("afsluiten")
        ),  # the closing form: not sorted, not exported
    ),
    default_sort="vervaldatum",  # overdue first
    filters=WorklistFilter,
    period=("item__due_on", gettext_lazy("vervaldatum")),
    export_route="deadlines:worklist_export",
    tie_breaker="item__html_id",
)


def worklist_listing(*, several_branches: bool, closing: bool) -> Listing:
    """The worklist's columns for this user: the branch for several, the closing form for
    a user who may close items."""
    dropped = {"vestiging"} if not several_branches else set()
    dropped |= {"afsluiten"} if not closing else set()
    return replace(WORKLIST, columns=tuple(c for c in WORKLIST.columns if c.key not in dropped))


def _with_links_and_closing(request, rows: list[WorkRow]) -> None:
    """The page's rows get their links and, where the user may close them, where to: the
    form itself is fetched when a row's "Afsluiten" opens (a form per row was two thirds of
    the page's time on a large branch)."""
    shown_rows = item_rows(request, [row.item for row in rows], forms=False)
    for row, shown in zip(rows, shown_rows, strict=True):
        row.record_url, row.person_url = shown["record_url"], shown["person_url"]
        row.action = shown["action"]


@view_scope(Category.PERSON)
@require_GET
def worklist_page(request, fmt=None):
    """Every open item the user may see (a volunteer: their clients'; legal: the dossiers;
    a team leader: the branch; a regional manager: the region, read only), sorted by due
    date (overdue first), filtered, paged and exported as shown (``core.listing``)."""
    today = timezone.localdate()
    branches = list(Location.objects.for_user(request.user))
    rows = work_rows(user=request.user, on=today, locations=branches)
    several = len(branches) > 1
    closing = fmt is None and may(request.user, Capability.WRITE)
    listing = worklist_listing(several_branches=several, closing=closing)
    context = {"several_branches": several, "closing": closing}
    if fmt is None:
        digests = recent_digests(request.user)
        log_access(
            request,
            {i["person"].pk for digest in digests for i in digest["items"] if i["person"]},
            action=AccessLogEntry.Action.VIEW,
            what="verstuurde termijnoverzichten",
        )
        context |= {
            "digests": digests,
            "manages_rules": may(request.user, Capability.CONFIGURE_DEADLINES),
        }
    return listing.respond(
        request,
        lambda **values: filtered(rows, **values),
        fmt=fmt,
        form_kwargs={"rules": rules_of(rows), "coaches": coaches_of(rows), "branches": branches},
        prepare=None if fmt else lambda shown: _with_links_and_closing(request, shown.rows),
        template="deadlines/worklist.html",
        what=_("termijnen"),
        person_of=lambda row: row.item.person_pk,
        context=context,
    )


CELL = "close-"  # the id of a worklist row's closing cell: CELL + the item's html_id


def close_item(request, *, person: Person, record, rule: str, save):
    """Show (GET) or submit (POST) the form that closes an item of ``record``.

    ``save`` is the closing service with the record bound; the form's fields are its
    remaining keyword arguments. From the worklist's table (htmx aims at the row's closing
    cell, ``close-<item>``) the answer is that cell's content; from a list of items (the
    client file, this page) the item's whole ``<li>``. ``?termijn=<item>`` picks one of
    the record's items (a worklist row's, a match's 3 or 6 months' evaluation).
    """
    today = timezone.localdate()
    in_cell = request.headers.get("HX-Request") and request.headers.get("HX-Target", "").startswith(
        CELL
    )
    items = [
        item
        for item in open_items(
            on=today, user=request.user, locations=[person.location_id], persons=[person]
        )
        if item.record_uid == str(record.uid) and item.rule.startswith(rule)
    ]
    if wanted := request.GET.get("termijn"):  # one of a record's items (a match's 3m or 6m)
        items = [item for item in items if item.html_id == wanted]
    bound = {}
    if request.method == "POST":
        target = next((i for i in items if i.rule == rule), None)
        form_class = CLOSERS[rule].form if rule in CLOSERS else EvaluationForm
        form = close_form(target, request.POST) if target else form_class(request.POST)
        saved = submit(form, lambda data: save(**close_values(rule, data), by=request.user))
        if saved is not None:
            log_access(request, [person], action=AccessLogEntry.Action.EDIT, what="termijn")
            if in_cell:
                return render(request, "deadlines/_closed_cell.html", {"item": target})
            if request.headers.get("HX-Request"):
                return render(request, "deadlines/_closed_row.html", {"item": target})
            messages.success(request, _("De termijn is afgesloten."))
            return redirect("deadlines:worklist")
        if target is not None:
            bound[target.html_id] = form
        items = [target] if target is not None else []
    log_access(request, [person], action=AccessLogEntry.Action.VIEW, what="termijn")
    rows = item_rows(request, items, bound=bound)
    status = form_status(request)
    if in_cell:  # a row's form on opening, or again with its errors
        cell = {"row": rows[0] if rows else None, "opened": True}
        return render(request, "deadlines/_close_cell.html", cell, status=status)
    if request.headers.get("HX-Request") and rows:
        return render(request, "deadlines/_item_row.html", {"row": rows[0]}, status=status)
    return render(request, "deadlines/close.html", {"rows": rows, "person": person}, status=status)


def writing(request) -> bool:
    return request.method == "POST"


@view_scope(Category.LEGAL)
def step_done(request, dossierstep_uid):
    step = get_for_user(
        DossierStep.objects.select_related("dossier__person"),
        request.user,
        write=writing(request),
        uid=dossierstep_uid,
    )
    return close_item(
        request,
        person=step.dossier.person,
        record=step,
        rule="dossier_step",
        save=partial(legal_services.step_mark_done, step=step),
    )


@view_scope(Category.COACHING)
def match_evaluation(request, match_uid):
    match = get_for_user(
        Match.objects.select_related("person"), request.user, write=writing(request), uid=match_uid
    )
    moment = request.POST.get("moment", "")
    return close_item(
        request,
        person=match.person,
        record=match,
        rule=f"match_evaluation_{moment}" if moment in {"3m", "6m"} else "match_evaluation",
        save=partial(matching_services.match_evaluate, match=match),
    )


def _housed_person(request, person_uid) -> Person:
    """A client through the coaching reach of their housing (as the person-level terms are)."""
    write = writing(request)
    housed = Placement.objects.for_user(request.user, write=write).values("person")
    return get_for_user(
        Person.objects.filter(pk__in=housed), request.user, write=write, uid=person_uid
    )


@view_scope(Category.COACHING)
def participation_statement(request, person_uid):
    person = _housed_person(request, person_uid)
    return close_item(
        request,
        person=person,
        record=person,
        rule="pvt_signature",
        save=partial(services.participation_statement_record, person=person),
    )


@view_scope(Category.COACHING)
def civic_integration(request, person_uid):
    person = _housed_person(request, person_uid)
    return close_item(
        request,
        person=person,
        record=person,
        rule="civic_integration_term",
        save=partial(services.civic_integration_result_record, person=person),
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
@require_GET
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
    clearing = "clear" in request.POST and current is not None and current is not rule
    if request.method == "POST":
        target = {"rule": rule, "region": region, "location": location, "by": request.user}

        def write(data):
            if clearing:
                services.rule_setting_clear(expected_version=data["version"] or 0, **target)
                return _("De eigen termijn is verwijderd.")
            services.rule_setting_save(
                expected_version=data["version"],
                offset_years=data["offset_years"],
                offset_months=data["offset_months"],
                offset_weeks=data["offset_weeks"] or 0,
                offset_days=data["offset_days"],
                enabled=data["enabled"],
                **target,
            )
            return _("De termijn is opgeslagen.")

        done = submit(form, write)
        if done is not None:
            messages.success(request, done)
            return redirect("deadlines:rules")
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
        status=form_status(request),
    )
