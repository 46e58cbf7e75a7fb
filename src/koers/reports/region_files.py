"""The region report as a file: PDF (WeasyPrint, like the branch report) and XLSX.

Both are made from :func:`koers.reports.selectors.region_table`, the table the region
page shows, so the three cannot disagree: every branch of the region side by side and the
engine's region figure (distinct people counted once, rates from summed parts). Only
figures: no personal data, so no access-log row (like the branch report's downloads).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.spreadsheet import XLSX_CONTENT_TYPE, Row, sheet_bytes
from koers.reports.selectors import RegionTable

REGION_FORMATS = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


def filename_stem(region: str, year: int) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in region.lower()).strip("-")
    return f"regiorapportage-{safe or 'regio'}-{year}"


def to_html(region: str, year: int, table: RegionTable) -> str:
    return render_to_string(
        "reports/region_document.html",
        {
            "region": region,
            "year": year,
            "table": table,
            "foundation": settings.KOERS_FOUNDATION_NAME,
            "made_on": timezone.localdate(),
        },
    )


def to_pdf(region: str, year: int, table: RegionTable) -> bytes:
    from weasyprint import HTML  # loads Pango; only the PDF export needs it

    return HTML(string=to_html(region, year, table)).write_pdf()


def to_xlsx(region: str, year: int, table: RegionTable) -> bytes:
    """One sheet: per section a bold title row, then a row per figure; numbers as
    numbers (a rate as a fraction shown as a percentage) so that the sheet can compute."""
    header = [
        _("Cijfer"),
        *(branch.municipality or branch.name for branch in table.branches),
        _("Regio"),
    ]
    title = _("%(municipality)s: %(year)s in cijfers") % {"municipality": region, "year": year}
    rows: list[Row] = [Row([title], bold=True, size=14)]
    if table.as_of is not None:
        rows.append(Row([_("Stand van"), timezone.localtime(table.as_of).replace(tzinfo=None)]))
    rows += [Row([]), Row(header, bold=True)]
    for section_title, figures in table.sections:
        rows.append(Row([section_title], bold=True))
        rows += [
            Row(
                [row.label, *row.numbers, row.number_total],
                number_format="0.0%" if row.key.endswith("_rate") else "#,##0.##",
            )
            for row in figures
        ]
    return sheet_bytes(
        str(year),
        rows,
        widths=[48, *[14] * (len(header) - 1)],
        freeze="B5" if table.as_of is not None else "B4",
    )


def render(region: str, year: int, table: RegionTable, fmt: str) -> bytes:
    return {"pdf": to_pdf, "xlsx": to_xlsx}[fmt](region, year, table)
