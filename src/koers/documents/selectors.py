"""Reads of documents, scoped: a client's (or a household's) documents, a dossier's."""

from django.db.models import QuerySet

from koers.core.access import user_reaches
from koers.core.actors import Viewer
from koers.core.scoping import Capability, Category, may
from koers.documents.models import Document
from koers.legal.models import Dossier
from koers.people.models import Household, Person

LISTED = ("person", "dossier", "uploaded_by")


def documents_of(subject: Person | Household, user: Viewer) -> QuerySet[Document]:
    """The documents of a client, or of every member of a household, that ``user`` sees:
    newest first, with their client, dossier and uploader (for a list or a timeline)."""
    documents = Document.objects.for_user(user).select_related(*LISTED)
    if isinstance(subject, Household):
        return documents.filter(person__household=subject)
    return documents.filter(person=subject)


def documents_of_dossier(dossier: Dossier, user: Viewer) -> QuerySet[Document]:
    return Document.objects.for_user(user).filter(dossier=dossier).select_related(*LISTED)


def may_add_documents(user: Viewer, person: Person, dossier: Dossier | None = None) -> bool:
    """Whether to offer ``user`` the upload here: they reach the file's records (coaching;
    on a dossier, legal) and write client records at the client's branch. The service's
    write check decides (a volunteer writes only for the clients they are assigned)."""
    category = Category.LEGAL if dossier is not None else Category.COACHING
    return user_reaches(user, category) and may(user, Capability.WRITE, location=person.location)
