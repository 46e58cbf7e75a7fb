"""The matching flow's pages: waiting list → suggestions → start → evaluate → stop → rematch."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.core.access import get_client_record, log_access, user_reaches, view_scope
from koers.core.editing import REFUSED, form_page
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Capability, Category, get_for_user, may
from koers.matching import selectors, services
from koers.matching.forms import (
    MatchEvaluationForm,
    MatchExtendForm,
    MatchFilter,
    MatchRematchForm,
    MatchRequestForm,
    MatchStartForm,
    MatchStopForm,
    MatchWithdrawForm,
    VolunteerChangeForm,
    VolunteerProfileForm,
    WaitingFilter,
)
from koers.matching.models import Match, VolunteerProfile
from koers.people.models import Person
from koers.staff.models import StaffMember

VIEW, EDIT = AccessLogEntry.Action.VIEW, AccessLogEntry.Action.EDIT


def match_url(match: Match) -> str:
    return reverse("matching:match_detail", kwargs={"match_uid": match.uid})


def _match(request, match_uid, *, write: bool, what: str) -> Match:
    return get_client_record(
        request,
        Match.objects.select_related("person", "staff", "previous"),
        write=write,
        what=what,
        uid=match_uid,
    )


CLIENT = Column(
    "client", _l("cliënt"), ("person__family_name", "person__given_name"), lambda m: str(m.person)
)
PROGRAM = Column("programma", _l("programma"), ("program",), lambda m: m.get_program_display())
REQUESTED = Column("aangemeld", _l("aangemeld"), ("requested_on",), lambda m: m.requested_on)
WAITING = Listing(
    name="wachtlijst",
    columns=(
        REQUESTED,
        Column(
            "wacht",
            _l("wacht"),
            (),
            lambda m: timesince(m.requested_on, timezone.localdate()),
        ),
        CLIENT,
        PROGRAM,
        Column(
            "talen",
            _l("talen"),
            (),
            lambda m: ", ".join(language.get_language_display() for language in m.languages.all()),
        ),
    ),
    default_sort="aangemeld",
    filters=WaitingFilter,
    period=("requested_on", _l("aangemeld")),
    export_route="matching:waiting_list_export",
)
MATCHES = Listing(
    name="koppelingen",
    columns=(
        CLIENT,
        PROGRAM,
        Column(
            "vrijwilliger",
            _l("vrijwilliger"),
            ("staff__family_name", "staff__given_name"),
            lambda m: str(m.staff) if m.staff else "",
        ),
        REQUESTED,
        Column("gestart", _l("gestart"), ("started_on",), lambda m: m.started_on),
        Column("einde", _l("einde"), ("ended_on",), lambda m: m.ended_on),
        Column("uitkomst", _l("uitkomst"), ("outcome",), lambda m: m.get_outcome_display()),
    ),
    default_sort="aangemeld",
    default_descending=True,
    filters=MatchFilter,
    period=("requested_on", _l("aangemeld")),
    export_route="matching:match_list_export",
)


@view_scope(Category.COACHING)
@require_GET
def waiting_list(request, fmt=None):
    return WAITING.respond(
        request,
        lambda **values: selectors.waiting_list(request.user, **values),
        fmt=fmt,
        template="matching/waiting_list.html",
        what=_("wachtlijst koppelingen"),
        person_of=lambda match: match.person,
        context={"today": timezone.localdate()},
    )


@view_scope(Category.COACHING)
@require_GET
def match_list(request, fmt=None):
    return MATCHES.respond(
        request,
        lambda **values: selectors.match_list(request.user, **values),
        fmt=fmt,
        template="matching/match_list.html",
        what=_("koppelingen"),
        person_of=lambda match: match.person,
    )


@view_scope(Category.COACHING)
def match_request(request, person_uid):
    person = get_for_user(Person, request.user, write=request.method == "POST", uid=person_uid)
    log_access(request, [person], action=EDIT, what=_("aanmelding koppeling"))
    form = MatchRequestForm(
        request.POST or None, person=person, initial={"requested_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        lambda data: services.match_request(
            person=person,
            program=data["program"],
            requested_on=data["requested_on"],
            languages=data["languages"],
            daytime=data["daytime"],
            evening=data["evening"],
            weekend=data["weekend"],
            by=request.user,
        ),
        title=_("Aanmelden voor een koppeling: %(person)s") % {"person": person},
        done=match_url,
        saved=_("De cliënt staat op de wachtlijst."),
        back=reverse("matching:waiting_list"),
    )


def _shortfall(request, match: Match) -> dict:
    """When nobody can take the waiting client (``suggestions`` is empty): why, who is
    nearly cleared, and what the user can do about it (the staff pages)."""
    location = match.person.location
    return {
        "why": selectors.volunteer_shortfall(request.user, match, on=timezone.localdate()),
        "manages_staff": may(request.user, Capability.MANAGE_STAFF, location=location),
        "reads_staff": user_reaches(request.user, Category.STAFF),
    }


@view_scope(Category.COACHING)
@require_GET
def match_detail(request, match_uid):
    match = _match(request, match_uid, write=False, what=_("koppeling"))
    suggestions = selectors.suggestions(request.user, match) if match.status == "waiting" else []
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "suggestions": suggestions,
            "shortfall": _shortfall(request, match)
            if match.status == "waiting" and not suggestions
            else None,
            "evaluations": match.evaluations.all(),
            "rematch": getattr(match, "rematch", None),
            "staff_periods": match.staff_periods.select_related("staff"),
            "may_assign": match.status == "running"
            and may(request.user, Capability.ASSIGN_COACH, location=match.person.location),
        },
    )


@view_scope(Category.COACHING)
def match_change_volunteer(request, match_uid):
    """Another volunteer for a running match from a given day: the team leader's."""
    if not may(request.user, Capability.ASSIGN_COACH):
        raise Http404
    match = get_for_user(
        Match.objects.select_related("person", "staff"), request.user, write=True, uid=match_uid
    )
    if match.status != "running":  # the match's page says why (and logs its opening)
        messages.info(request, _("Deze koppeling loopt niet (meer)."))
        return redirect(match_url(match))
    log_access(request, [match.person], action=EDIT, what=_("vrijwilliger wisselen"))
    today = timezone.localdate()
    readable = StaffMember.objects.for_user(request.user).values("pk")
    volunteers = (
        selectors.eligible_volunteers(match=match, on=today)
        .filter(pk__in=readable)
        .exclude(pk=match.staff_id or 0)
    )
    form = VolunteerChangeForm(
        request.POST or None,
        volunteers=volunteers,
        initial={"version": match.version, "changed_on": today},
    )
    return form_page(
        request,
        form,
        lambda data: services.match_change_volunteer(
            match=match,
            staff=data["staff"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Vrijwilliger wisselen: %(match)s") % {"match": match},
        intro=_(
            "Nu: %(staff)s, sinds %(day)s. De koppeling loopt door; de wissel komt in haar "
            "geschiedenis."
        )
        % {"staff": match.staff or "—", "day": date_text(match.staff_from)},
        done=match_url,
        saved=_("De vrijwilliger is gewisseld."),
        back=match_url(match),
    )


@view_scope(Category.COACHING)
def match_start(request, match_uid):
    match = _match(request, match_uid, write=True, what=_("koppeling starten"))
    ranked = selectors.suggestions(request.user, match, limit=50)
    if not ranked:  # no empty list to choose from: why, and what to do
        return render(
            request,
            "matching/no_volunteer.html",
            {"match": match, "shortfall": _shortfall(request, match)},
            status=200 if request.method == "GET" else REFUSED,
        )
    candidates = StaffMember.objects.filter(pk__in=[s.staff.pk for s in ranked])
    chosen = next((s.staff for s in ranked if str(s.staff.uid) == request.GET.get("staff")), None)
    form = MatchStartForm(
        request.POST or None,
        match=match,
        candidates=candidates,
        initial={"version": match.version, "staff": chosen, "started_on": timezone.localdate()},
    )
    return form_page(
        request,
        form,
        lambda data: services.match_start(
            match=match,
            staff=data["staff"],
            started_on=data["started_on"],
            expected_version=data["version"] or 0,
            correct_request_date=data["confirmed"],
            by=request.user,
        ),
        title=_("Koppeling starten: %(match)s") % {"match": match},
        done=match_url,
        saved=_("De koppeling is gestart."),
        back=match_url(match),
    )


def _step(request, match_uid, *, form_class, write, title, saved, what):
    """One step on a match: the form, the service call and the way back."""
    match = _match(request, match_uid, write=True, what=what)
    form = form_class(request.POST or None, initial={"version": match.version})
    return form_page(
        request,
        form,
        lambda data: write(match, data),
        title=f"{title}: {match}",
        done=lambda result: match_url(result if isinstance(result, Match) else match),
        saved=saved,
        back=match_url(match),
    )


@view_scope(Category.COACHING)
def match_evaluate(request, match_uid):
    return _step(
        request,
        match_uid,
        form_class=MatchEvaluationForm,
        write=lambda match, data: services.match_evaluate(
            match=match,
            moment=data["moment"],
            held_on=data["held_on"],
            note=data["note"],
            by=request.user,
        ),
        title=_("Evaluatie"),
        saved=_("De evaluatie is opgeslagen."),
        what=_("evaluatie koppeling"),
    )


@view_scope(Category.COACHING)
def match_extend(request, match_uid):
    return _step(
        request,
        match_uid,
        form_class=MatchExtendForm,
        write=lambda match, data: services.match_extend(
            match=match,
            extended_on=data["extended_on"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Verlengen"),
        saved=_("De koppeling is verlengd."),
        what=_("koppeling verlengen"),
    )


@view_scope(Category.COACHING)
def match_stop(request, match_uid):
    return _step(
        request,
        match_uid,
        form_class=MatchStopForm,
        write=lambda match, data: services.match_stop(
            match=match,
            ended_on=data["ended_on"],
            outcome=data["outcome"],
            end_reason=data["end_reason"],
            end_note=data["end_note"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Beëindigen"),
        saved=_("De koppeling is beëindigd."),
        what=_("koppeling beëindigen"),
    )


@view_scope(Category.COACHING)
def match_withdraw(request, match_uid):
    return _step(
        request,
        match_uid,
        form_class=MatchWithdrawForm,
        write=lambda match, data: services.match_withdraw(
            match=match,
            ended_on=data["ended_on"],
            end_note=data["end_note"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Van de wachtlijst halen"),
        saved=_("De aanmelding is van de wachtlijst gehaald."),
        what=_("aanmelding intrekken"),
    )


@view_scope(Category.COACHING)
def match_rematch(request, match_uid):
    return _step(
        request,
        match_uid,
        form_class=MatchRematchForm,
        write=lambda match, data: services.match_rematch(
            match=match, requested_on=data["requested_on"], by=request.user
        ),
        title=_("Opnieuw koppelen"),
        saved=_("De cliënt staat opnieuw op de wachtlijst, met dezelfde wensen."),
        what=_("opnieuw koppelen"),
    )


@view_scope(Category.STAFF)
def volunteer_profile(request, staffmember_uid):
    """A volunteer's matching profile: they keep their own, the team leader every one.

    Whether this user may save it is the role table's (``VolunteerProfile.scope``), checked
    by the service: a refused save is a 404 and writes nothing.
    """
    staff = get_for_user(StaffMember, request.user, uid=staffmember_uid)
    profile = VolunteerProfile.objects.filter(staff=staff).first()
    initial = {"max_pairs": 1}
    if profile:
        initial = {
            "max_pairs": profile.max_pairs,
            "postcode_area": profile.postcode_area,
            "daytime": profile.daytime,
            "evening": profile.evening,
            "weekend": profile.weekend,
            "version": profile.version,
        }
    form = VolunteerProfileForm(request.POST or None, initial=initial)
    back = reverse("matching:waiting_list")
    return form_page(
        request,
        form,
        lambda data: services.volunteer_profile_save(
            staff=staff,
            max_pairs=data["max_pairs"],
            postcode_area=data["postcode_area"],
            daytime=data["daytime"],
            evening=data["evening"],
            weekend=data["weekend"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Koppelprofiel: %(staff)s") % {"staff": staff},
        done=lambda saved: back,
        saved=_("Het koppelprofiel is opgeslagen."),
        back=back,
    )
