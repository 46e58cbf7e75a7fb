"""One number format for people (#15): templates write a number with `getal` (or a share with
`procent`) from `{% load koers %}`, Python with `koers.core.formatting.number_text`. Django's
`floatformat`, `intcomma`, `widthratio` and `stringformat`, or a decimal comma made by hand,
bring back a second format (no thousands separator, English in Dutch), so these tests fail on
one. Operators' command output (management/commands) is not for people and is left out."""

import re
from pathlib import Path

import koers

SOURCE = Path(koers.__file__).parent
TEMPLATES = sorted([*SOURCE.glob("*/templates/**/*.html"), *SOURCE.glob("*/templates/**/*.txt")])
TEMPLATE_FORMATTERS = re.compile(
    r"\|\s*(floatformat|intcomma|intword|stringformat)\b|\{%\s*widthratio\b"
)
PYTHON_FORMATTERS = re.compile(
    r"""\.replace\(\s*["']\.["']\s*,\s*["'],["']\s*\)|\bintcomma\(|\bnumber_format\(|formats\.localize\("""
)


def python_modules() -> list[Path]:
    return [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "formatting.py"
        and "migrations" not in path.parts
        and "commands" not in path.parts
    ]


def test_the_checks_find_a_second_number_format():
    assert TEMPLATE_FORMATTERS.search("{{ rate|floatformat:1 }}")
    assert TEMPLATE_FORMATTERS.search("{{ n|intcomma }}")
    assert TEMPLATE_FORMATTERS.search("{% widthratio rate 1 100 %}")
    assert not TEMPLATE_FORMATTERS.search("{{ n|getal }} {{ rate|procent }}")
    assert PYTHON_FORMATTERS.search('f"{value:.1f}".replace(".", ",")')
    assert not PYTHON_FORMATTERS.search("number_text(value)")
    assert len(TEMPLATES) > 50
    assert len(python_modules()) > 100


def test_no_template_writes_a_number_its_own_way():
    found = [
        f"{path.relative_to(SOURCE)}: {match.group(0)}"
        for path in TEMPLATES
        for match in TEMPLATE_FORMATTERS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_python_module_writes_a_number_its_own_way():
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in python_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PYTHON_FORMATTERS.search(line)
    ]
    assert found == []
