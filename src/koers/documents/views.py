"""Documents on a client's file and on a legal dossier: upload, list, download, delete.

Every request finds its record through the same scope as the file (``get_for_user``:
404 for "not there" and "not yours" alike) and is written to the access log; a
download above all, as it hands the client's data over.
"""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET

from koers.core.access import ANY, log_access, user_reaches, view_scope
from koers.core.editing import DeleteForm, delete_page, form_status, saved_redirect
from koers.core.formatting import date_text
from koers.core.listing import Column, Listing
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user
from koers.documents import selectors, services, store
from koers.documents.forms import DocumentFilter, DocumentForm
from koers.documents.models import Document
from koers.legal.models import Dossier
from koers.people.models import Person

VIEW, EDIT, EXPORT = (
    AccessLogEntry.Action.VIEW,
    AccessLogEntry.Action.EDIT,
    AccessLogEntry.Action.EXPORT,
)


def file_url(person: Person) -> str:
    return reverse("people:file", kwargs={"person_uid": person.uid}) + "#documenten"


def dossier_documents_url(dossier: Dossier) -> str:
    return reverse("documents:dossier", kwargs={"dossier_uid": dossier.uid})


def _back(document: Document) -> str:
    return (
        dossier_documents_url(document.dossier) if document.dossier else file_url(document.person)
    )


def _upload_page(request, *, person: Person, dossier: Dossier | None, back: str, title: str):
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        max_label=filesizeformat(settings.KOERS_DOCUMENT_MAX_BYTES),
        names_with_paths=getattr(request, "upload_names_with_paths", ()),
    )
    response = saved_redirect(
        request,
        form,
        lambda data: services.document_upload(
            person=person,
            dossier=dossier,
            upload=data["file"],
            name=data["file"].name,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            by=request.user,
        ),
        done=lambda document: back,
        saved=_("Het document is opgeslagen."),
    )
    return response or render(
        request,
        "editing/page.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "intro": _(
                "Het bestand wordt veilig bewaard bij het dossier en is alleen te openen "
                "voor wie dit dossier mag zien."
            ),
            "multipart": True,
            "submit_label": _("Uploaden"),
        },
        status=form_status(request),
    )


@view_scope(Category.COACHING)
def document_add(request, person_uid):
    """Upload a document to a client's file."""
    person = get_for_user(Person.objects.select_related("location"), request.user, uid=person_uid)
    log_access(request, [person], action=EDIT, what=_("document toevoegen"))
    return _upload_page(
        request,
        person=person,
        dossier=None,
        back=file_url(person),
        title=_("Document toevoegen: %(person)s") % {"person": person},
    )


def _dossier(request, dossier_uid, *, what: str, action: str) -> Dossier:
    dossier = get_for_user(
        Dossier.objects.select_related("person__location"), request.user, uid=dossier_uid
    )
    log_access(request, [dossier.person], action=action, what=what)
    return dossier


@view_scope(Category.LEGAL)
def dossier_document_add(request, dossier_uid):
    """Upload a document to a legal dossier (legal data: only who reaches the dossier)."""
    dossier = _dossier(request, dossier_uid, what=_("document toevoegen aan dossier"), action=EDIT)
    return _upload_page(
        request,
        person=dossier.person,
        dossier=dossier,
        back=dossier_documents_url(dossier),
        title=_("Document toevoegen aan het dossier %(kind)s: %(person)s")
        % {"kind": dossier.get_kind_display(), "person": dossier.person},
    )


def uploader_text(document: Document) -> str:
    user = document.uploaded_by
    return (user.get_full_name() or user.username) if user is not None else ""


