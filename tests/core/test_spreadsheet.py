"""Spreadsheets for people (``core.spreadsheet``): a text that looks like a formula stays text."""

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from openpyxl import Workbook

from koers.core.spreadsheet import append_row, csv_bytes, csv_value, workbook_bytes

RISKY = [
    '=HYPERLINK("http://x","klik")',
    "=1+1",
    "+31 10 123 45 67",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",  # openpyxl would type this as an error value
]


def read_back(values: list) -> list:
    workbook = Workbook()
    append_row(workbook.active, values)
    return list(openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active[1])


@pytest.mark.parametrize("text", RISKY)
def test_a_text_that_looks_like_a_formula_is_a_string_cell_with_its_text_unchanged(text):
    (cell,) = read_back([text])
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # XML reads a carriage return as a line feed
    assert cell.quotePrefix == (text[0] in "=+-@\t\r")


def test_numbers_dates_and_booleans_keep_their_types_and_plain_text_gets_no_quote_prefix():
    moment = datetime.datetime(2017, 3, 1, 9, 30, tzinfo=datetime.UTC)
    cells = read_back([-3, 2.5, decimal.Decimal("-1.25"), True, datetime.date(2017, 3, 1), moment,
                       "Een goed jaar", None, 7])  # fmt: skip
    assert [cell.data_type for cell in cells[:5]] == ["n", "n", "n", "b", "d"]
    assert [cell.value for cell in cells[:4]] == [-3, 2.5, -1.25, True]
    assert cells[4].value == datetime.datetime(2017, 3, 1)  # noqa: DTZ001  (Excel has no zones)
    assert cells[5].value.tzinfo is None  # Excel knows no time zones: the local time
    assert (cells[6].data_type, cells[6].value, cells[6].quotePrefix) == (
        "s",
        "Een goed jaar",
        False,
    )
    assert (cells[7].value, cells[8].value) == (None, 7)


def test_characters_xml_cannot_hold_are_left_out_instead_of_failing_the_download():
    (cell,) = read_back(["a\x00b\x1bc\td"])
    assert cell.value == "abc\td"


@pytest.mark.parametrize("text", RISKY[:7])
def test_csv_puts_an_apostrophe_before_a_risky_text(text):
    assert csv_value(text) == f"'{text}"


def test_csv_keeps_numbers_and_plain_text_and_reads_back_as_written():
    data = csv_bytes(
        [["naam", "aantal", "saldo", "sinds"], ["=1+1", 3, -2, datetime.date(2017, 1, 2)]]
    )
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["naam", "aantal", "saldo", "sinds"], ["'=1+1", "3", "-2", "2017-01-02"]]
