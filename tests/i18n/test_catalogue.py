"""The English catalogue: complete, in step with the code, compiled, and loaded by Django.

Pure Python (polib and Django's own template lexer), so it runs on a fresh clone without
GNU gettext. When a test here fails after a change of wording, run
``scripts/translations update``, translate the new entries, ``scripts/translations
compile`` and commit both files (docs/translations.md).
"""

import importlib
import re

import polib
import pytest
from django.utils import translation

from koers.deadlines.names import SHIPPED_RULE_TEXTS, rule_text
from tests.i18n.messages import SOURCE, code_messages, messages_in_template

CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
UPDATE = "run scripts/translations update, translate, then scripts/translations compile"
# %(name)s, %s, %d and {name}: what the code fills in must survive translation
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
TAG = re.compile(r"</?(a|abbr|br|code|em|p|span|strong|time)\b")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


@pytest.fixture(scope="module")
def in_code() -> set[tuple[str, str, str]]:
    return code_messages()


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    open_entries = [entry.msgid for entry in catalogue if not entry.translated()]
    assert catalogue.percent_translated() == 100, f"untranslated or fuzzy: {open_entries}"
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_plural_has_both_english_forms(catalogue):
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


def test_translations_keep_every_placeholder_and_html_tag(catalogue):
    wrong = []
    for entry in catalogue:
        # each English form against its Dutch form: a singular may leave out the number
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, text in zip(sources, translations(entry), strict=True):
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(
                set(PLACEHOLDER.findall(source))
            ) or sorted(TAG.findall(text)) != sorted(TAG.findall(source)):
                wrong.append((source, text))
    assert wrong == []


def test_every_message_of_the_code_is_in_the_catalogue(catalogue, in_code):
    missing = in_code - {key(entry) for entry in catalogue}
    assert missing == set(), f"not in the catalogue ({UPDATE}): {sorted(missing)}"


def test_the_catalogue_holds_no_message_the_code_no_longer_uses(catalogue, in_code):
    gone = {key(entry) for entry in catalogue if not entry.obsolete} - in_code
    assert gone == set(), f"no longer in the code ({UPDATE}): {sorted(gone)}"


def test_the_compiled_catalogue_is_the_current_one(catalogue):
    compiled = {
        (entry.msgctxt or "", entry.msgid): translations(entry)
        for entry in polib.mofile(str(COMPILED))
    }
    current = {
        (entry.msgctxt or "", entry.msgid): translations(entry)
        for entry in catalogue
        if entry.translated()
    }
    assert compiled == current, f"django.mo is older than django.po: {UPDATE}"


def test_the_finder_reads_translate_blocktranslate_plurals_and_context():
    template = (
        '{% load i18n %}{% translate "Opslaan" %}{% translate "mei" context "maand" %}'
        "{% blocktranslate count n=items|length %}{{ n }} cliënt{% plural %}{{ n }} cliënten"
        "{% endblocktranslate %}{% blocktranslate with name=user.name %}Beste {{ name }},"
        "{% endblocktranslate %}{{ value|default:_('geen') }}"
    )
    assert messages_in_template(template) == {
        ("", "Opslaan", ""),
        ("maand", "mei", ""),
        ("", "%(n)s cliënt", "%(n)s cliënten"),
        ("", "Beste %(name)s,", ""),
        ("", "geen", ""),
    }


def test_django_reads_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Cliënten") == "Clients"
        assert translation.ngettext("%(n)s resultaat", "%(n)s resultaten", 2) == "%(n)s results"
        assert translation.pgettext("maand, kort", "mei") == "May"
    with translation.override("nl"):
        assert translation.gettext("Cliënten") == "Cliënten"


def shipped_rule_texts() -> set[str]:
    """The names and closing conditions of the rules the deadlines migrations write."""
    texts = set()
    for path in sorted((SOURCE / "deadlines" / "migrations").glob("0*.py")):
        module = importlib.import_module(f"koers.deadlines.migrations.{path.stem}")
        for name, value in vars(module).items():
            if name.endswith("_RULES"):
                texts |= {rule[1] for rule in value} | {rule[-1] for rule in value}
    return texts


def test_every_shipped_deadline_rule_reads_in_english():
    shipped = shipped_rule_texts()
    assert len(shipped) > 20  # 15 rules, some sharing a condition
    assert shipped - set(SHIPPED_RULE_TEXTS) == set()
    with translation.override("en"):
        assert rule_text("Einde coaching vestiging") == "End of settling-in coaching"
        assert rule_text("een eigen regel") == "een eigen regel"


def test_every_section_of_the_yearly_report_has_its_title_in_the_catalogue():
    from koers.reports.sections import SECTIONS
    from koers.reports.selectors import NARRATIVE_TITLES
    from koers.reports.titles import SECTION_TITLES, report_title

    assert {section.title for section in SECTIONS} | set(NARRATIVE_TITLES.values()) <= set(
        SECTION_TITLES
    )
    with translation.override("en"):
        assert report_title("Huisvesting") == "Housing"
