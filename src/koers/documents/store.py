"""The document store: Django's ``STORAGES["documents"]`` (the data folder, or an
S3-compatible bucket: settings.document_storage). The one seam between Koers and where
the bytes live: new names, writing, reading and deleting all go through here."""

import secrets

from django.core.files.storage import Storage, storages


def store() -> Storage:
    return storages["documents"]


def new_key() -> str:
    """A random name, in one of 256 folders: says nothing of the client or the file."""
    token = secrets.token_hex(20)
    return f"{token[:2]}/{token}"


def put(key: str, content) -> None:
    saved = store().save(key, content)
    if saved != key:  # a store that renames would lose the document: never let it pass
        store().delete(saved)
        raise OSError("the document store renamed a new document")


def remove(keys) -> None:
    """Delete stored files; a file already gone is no error (a retried delete)."""
    for key in keys:
        store().delete(key)
