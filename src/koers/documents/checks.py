"""What an upload must be before anything is stored: a PDF, JPEG or PNG by its first
bytes (not by what the browser or the name says), not empty, not larger than
``KOERS_DOCUMENT_MAX_BYTES``, under a plain file name. Each refusal is a Dutch message
for the file field; the checks read the upload, they never write it anywhere."""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.documents.models import ContentType

# The first bytes of each accepted type (their "magic numbers").
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ContentType.PDF: (b"%PDF-",),
    ContentType.JPEG: (b"\xff\xd8\xff",),
    ContentType.PNG: (b"\x89PNG\r\n\x1a\n",),
}
# The name's extension must say the same as the content: a download keeps its name.
EXTENSIONS: dict[str, str] = {
    ".pdf": ContentType.PDF,
    ".jpg": ContentType.JPEG,
    ".jpeg": ContentType.JPEG,
    ".png": ContentType.PNG,
}
NAME_MAX = 150
PATH_PARTS = gettext_lazy(
    "De bestandsnaam bevat een map (/ of \\). Kies het bestand zelf, met een gewone naam."
)
WRONG_TYPE = gettext_lazy(
    "Dit bestandstype kan niet: kies een PDF, een JPEG- of een PNG-bestand "
    "(een scan of foto van de brief)."
)


@dataclass(frozen=True)
class Checked:
    """An upload that passed: its plain name, its type by content, size and content."""

    file_name: str
    content_type: str
    size: int


def sniffed_type(head: bytes) -> str | None:
    """The accepted type whose signature ``head`` starts with, or None."""
    for content_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            return content_type
    return None


def has_path_parts(name: str) -> bool:
    """A name that names a folder too (``../x.pdf``, ``C:\\scans\\x.pdf``) or is none."""
    return "/" in name or "\\" in name or name.strip() in ("", ".", "..") or "\x00" in name


def plain_name(name: str) -> str:
    """The name without control or bidi characters, at most ``NAME_MAX`` long (its
    extension kept): safe to show and to send back as a download's name."""
    kept = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(kept) > NAME_MAX:
        stem, dot, extension = kept.rpartition(".")
        kept = stem[: NAME_MAX - len(extension) - 1] + dot + extension
    return kept


def check_upload(name: str, upload: File, *, max_bytes: int | None = None) -> Checked:
    """Check a file before it is stored; raise ValidationError on ``file`` if it is bad."""
    limit = settings.KOERS_DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    if has_path_parts(name):
        raise ValidationError({"file": PATH_PARTS})
    size = upload.size
    if not size:
        raise ValidationError({"file": _("Het bestand is leeg. Kies een bestand met inhoud.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("Het bestand is te groot (%(size)s). Het maximum is %(max)s.")
                % {"size": filesizeformat(size), "max": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniffed_type(head)
    extension = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if content_type is None or EXTENSIONS.get(extension) != content_type:
        raise ValidationError({"file": WRONG_TYPE})
    return Checked(file_name=plain_name(name), content_type=content_type, size=size)
