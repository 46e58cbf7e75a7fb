"""A ``{# … #}`` comment ends on its own line: Django prints one that runs over lines as
text (the filter bar of every list showed its comment so). Longer notes use
``{% comment %}``."""

import re
from pathlib import Path

import koers

TEMPLATES = sorted(Path(koers.__file__).parent.glob("*/templates/**/*.html"))
OPEN_COMMENT = re.compile(r"\{#(?!.*?#\})")


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_no_template_comment_runs_over_lines():
    unclosed = [
        f"{path.relative_to(Path(koers.__file__).parent)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OPEN_COMMENT.search(line)
    ]
    assert unclosed == []
