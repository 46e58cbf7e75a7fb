"""Spreadsheets that people open: text stays text, never a formula.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel and LibreOffice (CSV/formula injection: ``=HYPERLINK(...)``
in a report text becomes a live link, ``=cmd|...`` worse). Every XLSX or CSV that
Koers writes for people is written through this module:

- **XLSX**: every string is a string cell (``inlineStr``), whatever it starts with; a
  risky one also gets Excel's "quote prefix" (the invisible apostrophe), so that
  editing the cell keeps it text. The text itself is not changed. Numbers, dates and
  booleans keep their types. Characters XML cannot hold (control characters other than
  tab, line feed and carriage return) are left out: no spreadsheet can store them.
- **CSV**: a plain text file has no cell types, so a risky text gets a leading
  apostrophe (``'=HYPERLINK(...)``), which spreadsheets show as text (OWASP's advice).

The exchange bundle (``koers export``) is not written here: it is a machine contract
whose values must come back byte for byte (docs/security.md).
"""

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
NATIVE = (bool, int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time)


def is_risky(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (or the start of one)."""
    return text.startswith(FORMULA_STARTS)


def text_cell(sheet: Worksheet, value: object) -> Cell:
    """A string cell holding ``str(value)`` as text, for :func:`append_row`."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # the setter guessed a type: ``=...`` a formula, ``#N/A`` an error
    if is_risky(text):
        cell.quotePrefix = True
    return cell


def xlsx_value(sheet: Worksheet, value: object):
    """What :func:`append_row` puts in a cell: numbers and dates as they are, text as text."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # Excel knows no time zones
    if value is None or isinstance(value, NATIVE):
        return value
    return text_cell(sheet, value)


def append_row(sheet: Worksheet, values: Iterable) -> list[Cell]:
    """Append one row to a worksheet, every text a string cell; the row's cells."""
    sheet.append([xlsx_value(sheet, value) for value in values])
    return list(sheet[sheet.max_row])


DATE_FORMAT, DATETIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"


@dataclass(frozen=True)
class Row:
    """A row of :func:`sheet_bytes` with its look: bold (a header, a section's title), a
    font size, and a number format for its cells after the first (the label)."""

    values: Sequence
    bold: bool = False
    size: int | None = None
    number_format: str | None = None


def sheet_bytes(
    title: str, rows: Iterable[Row | Sequence], *, widths: Sequence[int] = (), freeze: str = ""
) -> bytes:
    """An XLSX file of one sheet: every row through :func:`append_row` (text as text), a
    day or a time in the Dutch way, ``widths`` for the columns from A, ``freeze`` the
    first cell that scrolls (``"A2"``: the header row stays in sight)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # the longest sheet name Excel opens
    for row in rows:
        look = row if isinstance(row, Row) else Row(row)
        cells = append_row(sheet, look.values)
        for index, cell in enumerate(cells):
            if look.bold or look.size:
                cell.font = Font(bold=look.bold, size=look.size)
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif look.number_format and index > 0:
                cell.number_format = look.number_format
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    return workbook_bytes(workbook)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_value(value: object) -> str:
    """A CSV cell for people: a risky text behind an apostrophe, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    text = str(value)
    if isinstance(value, int | float | decimal.Decimal):
        return text  # a negative number stays a number
    return f"'{text}" if is_risky(text) else text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """A CSV file for a spreadsheet: UTF-8 with a byte-order mark (Excel reads it as
    UTF-8 then), ``;``-separated as Dutch Excel expects, every cell through
    :func:`csv_value`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()
