"""Every report section reads only keys the indicator registry declares.

The figures here hold every key of the registry (fixed code lists expanded, open ones
with a few real codes), each with a value that is not zero, so that every section is
shown and every branch of its wording is taken. A section that asks for a key the
registry does not know fails (``Figures`` raises instead of reading 0), in the yearly
report, the region report and the municipality's period page alike.
"""

import pytest

from koers.core.countries import COUNTRIES
from koers.core.languages import LANGUAGES
from koers.indicators.registry import INDICATORS, match
from koers.reports.content import Inputs, build_report, charts_for
from koers.reports.municipality import period_blocks, topic_rows
from koers.reports.sections import SECTIONS, Context, Figures, UnknownIndicatorKey
from koers.reports.selectors import region_sections
from koers.staff.models import Course

# Real codes for the placeholders of open code lists (only the values that occur).
OPEN_SAMPLES = {
    "nationality": list(COUNTRIES)[:3],
    "language": list(LANGUAGES)[:3],
    "lang": list(LANGUAGES)[:3],
    "course": list(Course.values)[:2],
    "indicator": ["housing.persons_housed", "contacts.total"],
    "venue": ["Buurthuis De Brug", "Bibliotheek"],
}
CONTEXT = Context(municipality="Rijnmond", branch="Afdeling Rijnmond", year=2017)


def concrete_keys() -> list[str]:
    keys = []
    for indicator in INDICATORS:
        names = indicator.placeholders
        fixed = {name for name in names if indicator.codes[name].is_fixed}
        missing = [name for name in names if name not in fixed and name not in OPEN_SAMPLES]
        assert not missing, f"{indicator.key}: give OPEN_SAMPLES for {missing}"
        combos = [{}]
        for name in names:
            codes = indicator.codes[name]
            values = list(codes.labels) if codes.is_fixed else OPEN_SAMPLES[name]
            combos = [{**combo, name: value} for combo in combos for value in values]
        keys += [indicator.key.format(**combo) for combo in combos]
    return keys


@pytest.fixture(scope="module")
def every_figure() -> dict:
    """Every key with a small value that is not zero (rates below one)."""
    return {
        key: (0.5 if key.endswith("_rate") else 3 + number % 7)
        for number, key in enumerate(concrete_keys())
    }


def test_every_key_a_section_claims_is_declared_in_the_registry():
    patterns = {pattern for section in SECTIONS for pattern in section.keys}
    declared = concrete_keys()
    unclaimed = [
        pattern
        for pattern in sorted(patterns)
        if not any(key == pattern or key.startswith(f"{pattern}.") for key in declared)
    ]
    assert not unclaimed, f"section keys the registry does not declare: {unclaimed}"


def test_the_yearly_report_renders_every_section_from_registry_keys_only(every_figure):
    inputs = Inputs(figures=every_figure, previous=every_figure, monthly=[every_figure] * 12)
    report = build_report(municipality="Rijnmond", branch="Rijnmond", year=2017, inputs=inputs)
    assert [section.code for section in report.sections] == [s.code for s in SECTIONS]
    assert all(section.bullets or section.rows for section in report.sections)
    figures = Figures(every_figure)
    for section in SECTIONS:
        section.bullets(figures, CONTEXT)
        charts_for(section, figures, inputs, 2017)


def test_the_region_report_shows_every_section_from_registry_keys_only(every_figure):
    shown = region_sections([every_figure, every_figure], every_figure)
    assert [title for title, _rows in shown] == [section.title for section in SECTIONS]
    assert all(match(row.key) for _title, rows in shown for row in rows)


def test_the_municipality_pages_read_registry_keys_only(every_figure):
    assert period_blocks(every_figure)
    assert topic_rows(every_figure, [every_figure] * 12)


def test_a_misspelt_key_fails_instead_of_reading_zero():
    figures = Figures({"housing.persons_housed": 4})
    assert figures["housing.sex_x"] == 0  # declared, left out by the engine: zero
    with pytest.raises(UnknownIndicatorKey, match=r"housing\.persons_hosued"):
        figures["housing.persons_hosued"]
    part = figures.under("groups.language_class")
    assert part["participants"] == 0
    with pytest.raises(UnknownIndicatorKey, match=r"groups\.language_class\.participantz"):
        part["participantz"]
