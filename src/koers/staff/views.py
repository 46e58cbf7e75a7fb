"""The team pages: who works at the branch, and whether each may open client files."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.accounts.selectors import manageable_users, may_manage_users
from koers.core.access import view_scope
from koers.core.editing import form_page
from koers.core.listing import Column, Listing, Shown
from koers.core.scoping import Category, get_for_user, may_change_user
from koers.staff import selectors, services
from koers.staff.forms import (
    SpecialCategoriesForm,
    StaffFilter,
    StaffLinkForm,
    StaffTermsForm,
    TrainingForm,
)
from koers.staff.models import StaffMember


def staff_url(member: StaffMember) -> str:
    return reverse("staff:detail", kwargs={"staffmember_uid": member.uid})


def _managed_member(request, staffmember_uid) -> StaffMember:
    """A staff record the user may change: their team's (404 for volunteers and outsiders)."""
    return get_for_user(selectors.staff_managed_by(request.user), request.user, uid=staffmember_uid)


def access_text(member) -> str:
    access = selectors.client_access_of(member)
    if access.granted:
        return _("ja")
    return "; ".join([_("nee"), *access.missing, *access.states])


STAFF = Listing(
    name="team",
    columns=(
        Column("naam", _l("naam"), ("family_name", "given_name"), lambda m: str(m)),
        Column("vestiging", _l("vestiging"), ("location__name",), lambda m: str(m.location)),
        Column("soort", _l("soort"), ("kind",), lambda m: m.get_kind_display()),
        Column(
            "rollen", _l("rollen"), (), lambda m: ", ".join(str(role) for role in m.roles.all())
        ),
        Column("begonnen", _l("begonnen op"), ("started_on",), lambda m: m.started_on),
        Column("gestopt", _l("gestopt op"), ("ended_on",), lambda m: m.ended_on),
        Column("toegang", _l("toegang tot cliëntdossiers"), (), access_text),
    ),
    default_sort="naam",
    filters=StaffFilter,
    period=("started_on", _l("begonnen")),
    export_route="staff:list_export",
)


@view_scope(Category.STAFF)
@require_GET
def staff_list(request, fmt=None):
    def with_client_access(shown: Shown) -> None:
        for member in shown.rows:
            member.client_access = selectors.client_access_of(member)

    locations = list(selectors.locations_managed_by(request.user))
    return STAFF.respond(
        request,
        lambda **values: selectors.staff_list(request.user, **values),
        fmt=fmt,
        prepare=with_client_access,
        template="staff/staff_list.html",
        what=_("teamlijst"),
        context={"locations": locations, "many_locations": len(locations) != 1},
    )


@view_scope(Category.STAFF)
@require_GET
def staff_detail(request, staffmember_uid):
    member = selectors.staff_detail(request.user, staffmember_uid)
    manages = selectors.staff_managed_by(request.user).filter(pk=member.pk).exists()
    return render(request, "staff/staff_detail.html", {"member": member, "manages": manages})


@view_scope(Category.STAFF)
def staff_terms(request, staffmember_uid):
    member = _managed_member(request, staffmember_uid)
    initial = {name: getattr(member, name) for name in StaffTermsForm.base_fields}
    initial["version"] = member.version
    form = StaffTermsForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.staff_update_terms(
            staff=member,
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            agreement_signed_on=data["agreement_signed_on"],
            conduct_certificate_on=data["conduct_certificate_on"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Overeenkomst, VOG en periode: %(name)s") % {"name": member},
        intro=_(
            "Een vrijwilliger krijgt toegang tot de dossiers van de eigen cliënten met een "
            "getekende vrijwilligersovereenkomst, een VOG en de introductie of basiscursus, "
            "vanaf de startdatum tot en met de einddatum."
        ),
        done=staff_url,
        saved=_("De gegevens zijn opgeslagen."),
        back=staff_url(member),
    )


@view_scope(Category.STAFF)
def training_add(request, staffmember_uid):
    member = _managed_member(request, staffmember_uid)
    form = TrainingForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.training_record(
            staff=member, course=data["course"], completed_on=data["completed_on"], by=request.user
        ),
        title=_("Training vastleggen: %(name)s") % {"name": member},
        done=lambda training: staff_url(member),
        saved=_("De training is vastgelegd."),
        back=staff_url(member),
    )


@view_scope(Category.BRANCH)
def special_categories(request, location_uid):
    """A branch's opt-in to special categories of personal data (team leader, administrator)."""
    location = get_for_user(
        selectors.locations_managed_by(request.user), request.user, uid=location_uid
    )
    form = SpecialCategoriesForm(
        request.POST or None,
        initial={"records_health": location.records_health, "version": location.version},
    )
    return form_page(
        request,
        form,
        lambda data: services.location_set_special_categories(
            location=location,
            records_health=data["records_health"],
            expected_version=data["version"],
            by=request.user,
        ),
        title=_("Bijzondere persoonsgegevens: %(location)s") % {"location": location},
        intro=_(
            "Gezondheid is een bijzonder persoonsgegeven (AVG artikel 9). Leg het alleen vast "
            "als het werk van de afdeling het nodig heeft. Staat dit uit, dan tonen formulieren "
            "en pagina's deze velden niet en weigert Koers nieuwe gegevens ervan; wat al "
            "vastligt, blijft bewaard tot de bewaartermijn verstrijkt."
        ),
        done=lambda saved: reverse("staff:list"),
        saved=_("De instelling is opgeslagen."),
        back=reverse("staff:list"),
    )


def link_form(request, managed, data=None) -> StaffLinkForm:
    """The form that ties a login (``managed``) to a staff record of the manager's branches."""
    return StaffLinkForm(
        data,
        staff=selectors.linkable_staff(request.user, managed),
        initial={"staff_member": selectors.staff_record_of_user(managed)},
        changeable=may_change_user(request.user, managed.pk),
    )


@view_scope(Category.STAFF)
def user_link(request, user_id: int):
    """User management: which volunteer or staff record a login acts as."""
    if not may_manage_users(request.user):
        raise Http404
    managed = get_object_or_404(manageable_users(request.user), pk=user_id)
    back = reverse("accounts:user_detail", kwargs={"user_id": managed.pk})
    return form_page(
        request,
        link_form(request, managed, request.POST or None),
        lambda data: services.staff_link(
            user=managed, staff_member=data["staff_member"], by=request.user
        ),
        title=_("Medewerkersrecord van %(name)s") % {"name": managed},
        done=lambda saved: back,
        saved=_("De koppeling met de medewerker is opgeslagen."),
        back=back,
    )
