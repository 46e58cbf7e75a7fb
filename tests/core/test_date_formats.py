"""One date format for people (#15): templates write a day with `datum` (or `datumtijd`, `maand`,
`termijn`) from `{% load koers %}`, Python with `koers.core.formatting`. A `|date:"j-n-Y"` or a
`date_format(day, "j F Y")` written anywhere brings back a second format, so these tests fail on
one. The one format string a template may still give `date` is the machine's ISO day
(`<time datetime="{{ day|date:'Y-m-d' }}">`), which people do not read."""

import re
from pathlib import Path

import koers

SOURCE = Path(koers.__file__).parent
TEMPLATES = sorted([*SOURCE.glob("*/templates/**/*.html"), *SOURCE.glob("*/templates/**/*.txt")])
MACHINE_FORMATS = {"Y-m-d", "c"}
DATE_FILTER = re.compile(r"\|\s*(date|time)\b(?::\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+)))?")
PYTHON_FORMATTERS = re.compile(r"\b(date_format|time_format|localize)\(")


def template_date_formats(text: str) -> list[str]:
    """Every `|date`/`|time` filter of a template whose format is not the machine's ISO day."""
    found = []
    for match in DATE_FILTER.finditer(text):
        kind, double, single, bare = match.groups()
        written = double if double is not None else single if single is not None else bare
        if kind == "date" and written in MACHINE_FORMATS:
            continue
        found.append(match.group(0))
    return found


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_the_check_finds_a_second_format_and_lets_the_iso_day_pass():
    assert template_date_formats('{{ d|date:"j-n-Y" }} {{ d|date }} {{ m|time:"H:i" }}') == [
        '|date:"j-n-Y"',
        "|date",
        '|time:"H:i"',
    ]
    assert template_date_formats("{{ d|date:'j M Y' }}") == ["|date:'j M Y'"]
    assert template_date_formats("{{ d|date:'Y-m-d' }} {{ d|datum }} {{ m|datumtijd }}") == []


def test_no_template_writes_a_date_its_own_way():
    """Use `|datum`, `|datum:"weekdag"`, `|datumtijd`, `|maand` or `|termijn` instead."""
    found = [
        f"{path.relative_to(SOURCE)}: {written}"
        for path in TEMPLATES
        for written in template_date_formats(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_python_module_formats_a_date_for_people_its_own_way():
    """Use `koers.core.formatting.date_text` / `moment_text` / `number_text` instead."""
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "formatting.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PYTHON_FORMATTERS.search(line)
    ]
    assert found == []
