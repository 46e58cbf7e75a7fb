"""Groups, their sessions and the attendance register."""

from dataclasses import replace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.core.access import log_access, view_scope
from koers.core.editing import (
    DeleteForm,
    delete_page,
    form_page,
    form_status,
    submit,
)
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing, Shown
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user, may_write
from koers.core.services import may_correct
from koers.groups import selectors, services
from koers.groups.forms import AttendanceForm, GroupFilter, SessionForm
from koers.groups.models import Attendance, Enrolment, Group, GroupSession


def may_correct_session(user, session: GroupSession) -> bool:
    """Whether the edit and delete links show (the views and services check it again)."""
    if not may_write(user, GroupSession, session.pk):
        return False
    authors = services.sheet_author_ids(session)
    return may_correct(user, session, location=session.group.location, authors=authors)


def group_url(group: Group) -> str:
    return reverse("groups:group_detail", kwargs={"group_uid": group.uid})


def attendance_url(session: GroupSession) -> str:
    return reverse("groups:attendance", kwargs={"groupsession_uid": session.uid})


def group_name(group: Group) -> str:
    """What a group is: its programme, level and language ("Taalcentrum, beginners, Arabisch")."""
    parts = [group.get_program_display()]
    if group.level:
        parts.append(group.get_level_display())
    if group.language:
        parts.append(group.get_language_display())
    return ", ".join(str(part) for part in parts)


def when_text(group: Group) -> str:
    """When it meets: its usual weekdays and part of the day ("dinsdag en donderdag, avond")."""
    days = [str(WEEKDAYS[day]) for day in getattr(group, "days", [])]
    when = " en ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days)
    part = {True: _("avond"), False: _("overdag")}.get(group.evening, "")
    return ", ".join(text for text in (when, str(part)) if text) or "—"


def helpers_text(group: Group) -> str:
    return ", ".join(str(member) for member in group.staff.all())


GROUPS = Listing(
    name="groepen",
    columns=(
        Column("groep", _l("groep"), ("program", "level", "language"), group_name),
        Column("vestiging", _l("vestiging"), ("location__name",), lambda g: str(g.location)),
        Column("wanneer", _l("dag en dagdeel"), ("evening",), when_text),
        Column("begeleiders", _l("docent of begeleiders"), (), helpers_text),
        Column("gestart", _l("gestart"), ("started_on",), lambda g: g.started_on),
        Column("einde", _l("einde"), ("ended_on",), lambda g: g.ended_on),
        Column(
            "inschrijvingen",
            _l("inschrijvingen"),
            ("enrolment_count",),
            lambda g: g.enrolment_count,
        ),
        Column("bijeenkomsten", _l("bijeenkomsten"), ("session_count",), lambda g: g.session_count),
    ),
    default_sort="gestart",
    default_descending=True,
    filters=GroupFilter,
    period=("started_on", _l("gestart")),
    export_route="groups:group_list_export",
)
MY_GROUPS = replace(GROUPS, name="mijn-groepen", export_route="groups:my_groups_export")


def _groups_page(request, listing: Listing, fmt, *, mine: bool, title: str):
    def with_meeting_days(shown: Shown) -> None:
        days = selectors.meeting_days(shown.rows)
        for group in shown.rows:
            group.days = days.get(group.pk, [])
            group.when = when_text(group)

    return listing.respond(
        request,
        lambda **values: selectors.group_list(request.user, mine=mine, **values),
        fmt=fmt,
        form_kwargs={"helpers": selectors.helpers_in_list(request.user)},
        prepare=with_meeting_days,
        template="groups/group_list.html",
        what=title,
        context={"title": title, "mine": mine},
    )


@view_scope(Category.BRANCH)
@require_GET
def group_list(request, fmt=None):
    return _groups_page(request, GROUPS, fmt, mine=False, title=_("Groepen"))


@view_scope(Category.BRANCH)
@require_GET
def my_groups(request, fmt=None):
    """The groups the user runs or teaches (their staff record is among its helpers)."""
    return _groups_page(request, MY_GROUPS, fmt, mine=True, title=_("Mijn groepen"))


@view_scope(Category.BRANCH)
@require_GET
def group_detail(request, group_uid):
    group = get_for_user(Group, request.user, uid=group_uid)
    enrolments = (
        Enrolment.objects.for_user(request.user)
        .filter(group=group)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
    log_access(
        request,
        [e.person for e in enrolments],
        action=AccessLogEntry.Action.VIEW,
        what=_("groep"),
    )
    rows = selectors.session_rows(request.user, group)
    group.days = selectors.meeting_days([group]).get(group.pk, [])
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "enrolments": enrolments,
            "sessions": rows,
            "rate": selectors.attendance_rate(rows),
            "staff": group.staff.all(),
            "when": when_text(group),
            "may_add_session": may_write(request.user, Group, group.pk),
            "correctable": services.sessions_to_correct(
                request.user, group, [row.session for row in rows]
            ),
        },
    )


