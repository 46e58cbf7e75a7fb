"""Trajectories and their plan, ZRM, referrals, budget and signals: the coach's pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from koers.coaching import selectors, services
from koers.coaching.forms import (
    BudgetLineForm,
    CoachChangeForm,
    EvaluationForm,
    HandoverForm,
    MeasurementForm,
    PlanForm,
    ReferralFilter,
    ReferralForm,
    ReferralOutcomeForm,
    SignalFilter,
    SignalForm,
    SignalReportedForm,
    TrajectoryCloseForm,
    TrajectoryFilter,
    TrajectoryStartForm,
)
from koers.coaching.models import (
    BudgetLine,
    Referral,
    SelfRelianceMeasurement,
    Signal,
    Trajectory,
)
from koers.cooperation.selectors import partners_to_choose
from koers.core.access import (
    get_client_record,
    log_access,
    view_scope,
)
from koers.core.editing import (
    form_page,
    form_status,
    saved_redirect,
    submit,
)
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Capability, Category, get_for_user, locations_to_write, may
from koers.people.models import Household, Person
from koers.staff.models import StaffMember

VIEW, EDIT = AccessLogEntry.Action.VIEW, AccessLogEntry.Action.EDIT


def trajectory_url(trajectory: Trajectory) -> str:
    return reverse("coaching:trajectory_detail", kwargs={"trajectory_uid": trajectory.uid})


def _trajectory(request, trajectory_uid, *, write: bool, what: str) -> Trajectory:
    return get_client_record(
        request,
        Trajectory.objects.select_related("person", "coach"),
        write=write,
        what=what,
        uid=trajectory_uid,
    )


TRAJECTORIES = Listing(
    name="trajecten",
    columns=(
        Column(
            "client",
            _l("cliënt"),
            ("person__family_name", "person__given_name"),
            lambda t: str(t.person),
        ),
        Column("soort", _l("soort"), ("kind",), lambda t: t.get_kind_display()),
        Column(
            "coach",
            _l("coach"),
            ("coach__family_name", "coach__given_name"),
            lambda t: str(t.coach) if t.coach else "",
        ),
        Column("gestart", _l("gestart"), ("started_on",), lambda t: t.started_on),
        Column("beeindigd", _l("beëindigd"), ("ended_on",), lambda t: t.ended_on),
        Column("reden", _l("reden einde"), (), lambda t: t.get_end_reason_display()),
    ),
    default_sort="gestart",
    default_descending=True,
    filters=TrajectoryFilter,
    period=("started_on", _l("gestart")),
    export_route="coaching:trajectory_list_export",
)


REFERRALS = Listing(
    name="verwijzingen",
    columns=(
        Column("datum", _l("datum"), ("referred_on",), lambda r: r.referred_on),
        Column(
            "client",
            _l("cliënt"),
            ("person__family_name", "person__given_name"),
            lambda r: str(r.person),
        ),
        Column(
            "partner", _l("partner"), ("partner", "organisation__name"), lambda r: r.partner_name
        ),
        Column("warm", _l("warme overdracht"), ("warm_handover",), lambda r: r.warm_handover),
        Column("reden", _l("reden"), (), lambda r: r.reason),
        Column("uitkomst", _l("uitkomst"), ("outcome",), lambda r: r.get_outcome_display()),
    ),
    default_sort="datum",
    default_descending=True,
    filters=ReferralFilter,
    period=("referred_on", _l("verwezen")),
    export_route="coaching:referral_list_export",
)


SIGNALS = Listing(
    name="signalen",
    columns=(
        Column("gesignaleerd", _l("gesignaleerd"), ("noticed_on",), lambda s: s.noticed_on),
        Column("onderwerp", _l("onderwerp"), ("topic",), lambda s: s.get_topic_display()),
        Column("omschrijving", _l("omschrijving"), (), lambda s: s.description),
        Column("vestiging", _l("vestiging"), ("location__name",), lambda s: s.location.name),
        Column("gemeld", _l("gemeld aan de gemeente"), ("reported_on",), lambda s: s.reported_on),
    ),
    default_sort="gesignaleerd",
    default_descending=True,
    filters=SignalFilter,
    period=("noticed_on", _l("gesignaleerd")),
    export_route="coaching:signal_list_export",
)


@view_scope(Category.COACHING)
@require_GET
def trajectory_list(request, fmt=None):
    return TRAJECTORIES.respond(
        request,
        lambda **values: selectors.trajectory_list(request.user, **values),
        fmt=fmt,
        form_kwargs={"coaches": selectors.coaches_in_list(request.user)},
        template="coaching/trajectory_list.html",
        what=_("trajectenlijst"),
        person_of=lambda trajectory: trajectory.person,
        context={"may_assign": may(request.user, Capability.ASSIGN_COACH)},
    )


@view_scope(Category.COACHING)
def trajectory_start(request, person_uid):
    person = get_for_user(Person, request.user, write=request.method == "POST", uid=person_uid)
    log_access(request, [person], action=EDIT, what=_("traject starten"))
    coaches = selectors.coaches_to_choose(
        request.user, kind=None, location_id=person.location_id, on=timezone.localdate()
    )
    form = TrajectoryStartForm(request.POST or None, person=person, coaches=coaches)
    return form_page(
        request,
        form,
        lambda data: services.trajectory_start(
            person=person,
            kind=data["kind"],
            coach=data["coach"],
            started_on=data["started_on"],
            by=request.user,
        ),
        title=_("Traject starten voor %(person)s") % {"person": person},
        done=trajectory_url,
        saved=_("Het traject is gestart."),
        back=reverse("coaching:trajectory_list"),
    )


@view_scope(Category.COACHING)
@require_GET
def trajectory_detail(request, trajectory_uid):
    trajectory = _trajectory(request, trajectory_uid, write=False, what=_("traject"))
    full = selectors.trajectories_of_person(request.user, trajectory.person).get(pk=trajectory.pk)
    plan = selectors.plan_of(full)
    return render(
        request,
        "coaching/trajectory_detail.html",
        {
            "trajectory": full,
            "plan": plan,
            "plan_history": selectors.plan_history(plan) if plan else [],
            "zrm": selectors.zrm_comparison(full),
            "coach_history": selectors.coach_history(full),
            "may_assign": may(
                request.user, Capability.ASSIGN_COACH, location=trajectory.person.location
            ),
        },
    )


def _may_assign_somewhere(request) -> None:
    if not may(request.user, Capability.ASSIGN_COACH):
        raise Http404


@view_scope(Category.COACHING)
def coach_change(request, trajectory_uid):
    """Another coach for a running trajectory from a given day: the team leader's."""
    _may_assign_somewhere(request)
    trajectory = get_for_user(
        Trajectory.objects.select_related("person", "coach"),
        request.user,
        write=True,
        uid=trajectory_uid,
    )
    if trajectory.ended_on:  # the trajectory's page says why (and logs its opening)
        messages.info(request, _("Dit traject is al afgesloten."))
        return redirect(trajectory_url(trajectory))
    log_access(request, [trajectory.person], action=EDIT, what=_("coach wisselen"))
    today = timezone.localdate()
    coaches = selectors.coaches_to_choose(
        request.user, kind=trajectory.kind, location_id=trajectory.person.location_id, on=today
    ).exclude(pk=trajectory.coach_id or 0)
    form = CoachChangeForm(
        request.POST or None,
        coaches=coaches,
        initial={"version": trajectory.version, "changed_on": today},
    )
    current = trajectory.coach or _("geen coach")
    return form_page(
        request,
        form,
        lambda data: services.trajectory_change_coach(
            trajectory=trajectory,
            coach=data["coach"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Coach wisselen: %(trajectory)s") % {"trajectory": trajectory},
        intro=_(
            "Nu: %(coach)s, sinds %(day)s. Het traject loopt door; de wissel komt in de "
            "geschiedenis van het traject."
        )
        % {"coach": current, "day": date_text(trajectory.coach_from)},
        done=trajectory_url,
        saved=_("De coach is gewisseld."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
@require_GET
def handover_index(request):
    """The coaches of the team leader's branches with their caseload: pick who leaves."""
    _may_assign_somewhere(request)
    coaches = selectors.coaches_with_caseload(request.user)
    return render(request, "coaching/handover_index.html", {"coaches": coaches})


@view_scope(Category.COACHING)
def handover(request, staffmember_uid):
    """All trajectories of one coach handed over in one screen, from one day."""
    _may_assign_somewhere(request)
    member = get_for_user(StaffMember, request.user, uid=staffmember_uid)
    if not may(request.user, Capability.ASSIGN_COACH, location=member.location):
        raise Http404
    today = timezone.localdate()
    trajectories = list(selectors.caseload_of(request.user, member))
    log_access(
        request,
        [t.person for t in trajectories],
        action=EDIT if request.method == "POST" else VIEW,
        what=_("caseload overdragen"),
    )
    by_kind = {
        kind: list(
            selectors.coaches_to_choose(
                request.user, kind=kind, location_id=member.location_id, on=today
            ).exclude(pk=member.pk)
        )
        for kind in {t.kind for t in trajectories}
    }
    form = HandoverForm(
        request.POST or None,
        trajectories=trajectories,
        coaches_for=lambda trajectory: by_kind[trajectory.kind],
        initial={"changed_on": today},
    )
    if request.method == "POST" and trajectories:
        saved = submit(
            form,
            lambda data: services.caseload_handover(
                member=member,
                assignments=form.assignments(data),
                changed_on=data["changed_on"],
                reason=data["reason"],
                by=request.user,
            ),
        )
        if saved is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d traject is overgedragen.",
                    "%(count)d trajecten zijn overgedragen.",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return redirect("coaching:handover_index")
    return render(
        request,
        "coaching/handover.html",
        {"member": member, "form": form, "trajectories": trajectories},
        status=form_status(request),
    )


@view_scope(Category.COACHING)
def trajectory_close(request, trajectory_uid):
    trajectory = _trajectory(request, trajectory_uid, write=True, what=_("traject afsluiten"))
    if trajectory.ended_on:
        messages.info(request, _("Dit traject is al afgesloten."))
        return redirect(trajectory_url(trajectory))
    form = TrajectoryCloseForm(
        request.POST or None,
        initial={"version": trajectory.version},
        location=trajectory.person.location,
        organisations=partners_to_choose(request.user, trajectory.person.location),
    )
    return form_page(
        request,
        form,
        lambda data: services.trajectory_close(
            trajectory=trajectory,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            exit_conversation_on=data["exit_conversation_on"],
            exit_summary=data["exit_summary"],
            expected_version=data["version"] or 0,
            referral=form.referral(data),
            by=request.user,
        ),
        title=_("Traject afsluiten: %(trajectory)s") % {"trajectory": trajectory},
        intro=_("Leg het exitgesprek vast en draag de cliënt zo nodig warm over aan een partner."),
        done=trajectory_url,
        saved=_("Het traject is afgesloten."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
def plan_edit(request, trajectory_uid):
    trajectory = _trajectory(request, trajectory_uid, write=True, what=_("trajectplan"))
    plan = selectors.plan_of(trajectory)
    initial = (
        {
            "goals": plan.goals,
            "actions": plan.actions,
            "agreed_on": plan.agreed_on,
            "version": plan.version,
        }
        if plan
        else {}
    )
    form = PlanForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.plan_save(
            trajectory=trajectory,
            goals=data["goals"],
            actions=data["actions"],
            agreed_on=data["agreed_on"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Trajectplan: %(trajectory)s") % {"trajectory": trajectory},
        done=lambda plan: trajectory_url(trajectory),
        saved=_("Het plan is opgeslagen; de vorige versie staat in de geschiedenis."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
def evaluation_add(request, trajectory_uid):
    trajectory = _trajectory(request, trajectory_uid, write=True, what=_("evaluatie traject"))
    form = EvaluationForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.evaluation_create(
            trajectory=trajectory, held_on=data["held_on"], notes=data["notes"], by=request.user
        ),
        title=_("Evaluatie: %(trajectory)s") % {"trajectory": trajectory},
        done=lambda evaluation: trajectory_url(trajectory),
        saved=_("De evaluatie is opgeslagen."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
def measurement_edit(request, trajectory_uid, moment):
    if moment not in SelfRelianceMeasurement.Moment.values:
        raise Http404
    trajectory = _trajectory(request, trajectory_uid, write=True, what=_("zelfredzaamheid"))
    measurement = SelfRelianceMeasurement.objects.filter(
        trajectory=trajectory, moment=moment
    ).first()
    initial = {}
    if measurement:
        initial = {"measured_on": measurement.measured_on, "version": measurement.version}
        initial |= {f"zrm_{s.domain}": s.score for s in measurement.scores.all()}
    form = MeasurementForm(
        request.POST or None, initial=initial, location=trajectory.person.location
    )
    return form_page(
        request,
        form,
        lambda data: services.measurement_save(
            trajectory=trajectory,
            moment=moment,
            measured_on=data["measured_on"],
            scores=form.scores(data),
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Zelfredzaamheid-Matrix, %(moment)s: %(trajectory)s")
        % {"moment": SelfRelianceMeasurement.Moment(moment).label, "trajectory": trajectory},
        intro=_("Score per domein van 1 (acute problematiek) tot 5 (volledig zelfredzaam)."),
        done=lambda measurement: trajectory_url(trajectory),
        saved=_("De meting is opgeslagen."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
def referral_add(request, trajectory_uid):
    trajectory = _trajectory(request, trajectory_uid, write=True, what=_("verwijzing"))
    form = ReferralForm(
        request.POST or None,
        location=trajectory.person.location,
        organisations=partners_to_choose(request.user, trajectory.person.location),
    )
    return form_page(
        request,
        form,
        lambda data: services.referral_create(
            person=trajectory.person,
            trajectory=trajectory,
            by=request.user,
            **form.referral_data(data),
        ),
        title=_("Verwijzing: %(person)s") % {"person": trajectory.person},
        done=lambda referral: trajectory_url(trajectory),
        saved=_("De verwijzing is opgeslagen."),
        back=trajectory_url(trajectory),
    )


@view_scope(Category.COACHING)
@require_GET
def referral_list(request, fmt=None):
    return REFERRALS.respond(
        request,
        lambda **values: selectors.referral_list(request.user, **values),
        fmt=fmt,
        template="coaching/referral_list.html",
        what=_("verwijzingen"),
        person_of=lambda referral: referral.person,
    )


@view_scope(Category.COACHING)
def referral_outcome(request, referral_uid):
    referral = get_for_user(
        Referral.objects.select_related("person", "trajectory", "organisation"),
        request.user,
        write=True,
        uid=referral_uid,
    )
    log_access(request, [referral.person], action=EDIT, what=_("uitkomst verwijzing"))
    form = ReferralOutcomeForm(
        request.POST or None,
        initial={
            "outcome": referral.outcome,
            "outcome_note": referral.outcome_note,
            "version": referral.version,
        },
    )
    back = (
        trajectory_url(referral.trajectory)
        if referral.trajectory
        else reverse("coaching:referral_list")
    )
    return form_page(
        request,
        form,
        lambda data: services.referral_record_outcome(
            referral=referral,
            outcome=data["outcome"],
            outcome_note=data["outcome_note"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Uitkomst verwijzing naar %(partner)s") % {"partner": referral.partner_name},
        done=lambda saved: back,
        saved=_("De uitkomst is opgeslagen."),
        back=back,
    )


def budget_url(household: Household) -> str:
    return reverse("coaching:budget", kwargs={"household_uid": household.uid})


@view_scope(Category.COACHING)
def budget(request, household_uid):
    """The household's budget overview, with the form to add a line below it."""
    household = get_for_user(
        Household, request.user, write=request.method == "POST", uid=household_uid
    )
    members = list(Person.objects.for_user(request.user).filter(household=household))
    if not members:
        raise Http404
    log_access(request, members, action=VIEW, what=_("budgetoverzicht"))
    form = BudgetLineForm(request.POST or None)
    response = saved_redirect(
        request,
        form,
        lambda data: services.budget_line_create(
            household=household, by=request.user, **data_of(data)
        ),
        done=lambda line: budget_url(household),
        saved=_("De regel is toegevoegd."),
    )
    return response or render(
        request,
        "coaching/budget.html",
        {
            "household": household,
            "members": members,
            "summary": selectors.budget_summary(request.user, household),
            "form": form,
        },
        status=form_status(request),
    )


def data_of(data: dict) -> dict:
    """The budget line's own fields from a form's cleaned data."""
    return {name: data[name] for name in ("kind", "description", "amount", "counterparty")}


def _budget_line(request, budgetline_uid) -> BudgetLine:
    line = get_for_user(
        BudgetLine.objects.select_related("household"),
        request.user,
        write=True,
        uid=budgetline_uid,
    )
    log_access(
        request,
        line.household.members.all(),
        action=EDIT,
        what=_("budgetoverzicht"),
    )
    return line


@view_scope(Category.COACHING)
def budget_line_edit(request, budgetline_uid):
    line = _budget_line(request, budgetline_uid)
    form = BudgetLineForm(
        request.POST or None,
        initial={
            "kind": line.kind,
            "description": line.description,
            "amount": line.amount,
            "counterparty": line.counterparty,
            "version": line.version,
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.budget_line_update(
            line=line, expected_version=data["version"] or 0, by=request.user, **data_of(data)
        ),
        title=_("Budgetregel wijzigen"),
        done=lambda saved: budget_url(line.household),
        saved=_("De regel is gewijzigd."),
        back=budget_url(line.household),
    )


@require_POST
@view_scope(Category.COACHING)
def budget_line_delete(request, budgetline_uid):
    line = _budget_line(request, budgetline_uid)
    services.budget_line_delete(line=line, by=request.user)
    messages.success(request, _("De regel is verwijderd."))
    return redirect(budget_url(line.household))


@view_scope(Category.BRANCH)
def signal_list(request):
    """Bottlenecks of the branch, and the form to add one (no personal data in them)."""
    locations = locations_to_write(request.user, Signal)
    # its own ids: the filter above has a "topic" and a "location" too (one id, one element)
    form = SignalForm(request.POST or None, locations=locations, auto_id="id_signal_%s")
    response = saved_redirect(
        request,
        form,
        lambda data: services.signal_create(
            location=data["location"],
            topic=data["topic"],
            description=data["description"],
            noticed_on=data["noticed_on"],
            by=request.user,
        ),
        done=lambda signal: reverse("coaching:signal_list"),
        saved=_("Het signaal is vastgelegd."),
    )
    if response is not None:
        return response
    response = _signals(request, context={"form": form if locations.exists() else None})
    response.status_code = form_status(request)
    return response


@view_scope(Category.BRANCH)
@require_GET
def signal_list_export(request, fmt):
    return _signals(request, fmt=fmt)


def _signals(request, fmt=None, context=None):
    return SIGNALS.respond(
        request,
        lambda **values: selectors.signal_list(request.user, **values),
        fmt=fmt,
        template="coaching/signal_list.html",
        what=_("signalen"),
        context=context,
    )


@view_scope(Category.BRANCH)
def signal_report(request, signal_uid):
    signal = get_for_user(Signal, request.user, write=True, uid=signal_uid)
    form = SignalReportedForm(request.POST or None, initial={"version": signal.version})
    return form_page(
        request,
        form,
        lambda data: services.signal_mark_reported(
            signal=signal,
            reported_on=data["reported_on"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Signaal gemeld aan de gemeente"),
        intro=signal.description,
        done=lambda saved: reverse("coaching:signal_list"),
        saved=_("Vastgelegd dat het signaal is gemeld."),
        back=reverse("coaching:signal_list"),
    )