DOCUMENTS = Listing(
    name="documenten",
    columns=(
        Column("titel", _l("titel"), ("title",), lambda d: d.title),
        Column("soort", _l("soort"), ("kind",), lambda d: d.get_kind_display()),
        Column(
            "dossier",
            _l("dossier"),
            ("dossier__kind", "dossier__opened_on"),
            lambda d: d.dossier.get_kind_display() if d.dossier else "",
        ),
        Column("toegevoegd", _l("toegevoegd"), ("created_at",), lambda d: d.created_at),
        Column(
            "door",
            _l("door"),
            ("uploaded_by__last_name", "uploaded_by__first_name", "uploaded_by__username"),
            uploader_text,
        ),
        Column(
            "bestand",
            _l("bestand"),
            ("content_type",),
            lambda d: d.get_content_type_display(),
        ),
        Column("grootte", _l("grootte (bytes)"), ("size",), lambda d: d.size),
    ),
    default_sort="toegevoegd",
    default_descending=True,
    filters=DocumentFilter,
    period=("created_at__date", _l("toegevoegd")),
    export_route="documents:document_list_export",
)


@view_scope(ANY)
@require_GET
def person_documents(request, person_uid, fmt=None):
    """A client's documents (those of their dossiers too, for who reaches legal data):
    sorted, filtered by kind and period, exported as shown."""
    user = request.user
    if not (user_reaches(user, Category.COACHING) or user_reaches(user, Category.LEGAL)):
        raise Http404
    person = get_for_user(Person.objects.select_related("location"), user, uid=person_uid)
    if fmt is None:  # the page names the client, however many documents it shows
        log_access(request, [person], action=VIEW, what=_("documentenlijst"))
    return DOCUMENTS.respond(
        request,
        lambda kind="": selectors.documents_of(person, user).filter(
            **({"kind": kind} if kind else {})
        ),
        fmt=fmt,
        url_kwargs={"person_uid": person.uid},
        template="documents/person_documents.html",
        what=_("documentenlijst"),
        people_of=(lambda _document: [person]) if fmt else None,
        context={
            "person": person,
            "back": file_url(person),
            "may_add": selectors.may_add_documents(user, person),
        },
    )


@view_scope(Category.LEGAL)
@require_GET
def dossier_documents(request, dossier_uid):
    """A dossier's documents, newest first."""
    dossier = _dossier(request, dossier_uid, what=_("documenten van dossier"), action=VIEW)
    return render(
        request,
        "documents/dossier_documents.html",
        {
            "dossier": dossier,
            "documents": list(selectors.documents_of_dossier(dossier, request.user)),
            "may_add": selectors.may_add_documents(request.user, dossier.person, dossier),
        },
    )


def _document(request, document_uid, *, write: bool = False) -> Document:
    return get_for_user(
        Document.objects.select_related("person__location", "dossier"),
        request.user,
        write=write,
        uid=document_uid,
    )


@view_scope(Category.PERSON)
@require_GET
def document_download(request, document_uid):
    """The file itself, as an attachment under its plain name (never shown inline: a
    browser does not run what it only downloads), logged as handed over."""
    document = _document(request, document_uid)
    try:
        content = store.store().open(document.storage_key, "rb")
    except FileNotFoundError:
        raise Http404 from None
    log_access(
        request,
        [document.person],
        action=EXPORT,
        what=_("document gedownload: %(kind)s") % {"kind": document.get_kind_display()},
    )
    response = FileResponse(
        content,
        as_attachment=True,
        filename=document.file_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@view_scope(Category.PERSON)
def document_delete(request, document_uid):
    """Delete a document after a confirmation (whoever writes the file's records)."""
    document = _document(request, document_uid, write=True)
    log_access(request, [document.person], action=EDIT, what=_("document verwijderen"))
    form = DeleteForm(request.POST or None, initial={"version": document.version})
    return delete_page(
        request,
        form,
        lambda data: services.document_delete(
            document=document, expected_version=data["version"], by=request.user
        ),
        title=_("Document verwijderen"),
        intro=_("Het bestand wordt uit Koers verwijderd; dit kan niet ongedaan worden gemaakt."),
        what=[
            (_("Cliënt"), str(document.person)),
            (_("Soort"), document.get_kind_display()),
            (_("Titel"), document.title),
            (_("Bestand"), f"{document.file_name} ({filesizeformat(document.size)})"),
            (_("Toegevoegd op"), date_text(document.created_at)),
        ],
        done=_back(document),
        saved=_("Het document is verwijderd."),
        back=_back(document),
    )
