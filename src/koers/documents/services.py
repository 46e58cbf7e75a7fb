"""Writes of documents: upload (checked, then stored under a random name), delete with a
confirmation, and erasure with the rest of a client's file (privacy's anonymisation).

A document's record and its file come and go together: the file is written inside the
record's transaction (a failed store rolls the record back, a refused record stores
nothing), and deleted from the store only once the deletion is committed.
"""

import hashlib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actors import Actor, user_of
from koers.core.changes import change_entry, diff, snapshot, write_changes
from koers.core.models import ChangeLogEntry
from koers.core.services import ConflictError, record_create, record_delete, require_write
from koers.documents import store
from koers.documents.checks import check_upload
from koers.documents.models import Document
from koers.legal.models import Dossier
from koers.people.models import Person


def _digest(upload: File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_upload(
    *,
    person: Person,
    upload: File,
    name: str,
    kind: str,
    title: str,
    description: str = "",
    dossier: Dossier | None = None,
    by: Actor,
) -> Document:
    """Keep ``upload`` (a file object with ``size``) as a document of ``person`` (or of their
    ``dossier``). Checks the file first (``documents.checks``): a bad file raises
    ValidationError on ``file`` and nothing is stored."""
    if dossier is not None and dossier.person_id != person.pk:
        raise ValidationError({"dossier": _("Dit dossier hoort niet bij deze cliënt.")})
    checked = check_upload(name, upload)
    key = store.new_key()
    try:
        with transaction.atomic():
            document = record_create(
                Document,
                by=by,
                person=person,
                dossier=dossier,
                kind=kind,
                title=title.strip(),
                description=description.strip(),
                file_name=checked.file_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=_digest(upload),
                storage_key=key,
                uploaded_by=user_of(by),
            )
            store.put(key, upload)
    except BaseException:
        store.remove([key])
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document, expected_version: int, by: Actor) -> None:
    """Delete a document (its record with a change-log row; its file once committed)."""
    fresh = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    require_write(by, Document, fresh.pk)
    if fresh.version != expected_version:
        raise ConflictError(fresh, {})
    record_delete(fresh, by=by)  # the change log keeps the client (subjects_keep)
    key = fresh.storage_key
    transaction.on_commit(lambda: store.remove([key]))


def documents_erase(people: Sequence[Person], *, by: Actor, source: str) -> int:
    """Delete every document of ``people`` with a change-log row each (their texts as they
    stand: anonymisation scrubs them first), and their files once committed. For
    anonymisation, inside its transaction; ``by`` may write these people (checked there)."""
    documents = list(Document.objects.filter(person__in=[p.pk for p in people]))
    if not documents:
        return 0
    require_write(by, Person, *{d.person_id for d in documents})
    write_changes(
        change_entry(
            document,
            ChangeLogEntry.Action.DELETE,
            by=by,
            source=source,
            changes=diff(snapshot(document), {}),
        )
        for document in documents
    )
    keys = [document.storage_key for document in documents]
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    transaction.on_commit(lambda: store.remove(keys))
    return len(documents)
