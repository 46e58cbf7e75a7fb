"""Groups, their sessions and the attendance register."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.access import log_access, view_scope
from koers.core.editing import filtered, form_page, form_status, page_of, submit
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user, may_write
from koers.groups import selectors, services
from koers.groups.forms import AttendanceForm, GroupFilter, SessionForm
from koers.groups.models import Attendance, Enrolment, Group, GroupSession


def group_url(group: Group) -> str:
    return reverse("groups:group_detail", kwargs={"group_uid": group.uid})


def attendance_url(session: GroupSession) -> str:
    return reverse("groups:attendance", kwargs={"groupsession_uid": session.uid})


@view_scope(Category.BRANCH)
@require_GET
def group_list(request):
    filters, values = filtered(GroupFilter, request)
    page = page_of(request, selectors.group_list(request.user, **values))
    return render(request, "groups/group_list.html", {"filters": filters, "page": page})


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
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "enrolments": enrolments,
            "sessions": rows,
            "rate": selectors.attendance_rate(rows),
            "staff": group.staff.all(),
            "may_add_session": may_write(request.user, Group, group.pk),
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
        },
        status=form_status(request),
    )
