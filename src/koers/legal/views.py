"""Legal dossiers: the branch's list, a dossier's step plan, open, close, steps done."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_POST

from koers.core.access import get_client_record, log_access, view_scope
from koers.core.editing import REFUSED, form_page, submit
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user
from koers.legal import selectors, services
from koers.legal.forms import (
    MEMBER_FIELDS,
    DossierCloseForm,
    DossierFilter,
    DossierOpenForm,
    FamilyMemberForm,
    MemberRegisterForm,
    StepDoneForm,
    StepForm,
)
from koers.legal.models import Dossier, DossierKind, DossierStep, FamilyMember
from koers.people.duplicates import shown_duplicates
from koers.people.models import Person
from koers.people.selectors import people_for_user

VIEW, EDIT = AccessLogEntry.Action.VIEW, AccessLogEntry.Action.EDIT


def dossier_url(dossier: Dossier) -> str:
    return reverse("legal:dossier_detail", kwargs={"dossier_uid": dossier.uid})


def _dossier(request, dossier_uid, *, write: bool, what: str) -> Dossier:
    return get_client_record(
        request, Dossier.objects.select_related("person"), write=write, what=what, uid=dossier_uid
    )


def dossier_status(dossier: Dossier) -> str:
    if dossier.closed_on:
        return _("gesloten: %(outcome)s") % {"outcome": dossier.get_outcome_display()}
    return _("open")


DOSSIERS = Listing(
    name="dossiers",
    columns=(
        Column(
            "client",
            _l("cliënt"),
            ("person__family_name", "person__given_name"),
            lambda d: str(d.person),
        ),
        Column("soort", _l("soort"), ("kind",), lambda d: d.get_kind_display()),
        Column("geopend", _l("geopend"), ("opened_on",), lambda d: d.opened_on),
        Column("termijn", _l("volgende termijn"), ("next_due",), lambda d: d.next_due),
        Column("verlopen", _l("verlopen termijnen"), ("overdue_steps",), lambda d: d.overdue_steps),
        Column("gesloten", _l("gesloten"), ("closed_on",), lambda d: d.closed_on),
        Column("status", _l("status"), (), dossier_status),
    ),
    default_sort="geopend",
    default_descending=True,
    filters=DossierFilter,
    period=("opened_on", _l("geopend")),
    export_route="legal:dossier_list_export",
)


@view_scope(Category.LEGAL)
@require_GET
def dossier_list(request, fmt=None):
    return DOSSIERS.respond(
        request,
        lambda **values: selectors.dossier_list(request.user, **values),
        fmt=fmt,
        template="legal/dossier_list.html",
        what=_("dossierlijst"),
        person_of=lambda dossier: dossier.person,
        context={"today": timezone.localdate()},
    )


@view_scope(Category.LEGAL)
def dossier_open(request, person_uid):
    person = get_for_user(Person, request.user, write=request.method == "POST", uid=person_uid)
    log_access(request, [person], action=EDIT, what=_("dossier openen"))
    form = DossierOpenForm(
        request.POST or None, person=person, initial={"opened_on": timezone.localdate()}
    )
    return form_page(
        request,
        form,
        lambda data: services.dossier_open(
            person=person,
            kind=data["kind"],
            opened_on=data["opened_on"],
            guardianship=data["guardianship"],
            family_members=data["family_members"],
            by=request.user,
        ),
        title=_("Dossier openen voor %(person)s") % {"person": person},
        done=dossier_url,
        saved=_("Het dossier is geopend."),
        back=reverse("legal:dossier_list"),
    )


@view_scope(Category.LEGAL)
@require_GET
def dossier_detail(request, dossier_uid):
    dossier = _dossier(request, dossier_uid, write=False, what=_("dossier"))
    return render(request, "legal/dossier_detail.html", _detail_context(dossier))


def _detail_context(dossier: Dossier, step: DossierStep | None = None, form=None) -> dict:
    return {
        "dossier": dossier,
        "steps": [
            _step_row(s, form if step is not None and s.pk == step.pk else None)
            for s in selectors.step_plan(dossier)
        ],
        "members": selectors.family_members(dossier),
        "reunification": dossier.kind == DossierKind.FAMILY_REUNIFICATION,
    }


def _step_row(step: DossierStep, form: StepDoneForm | None = None) -> dict:
    if form is None and (not step.done_on or (step.is_decision and not step.outcome)):
        form = StepDoneForm(
            initial={"done_on": step.done_on or timezone.localdate(), "version": step.version},
            prefix=f"step-{step.pk}",
            step=step,
        )
    return {
        "step": step,
        "form": form,
        "overdue": bool(step.due_on and not step.done_on and step.due_on < timezone.localdate()),
        "outcome_missing": bool(step.done_on and step.is_decision and not step.outcome),
    }


@view_scope(Category.LEGAL)
def dossier_close(request, dossier_uid):
    dossier = _dossier(request, dossier_uid, write=True, what=_("dossier sluiten"))
    form = DossierCloseForm(
        request.POST or None,
        initial={
            "version": dossier.version,
            "closed_on": timezone.localdate(),
            "outcome": selectors.proposed_outcome(dossier),
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.dossier_close(
            dossier=dossier,
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            expected_version=data["version"] or 0,
            by=request.user,
        ),
        title=_("Dossier sluiten: %(person)s") % {"person": dossier.person},
        done=dossier_url,
        saved=_("Het dossier is gesloten."),
        back=dossier_url(dossier),
    )


@view_scope(Category.LEGAL)
def step_add(request, dossier_uid):
    dossier = _dossier(request, dossier_uid, write=True, what=_("dossierstap"))
    form = StepForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.step_add(
            dossier=dossier,
            step=data["step"],
            due_on=data["due_on"],
            done_on=data["done_on"],
            note=data["note"],
            outcome=data["outcome"],
            by=request.user,
        ),
        title=_("Stap toevoegen: %(person)s") % {"person": dossier.person},
        done=lambda step: dossier_url(dossier),
        saved=_("De stap is toegevoegd."),
        back=dossier_url(dossier),
    )


@require_POST
@view_scope(Category.LEGAL)
def step_done(request, dossierstep_uid):
    """Mark a step done; from htmx the step's row comes back, otherwise the dossier page."""
    step = get_for_user(
        DossierStep.objects.select_related("dossier__person"),
        request.user,
        write=True,
        uid=dossierstep_uid,
    )
    log_access(request, [step.dossier.person], action=EDIT, what=_("dossierstap gedaan"))
    form = StepDoneForm(request.POST, prefix=f"step-{step.pk}", step=step)
    saved = submit(
        form,
        lambda data: services.step_mark_done(
            step=step,
            done_on=data["done_on"],
            outcome=data.get("outcome", ""),
            expected_version=data["version"] or 0,
            by=request.user,
        ),
    )
    if request.headers.get("HX-Request"):
        row = _step_row(saved) if saved else _step_row(step, form)
        return render(
            request,
            "legal/_step.html",
            {"row": row, "dossier": step.dossier},
            status=200 if saved else REFUSED,
        )
    if saved:
        messages.success(request, _("De stap is afgevinkt."))
        return redirect(dossier_url(step.dossier))
    return render(
        request,
        "legal/dossier_detail.html",
        _detail_context(step.dossier, step, form),
        status=REFUSED,
    )


