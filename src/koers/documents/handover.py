"""The client file as a PDF, for a warm handover to a colleague or another organisation.

The PDF is the file page itself, rendered by the file's own view (so the same access
check, 404 for "not yours", and the same access-log rows for every section shown) and
printed by WeasyPrint with the print stylesheet: no menu, no buttons, each section on a
page of its own, the client's name and the print date on every page. WeasyPrint fetches
nothing: Koers' stylesheet is read from disk.
"""

import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.access import view_scope
from koers.core.formatting import moment_text
from koers.core.models import AccessLogEntry
from koers.core.scoping import Category
from koers.people.models import Person
from koers.people.views import file_page

STYLESHEET = "koers/koers.css"
PAGE_ASSETS = re.compile(r'<link rel="stylesheet"[^>]*>|<script [^>]*></script>')


def fetch_nothing(url: str, *args, **kwargs):
    """WeasyPrint's fetcher: refuses every address (a PDF never makes the server fetch
    anything; the page's stylesheet is handed over read from disk instead)."""
    raise ValueError(f"not fetched for a PDF: {url}")


def no_fetching():
    """The fetcher to hand WeasyPrint: from version 66 on an object of its ``URLFetcher``
    class, before that a function."""
    from weasyprint import urls

    if not hasattr(urls, "URLFetcher"):
        return fetch_nothing

    class FetchNothing(urls.URLFetcher):
        def fetch(self, url, headers=None):
            return fetch_nothing(url)

    return FetchNothing()


def css_string(text: str) -> str:
    """``text`` as a CSS string: every character but letters, digits and spaces escaped."""
    return (
        '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'
    )


def page_margins(heading: str, printed: str) -> str:
    """WeasyPrint prints @page margin boxes (Chromium does not: there the page's repeated
    table header does it): the heading and the print date on every page, and its number."""
    return (
        ".print-frame > thead { display: none !important; }"
        ".print-frame, .print-frame > tbody, .print-frame > tbody > tr,"
        " .print-frame > tbody > tr > td { display: block !important; }"
        "@page { margin: 20mm 14mm 16mm;"
        f" @top-left {{ content: {css_string(heading)}; font: bold 9pt sans-serif; }}"
        f" @top-right {{ content: {css_string(printed)}; font: 9pt sans-serif; }}"
        ' @bottom-right { content: "pagina " counter(page) " van " counter(pages);'
        " font: 9pt sans-serif; } }"
    )


def file_as_pdf(html: str, *, heading: str = "") -> bytes:
    from weasyprint import CSS, HTML  # loads Pango; only the PDF needs it

    with open(finders.find(STYLESHEET), encoding="utf-8") as stream:
        stylesheet = CSS(string=stream.read(), url_fetcher=no_fetching())
    printed = _("Afgedrukt op %(moment)s") % {"moment": moment_text(timezone.now())}
    margins = CSS(string=page_margins(heading, printed), url_fetcher=no_fetching())
    html = PAGE_ASSETS.sub("", html)  # the stylesheet is handed over; htmx has no use here
    return HTML(string=html, url_fetcher=no_fetching()).write_pdf(stylesheets=[stylesheet, margins])


@view_scope(Category.PERSON)
@require_GET
def file_pdf(request, person_uid):
    """The client file as a PDF attachment; logged as an export besides the page's rows."""
    page = file_page(  # the file's own page: 404 for "not yours", a log row per client
        request,
        person_uid,
        action=AccessLogEntry.Action.EXPORT,
        what=_("cliëntdossier als pdf (overdracht)"),
    )
    person = Person.objects.get(uid=person_uid)
    pdf = file_as_pdf(page.content.decode(), heading=str(person))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{person.external_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
