"""The yearly report as a file: HTML, PDF (WeasyPrint), XLSX (openpyxl), JSON.

All four are made from the same :class:`Document` (the content plus the raw
figures), so they cannot disagree. None carries personal data: only figures,
labels and the story.
"""

import datetime
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from koers.core.models import Location
from koers.core.spreadsheet import XLSX_CONTENT_TYPE, append_row, workbook_bytes
from koers.indicators.registry import definition_for
from koers.reports.content import Inputs, ReportContent, label
from koers.reports.models import PublishedReport

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
    "json": "application/json",
}


@dataclass(frozen=True)
class Document:
    location: Location
    content: ReportContent
    inputs: Inputs
    definitions_version: str
    edition: PublishedReport | None


def filename_stem(location: Location, year: int, edition: PublishedReport | None) -> str:
    suffix = f"-editie-{edition.edition}" if edition else "-concept"
    return f"jaarverslag-{location.external_id}-{year}{suffix}"


def definition(key: str) -> str:
    try:
        return str(definition_for(key))
    except KeyError:
        return ""


def presentation(
    document: Document, *, publishing: tuple[int, datetime.date] | None = None
) -> dict:
    """What every rendering of the report shows around its content: the foundation, and
    "Concept" (a watermark on every page) or the edition's number and date. ``publishing``
    (number, day): the edition that publishing now would make, for its preview."""
    edition = document.edition
    number, day = (edition.edition, edition.published_on) if edition else publishing or (0, None)
    return {
        "document": document,
        "report": document.content,
        "foundation": settings.KOERS_FOUNDATION_NAME,
        "edition_number": number,
        "published_on": day,
        "concept": day is None,
    }


def to_html(document: Document) -> str:
    return render_to_string("reports/document.html", presentation(document))


def to_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # loads Pango; only the PDF export needs it

    return HTML(string=to_html(document)).write_pdf()


def to_json(document: Document) -> bytes:
    content = document.content
    data = {
        "title": content.title,
        "location": {
            "id": document.location.external_id,
            "name": document.location.name,
            "municipality": document.location.municipality,
            "region": document.location.region,
        },
        "year": content.year,
        "definitions_version": document.definitions_version,
        "edition": (
            {
                "number": document.edition.edition,
                "published_on": document.edition.published_on.isoformat(),
            }
            if document.edition
            else None
        ),
        "opening": content.opening,
        "intro": content.intro,
        "figures": document.inputs.figures,
        "previous_figures": document.inputs.previous,
        "sections": [
            {
                "code": section.code,
                "title": section.title,
                "bullets": section.bullets,
                "narrative": section.narrative,
                "figures": [row.key for row in section.rows],
                **(
                    {"details": document.inputs.details[section.code]}
                    if section.code in document.inputs.details
                    else {}
                ),
            }
            for section in content.sections
        ],
        "targets": [asdict(row) for row in content.targets],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def sheet_title(title: str) -> str:
    """Excel forbids ``/`` and more than 31 characters in a sheet's name."""
    for forbidden in "/\\?*[]:":
        title = title.replace(forbidden, "-")
    return title[:31]


def write_table(sheet, header: list[str], rows: list[list]) -> None:
    for cell in append_row(sheet, header):
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14 if index > 3 else 40


def figure_table(sheet, document: Document, keys) -> None:
    """Key, label, definition, this year's and last year's value: one row per key."""
    figures, previous = document.inputs.figures, document.inputs.previous
    write_table(
        sheet,
        [_("Sleutel"), _("Omschrijving"), _("Definitie"), document.content.year, _("Vorig jaar")],
        [
            [key, label(key), definition(key), figures.get(key, 0), previous.get(key)]
            for key in keys
        ],
    )


def to_xlsx(document: Document) -> bytes:
    figures = document.inputs.figures
    workbook = Workbook()
    overview = workbook.active
    overview.title = _("Alle cijfers")
    append_row(overview, [document.content.title])
    append_row(
        overview,
        [_("Versie definities: %(version)s") % {"version": document.definitions_version}],
    )
    figure_table(overview, document, figures)
    for section in document.content.sections:
        sheet = workbook.create_sheet(sheet_title(section.title))
        append_row(sheet, [section.title])
        sheet["A1"].font = Font(bold=True, size=14)
        for bullet in section.bullets:
            append_row(sheet, [bullet])
        if section.narrative:
            append_row(sheet, [section.narrative])
        sheet.append([])
        figure_table(sheet, document, [row.key for row in section.rows])
    if document.content.targets:
        sheet = workbook.create_sheet(_("Prestatieafspraken"))
        write_table(
            sheet,
            [_("Sleutel"), _("Omschrijving"), _("Afspraak"), _("Realisatie"), _("Gehaald")],
            [
                [
                    row.key,
                    row.label,
                    figures.get(f"targets.{row.key}.target"),
                    figures.get(f"targets.{row.key}.actual"),
                    _("ja") if row.met else _("nee"),
                ]
                for row in document.content.targets
            ],
        )
    return workbook_bytes(workbook)


def render(document: Document, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(document).encode()
    return {"pdf": to_pdf, "xlsx": to_xlsx, "json": to_json}[fmt](document)
