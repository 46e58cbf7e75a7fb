"""Figures are written with the language's thousands separator wherever a report or a start
page shows them: "2.741" in Dutch, "2,741" in English (#15). One number format:
`koers.core.formatting.number_text` (the `getal` filter)."""

from django.template.loader import render_to_string
from django.utils import translation

from koers.core.formatting import number_text, percent_text
from koers.reports.content import difference, display
from koers.reports.suppression import suppress


def start_page_figures(value) -> str:
    figures = [{"key": "contacts.total", "label": "Contacten", "value": value}]
    return render_to_string("reports/_figures.html", {"figures": figures, "as_of": None})


def test_the_start_pages_figures_have_a_thousands_separator():
    with translation.override("nl"):
        assert "<dd>2.741</dd>" in start_page_figures(2741)
        assert "<dd>0</dd>" in start_page_figures(0)
        assert "<dd>—</dd>" in start_page_figures(None)
    with translation.override("en"):
        assert "<dd>2,741</dd>" in start_page_figures(2741)


def test_the_yearly_reports_figures_and_changes_are_written_the_same_way():
    with translation.override("nl"):
        assert display("contacts.total", 12345) == "12.345"
        assert display("groups.attendance_rate", 0.9333) == "93,3%"
        assert display("groups.attendance_rate", 0.5) == "50%"
        assert difference("contacts.total", 3100, 1000) == "+2.100"
    with translation.override("en"):
        assert display("contacts.total", 12345) == "12,345"


def test_the_municipalitys_tables_write_shown_counts_with_a_separator():
    with translation.override("nl"):
        shown = suppress({"contacts.total": 1038, "contacts.by_topic.work": 2}, [])
    assert shown == {"contacts.total": "1.038", "contacts.by_topic.work": "<5"}


def test_a_float_is_rounded_not_cut_off():
    with translation.override("nl"):
        assert number_text(7.96) == "8,0"
        assert number_text(2.675, 2) == "2,67"  # the float is 2.67499…: as Python rounds it
        assert percent_text(0.9999) == "100%"
        assert percent_text(None) == ""
