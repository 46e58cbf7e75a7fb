"""Transfers in daily work: offer a household from its file, answer an offer, the list.

Views parse and render; ``services`` write; every read is scoped (``selectors``) and
every page that names a client is logged. A transfer the user's branches are not a side
of is a 404, as is a step their side may not take.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from koers.core.access import log_access, view_scope
from koers.core.editing import form_page, form_status, submit
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Capability, Category, get_for_user, may
from koers.people.models import Person
from koers.transfers import selectors, services
from koers.transfers.forms import DecideForm, OfferForm, RevokeForm, TransferFilter
from koers.transfers.models import TransferState

VIEW = AccessLogEntry.Action.VIEW


def household_text(transfer) -> str:
    """Who a transfer moves, as this user may see it: the names, or only how many."""
    if transfer.names:
        return ", ".join(str(person) for person in transfer.members)
    return ngettext(
        "huishouden van %(n)s persoon", "huishouden van %(n)s personen", transfer.size
    ) % {"n": transfer.size}


def state_day(transfer):
    """The day of the transfer's current state (offered, moved, decided, revoked)."""
    moment = {
        TransferState.PENDING: transfer.offered_at,
        TransferState.ACCEPTED: transfer.moved_on,
        TransferState.DECLINED: transfer.decided_at,
        TransferState.REVOKED: transfer.revoked_at,
    }.get(transfer.state)
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def _with_members(user, transfers) -> None:
    selectors.with_members(user, transfers)
    for transfer in transfers:
        transfer.since = state_day(transfer)


TRANSFERS = Listing(
    name="overdrachten",
    columns=(
        Column(
            "aangeboden",
            _l("aangeboden"),
            ("offered_at",),
            lambda t: timezone.localtime(t.offered_at).date(),
        ),
        Column("huishouden", _l("huishouden"), ("size",), household_text),
        Column("van", _l("van"), ("from_location__name",), lambda t: t.from_location.name),
        Column("naar", _l("naar"), ("to_location__name",), lambda t: t.to_location.name),
        Column("stand", _l("stand"), ("state",), lambda t: t.get_state_display()),
        Column("sinds", _l("sinds"), (), state_day),
    ),
    default_sort="aangeboden",
    default_descending=True,
    filters=TransferFilter,
    period=("offered_at__date", _l("aangeboden")),
    export_route="transfers:transfer_list_export",
)


def _transfer(request, transfer_uid) -> object:
    return get_object_or_404(selectors.transfers_for(request.user), uid=transfer_uid)


@view_scope(Category.BRANCH)
@require_GET
def transfer_list(request, fmt=None):
    """Offers to the user's branches and by them, newest first: sorted, filtered, exported."""
    if not may(request.user, Capability.TRANSFER):
        raise Http404
    return TRANSFERS.respond(
        request,
        lambda **values: selectors.transfer_list(request.user, **values),
        fmt=fmt,
        prepare=lambda shown: _with_members(request.user, shown.rows),
        template="transfers/list.html",
        what=_("overdrachten"),
        people_of=lambda transfer: transfer.members,
    )


@view_scope(Category.BRANCH)
@require_GET
def transfer_detail(request, transfer_uid):
    """One offer: who, from and to which branch, the consent, each state with who and when."""
    transfer = _transfer(request, transfer_uid)
    shows = selectors.shows_people(request.user, transfer)
    people = selectors.people_of(transfer) if shows else []
    log_access(request, people, action=VIEW, what=_("overdracht"))
    receiver = selectors.is_receiver(request.user, transfer)
    offerer = selectors.is_offerer(request.user, transfer)
    return render(
        request,
        "transfers/detail.html",
        {
            "transfer": transfer,
            "people": people,
            "shows_people": shows,
            "size": transfer.moved.count(),
            "may_decide": receiver and transfer.is_pending,
            "may_revoke": offerer and transfer.is_pending,
            "decide_form": DecideForm(initial={"version": transfer.version}),
            "revoke_form": RevokeForm(initial={"version": transfer.version}),
        },
    )


