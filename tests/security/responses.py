"""The text a user receives in a response, whatever its format (HTML, JSON, XLSX, PDF)."""

import io
import shutil
import subprocess
import zipfile


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def response_text(response) -> str:
    """Everything a reader of this response could see, as text: a spreadsheet's cells
    (its XML parts unzipped) and a PDF's text (pdftotext) included."""
    content = response_bytes(response)
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode(errors="replace") for name in archive.namelist()
            )
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    return content.decode(errors="replace")


def pdf_text(content: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise RuntimeError("pdftotext (poppler-utils) is needed to read PDF responses")
    result = subprocess.run(  # noqa: S603  (a fixed local program, our own bytes as input)
        [pdftotext, "-q", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode(errors="replace")
