"""Charts readable without colour and without sight: patterns, numbers, title and text."""

import re

from koers.reports.charts import grouped_bars, horizontal_bars, housed_against_quota


def test_bar_chart_carries_title_description_numbers_and_a_pattern():
    chart = horizontal_bars("c", "Contacten per onderwerp", [("wonen", 12), ("werk", 3)])
    svg = str(chart.svg)
    assert 'role="img"' in svg
    assert '<title id="c-title">Contacten per onderwerp</title>' in svg
    assert ">12</text>" in svg and ">3</text>" in svg
    assert 'fill="#0072B2" stroke="#1A1A1A"' in svg  # a colour of the palette, outlined
    assert chart.description == "Contacten per onderwerp: wonen 12 en werk 3"


def test_chart_text_is_escaped():
    chart = horizontal_bars("c", "Locaties", [("<b>Hal & Co</b>", 5)])
    assert "<b>" not in str(chart.svg)
    assert "&lt;b&gt;Hal &amp; Co&lt;/b&gt;" in str(chart.svg)


def test_series_are_told_apart_by_pattern_and_legend():
    chart = grouped_bars("t", "Trajecten", ["vestiging", "integratie"],
                         [("Gestart", [5, 7]), ("Beëindigd", [2, 0])])  # fmt: skip
    svg = str(chart.svg)
    assert 'fill="#0072B2"' in svg and "url(#t-hatch)" in svg  # colour and pattern differ
    assert ">Gestart</text>" in svg and ">Beëindigd</text>" in svg
    assert "vestiging: gestart 5 en beëindigd 2" in chart.description


def test_monthly_chart_draws_a_voorsprong_below_the_axis_and_nothing_when_empty():
    assert housed_against_quota("h", 2017, [0] * 12, [None] * 12) is None
    chart = housed_against_quota("h", 2017, [3] * 12, [5, 2, -1, -4, -7, 10, 7, 4, 1, -2, -5, -8])
    numbers = [float(n) for n in re.findall(r'(?:x|y|height|width)="(-?[\d.]+)"', str(chart.svg))]
    assert numbers and all(n >= 0 for n in numbers)
    assert "december -8" in chart.description