@view_scope(Category.PERSON)
def transfer_offer(request, person_uid):
    """Offer the household of a client to another branch (the household's team leader)."""
    person = get_for_user(
        Person.objects.select_related("household__location"),
        request.user,
        write=True,
        uid=person_uid,
    )
    household = person.household
    if not may(request.user, Capability.TRANSFER, location=household.location):
        raise Http404
    members = list(Person.objects.filter(household=household).order_by("birth_date", "pk"))
    log_access(request, members, action=AccessLogEntry.Action.EDIT, what=_("overdracht aanbieden"))
    form = OfferForm(request.POST or None, current=household.location)
    return form_page(
        request,
        form,
        lambda data: services.transfer_offer(
            household=household,
            to_location=data["to_location"],
            consent_on=data["consent_on"],
            consent_how=data["consent_how"],
            note=data.get("note") or "",
            by=request.user,
        ),
        title=_("Huishouden overdragen aan een andere afdeling"),
        intro=_(
            "Het huishouden (%(names)s) wordt aangeboden; de teamleider van de andere "
            "afdeling accepteert of wijst af. Na acceptatie heeft uw afdeling geen toegang "
            "meer tot het dossier; uw cijfers over de periode ervoor blijven gelijk."
        )
        % {"names": ", ".join(str(member) for member in members)},
        done=lambda transfer: transfer.get_absolute_url(),
        saved=_("Het huishouden is aangeboden."),
        back=reverse("people:file", kwargs={"person_uid": person.uid}),
    )


@view_scope(Category.BRANCH)
@require_POST
def transfer_decide(request, transfer_uid):
    """Accept (from today) or decline (with a reason) an offer to the user's branch."""
    transfer = _transfer(request, transfer_uid)
    if not (selectors.is_receiver(request.user, transfer) and transfer.is_pending):
        raise Http404
    form = DecideForm(request.POST)

    def write(data):
        if data["decision"] == "accept":
            return services.transfer_accept(
                transfer=transfer,
                moved_on=timezone.localdate(),
                expected_version=data["version"],
                by=request.user,
            )
        return services.transfer_decline(
            transfer=transfer,
            reason=data.get("decline_reason") or "",
            expected_version=data["version"],
            by=request.user,
        )

    result = submit(form, write)
    if result is not None:
        if result.state == "accepted":
            messages.success(request, _("Het huishouden is overgenomen door uw afdeling."))
            first = selectors.people_of(result)[0]
            return redirect("people:file", person_uid=first.uid)
        messages.success(request, _("Het aanbod is afgewezen."))
        return redirect(result.get_absolute_url())
    people = selectors.people_of(transfer)
    log_access(request, people, action=VIEW, what=_("overdracht"))
    return render(
        request,
        "transfers/detail.html",
        {
            "transfer": transfer,
            "people": people,
            "shows_people": True,
            "size": len(people),
            "may_decide": True,
            "may_revoke": selectors.is_offerer(request.user, transfer),
            "decide_form": form,
            "revoke_form": RevokeForm(initial={"version": transfer.version}),
        },
        status=form_status(request),
    )


@view_scope(Category.BRANCH)
@require_POST
def transfer_revoke(request, transfer_uid):
    """The offering branch takes a pending offer back."""
    transfer = _transfer(request, transfer_uid)
    if not (selectors.is_offerer(request.user, transfer) and transfer.is_pending):
        raise Http404
    form = RevokeForm(request.POST)
    result = submit(
        form,
        lambda data: services.transfer_revoke(
            transfer=transfer, expected_version=data["version"], by=request.user
        ),
    )
    if result is not None:
        messages.success(request, _("Het aanbod is ingetrokken."))
    else:
        messages.error(request, _("Het aanbod is intussen gewijzigd; bekijk het opnieuw."))
    return redirect(transfer.get_absolute_url())
