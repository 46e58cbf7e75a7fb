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
from django.views.decorators.http import require_GET

from koers.core.access import log_access, view_scope
from koers.core.editing import DeleteForm, delete_page, form_status, saved_redirect
from koers.core.formatting import date_text
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category, get_for_user
from koers.documents import selectors, services, store
from koers.documents.forms import DocumentForm
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
