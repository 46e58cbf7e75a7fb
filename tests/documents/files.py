"""Small real files for the document tests: the first bytes are what the checks read."""

import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"


def upload(name: str = "besluit.pdf", content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(folder) -> list:
    """Every file in the document store's folder (none when it was never made)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def pdf_pages(path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext, as Debian ships it)."""
    text = subprocess.run(  # noqa: S603 (a fixed program on our own file)
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]
