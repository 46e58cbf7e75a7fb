"""Dutch numbers, lists and demonyms as the seed reports write them."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext_lazy

from koers.core.formatting import number_text
from koers.reports import wording
from koers.reports.nationalities import people_of
from koers.reports.wording import counted, enumeration, in_words, percentage, signed


@pytest.mark.parametrize(
    ("value", "words"), [(0, "nul"), (1, "één"), (13, "dertien"), (20, "twintig"), (21, "21")]
)
def test_counts_up_to_twenty_are_words_in_sentences(value, words):
    assert in_words(value) == words


FAMILIES = ngettext_lazy("%(amount)s gezin", "%(amount)s gezinnen", "count")
GROUPS = ngettext_lazy("%(amount)s groep", "%(amount)s groepen", "count")


def test_counted_picks_singular_and_plural_and_digits_when_leading():
    with translation.override("nl"):
        assert counted(1, FAMILIES) == "één gezin"
        assert counted(13, FAMILIES) == "dertien gezinnen"
        assert counted(13, FAMILIES, leading=True) == "13 gezinnen"
    with translation.override("en"):
        assert counted(1, FAMILIES) == "one family"
        assert counted(13, FAMILIES) == "thirteen families"
        assert counted(13, FAMILIES, leading=True) == "13 families"


def test_numbers_are_the_one_number_format_of_the_interface():
    """The report's digits are `core.formatting.number_text`: a thousands separator and a
    decimal comma in Dutch, one decimal for a float that is not whole (#15)."""
    with translation.override("nl"):
        assert number_text(1038) == "1.038"
        assert number_text(15.25) == "15,2"
        assert number_text(4.0) == "4"
        assert in_words(1038) == "1.038"
        assert counted(2741, GROUPS) == "2.741 groepen"
        assert signed(-1200) == "\u22121.200"
    with translation.override("en"):
        assert number_text(1038) == "1,038"
        assert number_text(15.25) == "15.2"
    assert not hasattr(wording, "number")  # no second number format


def test_percentages_and_changes_read_as_in_a_report():
    assert percentage(0.933) == "93 procent"
    with translation.override("en"):
        assert percentage(0.933) == "93 per cent"
    assert signed(5) == "+5"
    assert signed(-3) == "\u22123"
    assert signed(0) == "0"


def test_enumeration_joins_with_commas_and_en():
    assert enumeration(["a"]) == "a"
    assert enumeration(["a", "", "b"]) == "a en b"
    assert enumeration(["a", "b", "c"]) == "a, b en c"
    with translation.override("en"):
        assert enumeration(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize(
    ("code", "people"),
    [
        ("SYR", "Syriërs"),
        ("ERI", "Eritreeërs"),
        ("AFG", "Afghanen"),
        ("IRQ", "Irakezen"),
        ("YEM", "Jemenieten"),
        ("XXA", "staatlozen"),
        ("BRA", "personen uit Brazilië"),
    ],
)
def test_nationalities_are_plural_demonyms_with_a_country_fallback(code, people):
    assert people_of(code) == people
