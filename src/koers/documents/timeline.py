"""Documents on the client's timeline: the day each was added, with its kind and title
(dossier documents only for legal roles, as everywhere: ``Document.scope``)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actors import Viewer
from koers.core.timeline import TimelineEntry
from koers.documents.selectors import documents_of


def documents(user: Viewer, person) -> list[TimelineEntry]:
    file_url = reverse("people:file", kwargs={"person_uid": person.uid}) + "#documenten"
    return [
        TimelineEntry(
            on=timezone.localtime(document.created_at).date(),
            title=_("Document toegevoegd: %(kind)s") % {"kind": document.get_kind_display()},
            detail=document.title,
            url=(
                reverse("documents:dossier", kwargs={"dossier_uid": document.dossier.uid})
                if document.dossier_id
                else file_url
            ),
        )
        for document in documents_of(person, user)
    ]