@view_scope(Category.BRANCH)
def session_create(request, group_uid):
    """A new session: for those who run the group (its helpers) and the team leader."""
    group = get_for_user(Group, request.user, write=True, uid=group_uid)
    form = SessionForm(request.POST or None, group=group, initial={"date": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: services.session_create(group=group, date=data["date"], by=request.user),
        title=_("Nieuwe bijeenkomst: %(group)s") % {"group": group.get_program_display()},
        done=attendance_url,
        saved=_("De bijeenkomst is aangemaakt; neem nu de presentie op."),
        back=group_url(group),
    )


def _session_to_correct(request, groupsession_uid) -> GroupSession:
    """A session the user may correct (who recorded it or its register, the team leader)."""
    session = get_for_user(
        GroupSession.objects.select_related("group__location"),
        request.user,
        write=True,
        uid=groupsession_uid,
    )
    authors = services.sheet_author_ids(session)
    if not may_correct(request.user, session, location=session.group.location, authors=authors):
        raise Http404
    return session


@view_scope(Category.BRANCH)
def session_edit(request, groupsession_uid):
    session = _session_to_correct(request, groupsession_uid)
    group = session.group
    form = SessionForm(
        request.POST or None,
        group=group,
        session=session,
        initial={"date": session.date, "version": session.version},
    )
    form.fields["version"].required = True
    return form_page(
        request,
        form,
        lambda data: services.session_update(
            session=session, date=data["date"], expected_version=data["version"], by=request.user
        ),
        title=_("Bijeenkomst wijzigen: %(group)s") % {"group": group.get_program_display()},
        done=lambda saved: group_url(group),
        saved=_("De bijeenkomst is gewijzigd."),
        back=group_url(group),
    )


def _delete_page(request, session: GroupSession, *, delete, title, intro, saved, back):
    """The confirmation of deleting a session or its sheet: what goes, then the service."""
    recorded = Attendance.objects.filter(session=session).count()
    form = DeleteForm(request.POST or None, initial={"version": session.version})
    return delete_page(
        request,
        form,
        lambda data: delete(session=session, expected_version=data["version"], by=request.user),
        title=title,
        intro=intro,
        what=[
            (_("Groep"), session.group.get_program_display()),
            (_("Datum"), date_text(session.date, weekday=True)),
            (_("Presentie opgenomen"), str(recorded) if recorded else _("nee")),
        ],
        done=group_url(session.group),
        saved=saved,
        back=back,
    )


@view_scope(Category.BRANCH)
def session_delete(request, groupsession_uid):
    session = _session_to_correct(request, groupsession_uid)
    return _delete_page(
        request,
        session,
        delete=services.session_delete,
        title=_("Bijeenkomst verwijderen"),
        intro=_(
            "De bijeenkomst en haar presentielijst tellen daarna niet meer mee in de cijfers. "
            "Gepubliceerde jaarverslagen blijven zoals ze zijn."
        ),
        saved=_("De bijeenkomst is verwijderd."),
        back=group_url(session.group),
    )


@view_scope(Category.BRANCH)
def attendance_delete(request, groupsession_uid):
    session = _session_to_correct(request, groupsession_uid)
    return _delete_page(
        request,
        session,
        delete=services.attendance_clear,
        title=_("Presentielijst verwijderen"),
        intro=_(
            "Alle aanwezigheid van deze bijeenkomst wordt verwijderd; de bijeenkomst blijft. "
            "Gepubliceerde jaarverslagen blijven zoals ze zijn."
        ),
        saved=_("De presentielijst is verwijderd."),
        back=attendance_url(session),
    )


@view_scope(Category.COACHING)
def attendance(request, groupsession_uid):
    """The register of one session: every person enrolled that day, ticked present or not.

    Everyone who reads the session sees it; only who may write the session (its group's
    helpers, the team leader) saves it: for others a POST is a 404 and writes nothing.
    """
    write = request.method == "POST"
    session = get_for_user(
        GroupSession.objects.select_related("group"),
        request.user,
        write=write,
        uid=groupsession_uid,
    )
    enrolments = list(selectors.enrolled_on_session(request.user, session, write=write))
    people = [e.person for e in enrolments]
    log_access(
        request,
        people,
        action=AccessLogEntry.Action.EDIT if write else AccessLogEntry.Action.VIEW,
        what=_("presentielijst"),
    )
    recorded = dict(
        Attendance.objects.filter(session=session, person__in=people).values_list(
            "person_id", "present"
        )
    )
    form = AttendanceForm(
        request.POST or None,
        enrolments=enrolments,
        recorded=recorded,
        initial={"version": session.version},
    )
    if write:
        saved = submit(
            form,
            lambda data: services.attendance_save(
                session=session,
                user=request.user,
                present=form.presence(data),
                expected_version=data["version"] or 0,
                by=request.user,
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("Presentie opgeslagen: %(present)d van %(total)d aanwezig.")
                % {"present": sum(form.presence(form.cleaned_data).values()), "total": len(people)},
            )
            return redirect(group_url(session.group))
    return render(
        request,
        "groups/attendance.html",
        {
            "session": session,
            "form": form,
            "people": people,
            "may_save": write or may_write(request.user, GroupSession, session.pk),
            "may_correct": bool(recorded) and may_correct_session(request.user, session),
        },
        status=form_status(request),
    )