def _member(request, familymember_uid, *, what: str) -> FamilyMember:
    """A family member to edit or register (write access: else 404), its opening logged."""
    member = get_for_user(
        FamilyMember.objects.select_related("dossier__person__household", "person"),
        request.user,
        write=True,
        uid=familymember_uid,
    )
    log_access(request, [member.dossier.person], action=EDIT, what=what)
    return member


@view_scope(Category.LEGAL)
def member_add(request, dossier_uid):
    dossier = _dossier(request, dossier_uid, write=True, what=_("gezinslid toevoegen"))
    form = FamilyMemberForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.family_member_add(
            dossier=dossier,
            by=request.user,
            **{name: data[name] for name in (*MEMBER_FIELDS, "arrived_on")},
        ),
        title=_("Gezinslid toevoegen: dossier van %(person)s") % {"person": dossier.person},
        done=lambda member: dossier_url(dossier),
        saved=_("Het gezinslid is toegevoegd."),
        back=dossier_url(dossier),
    )


@view_scope(Category.LEGAL)
def member_edit(request, familymember_uid):
    member = _member(request, familymember_uid, what=_("gezinslid"))
    names = (*MEMBER_FIELDS, "arrived_on")
    form = FamilyMemberForm(
        request.POST or None,
        initial={"version": member.version, **{name: getattr(member, name) for name in names}},
    )
    return form_page(
        request,
        form,
        lambda data: services.family_member_update(
            member=member,
            expected_version=data["version"] or 0,
            by=request.user,
            **{name: data[name] for name in names},
        ),
        title=_("Gezinslid wijzigen: %(member)s") % {"member": member},
        done=lambda saved: dossier_url(member.dossier),
        saved=_("De gegevens van het gezinslid zijn opgeslagen."),
        back=dossier_url(member.dossier),
    )


@view_scope(Category.LEGAL)
def member_register(request, familymember_uid):
    """An arrived family member becomes a person of the client's household."""
    member = _member(request, familymember_uid, what=_("gezinslid als cliënt registreren"))
    if member.person_id is not None:
        messages.info(request, _("Dit gezinslid is al als cliënt geregistreerd."))
        return redirect(dossier_url(member.dossier))
    sponsor = member.dossier.person
    form = MemberRegisterForm(
        request.POST or None,
        find=lambda *member: shown_duplicates(request, [member]),
        household_birth_dates=people_for_user(request.user)
        .filter(household_id=sponsor.household_id)
        .values_list("birth_date", flat=True),
        initial={
            "version": member.version,
            "given_name": member.given_name,
            "family_name": member.family_name,
            "birth_date": member.birth_date,
            "nationality": sponsor.nationality,
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.family_member_register(
            member=member,
            expected_version=data["version"] or 0,
            by=request.user,
            **form.person_fields(),
        ),
        title=_("%(member)s registreren in het huishouden van %(person)s")
        % {"member": member, "person": sponsor},
        intro=_(
            "Aangekomen op %(date)s via gezinshereniging. De gegevens uit het dossier zijn "
            "ingevuld: vul aan wat ontbreekt."
        )
        % {"date": date_text(member.arrived_on) if member.arrived_on else "—"},
        done=lambda person: reverse("people:file", kwargs={"person_uid": person.uid}),
        saved=_("Het gezinslid is geregistreerd als cliënt in het huishouden."),
        back=dossier_url(member.dossier),
    )
