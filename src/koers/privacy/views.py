"""A client's rights, for the team leader of their branch: access, correction, erasure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from koers.core.access import log_access, view_scope
from koers.core.editing import REFUSED
from koers.core.models import AccessLogEntry, Record
from koers.core.scoping import Category
from koers.privacy import export
from koers.privacy.forms import ErasureRequestForm
from koers.privacy.selectors import overview_of, person_for_rights, record_url, rights_of
from koers.privacy.services import erasure_request

HISTORY_ROWS = 200  # the page's share of the history; the JSON overview holds all of it


def _as_json(request, person) -> tuple[bytes, str]:
    rights = rights_of(person, user=request.user, today=timezone.localdate())
    return export.to_json(export.access_request(rights, by=request.user)), "application/json"


def _as_pdf(request, person) -> tuple[bytes, str]:
    overview = overview_of(person, user=request.user)
    answer = export.access_request_overview(overview, by=request.user)
    return export.to_pdf(answer), "application/pdf"


EXPORTS = {"json": _as_json, "pdf": _as_pdf}


def listed(record: Record) -> str:
    """A record under its kind's heading: its name, or (a record without one) its kind of
    contact, plan, … and its day, without repeating the heading."""
    if type(record).__str__ is Record.__str__:
        return record.describe(kind=False)
    return str(record)


def _rights_page(request, person, form, *, status=200):
    rights = rights_of(person, user=request.user, today=timezone.localdate(), every_field=False)
    corrections = [
        {
            "holding": holding,
            "links": [(listed(record), record_url(record)) for record in holding.records],
        }
        for holding in rights.holdings
        if issubclass(holding.model, Record)  # the privacy marks themselves are shown apart
    ]
    return render(
        request,
        "privacy/rights.html",
        {
            "rights": rights,
            "person": person,
            "corrections": corrections,
            "history": rights.changes[:HISTORY_ROWS],
            "history_cut": len(rights.changes) > HISTORY_ROWS,
            "form": form,
        },
        status=status,
    )


@view_scope(Category.PERSON)
@require_GET
def rights(request, person_uid):
    """The rights page: what is held, its history, who looked, and the erasure request."""
    person = person_for_rights(request.user, person_uid)
    log_access(request, [person], action=AccessLogEntry.Action.VIEW, what=_("privacyrechten"))
    return _rights_page(request, person, ErasureRequestForm())


@view_scope(Category.PERSON)
@require_GET
def access_request(request, person_uid, fmt):
    """Everything held about the client as a download, the export logged: JSON with every
    log row, or a PDF with every record and the logs summarised (``privacy.export``)."""
    person = person_for_rights(request.user, person_uid)
    content, content_type = EXPORTS[fmt](request, person)
    log_access(request, [person], action=AccessLogEntry.Action.EXPORT, what=_("inzageverzoek"))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(person, fmt)}"'
    return response


@view_scope(Category.PERSON)
@require_GET
def access_request_zip(request, person_uid):
    """The JSON answer together with the client's documents themselves, as one ZIP."""
    person = person_for_rights(request.user, person_uid)
    rights = rights_of(person, user=request.user, today=timezone.localdate())
    answer = export.access_request(rights, by=request.user)
    with export.to_zip(answer, export.documents_in(rights)) as bundle:
        content = bundle.read()  # as the other answers: whole (a client's few documents)
    log_access(
        request,
        [person],
        action=AccessLogEntry.Action.EXPORT,
        what=_("inzageverzoek met documenten"),
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(person, "zip")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["POST"])
@view_scope(Category.PERSON)
def erase(request, person_uid):
    """Record an erasure request and answer it: anonymise now, or say why not."""
    person = person_for_rights(request.user, person_uid)
    log_access(request, [person], action=AccessLogEntry.Action.EDIT, what=_("verzoek tot wissen"))
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        try:
            answer = erasure_request(
                person=person,
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if answer.granted:
                messages.success(request, _("De gegevens van deze cliënt zijn geanonimiseerd."))
            else:
                messages.warning(
                    request,
                    _("Het verzoek is vastgelegd en geweigerd: %(why)s.") % {"why": answer.refusal},
                )
            return redirect("privacy:rights", person_uid=person.uid)
    return _rights_page(request, person, form, status=REFUSED)
