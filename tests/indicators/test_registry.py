"""The registry against the contract: every key of indicators.md, declared once, labelled."""

import re

import pytest

from koers.indicators.registry import (
    INDICATORS,
    SECTIONS,
    definition_for,
    find,
    label_for,
    section_for,
)
from tests.conftest import SHARED

SPEC = SHARED / "spec" / "indicators.md"
# integration-2021.md adds keys in its section "## Indicators" (its other tables are files
# and deadline rules).
WI2021_SPEC = SHARED / "spec" / "integration-2021.md"
COOPERATION = SHARED / "spec" / "cooperation.md"  # its section "Indicators"


def section(text: str, title: str) -> str:
    """The lines of the ``## title…`` section of a spec."""
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def table_keys(text: str) -> set[str]:
    """The key patterns of the tables in ``text``, placeholders written as ``{}``."""
    keys = set()
    for line in text.splitlines():
        cells = line.split("|")
        if len(cells) < 3 or cells[1].strip() in {"key", ""} or set(cells[1].strip()) <= {"-"}:
            continue
        for key in cells[1].split(","):
            keys.add(re.sub(r"`[^`]+`", "{}", key.strip()))
    return keys


def spec_keys() -> set[str]:
    """The keys of indicators.md and of integration-2021.md's section "Indicators"."""
    wi2021 = section(WI2021_SPEC.read_text(encoding="utf-8"), "Indicators")
    return table_keys(SPEC.read_text(encoding="utf-8")) | table_keys(wi2021)


def registry_keys() -> set[str]:
    return {re.sub(r"{\w+}", "{}", i.key) for i in INDICATORS if i.shown}


def cooperation_keys() -> set[str]:
    return table_keys(section(COOPERATION.read_text(encoding="utf-8"), "Indicators"))


def test_every_key_of_the_spec_is_declared_and_nothing_else():
    assert len(spec_keys()) > 80
    assert registry_keys() == spec_keys() | cooperation_keys()


def test_the_seven_keys_of_cooperation_md_are_declared():
    assert cooperation_keys() == {
        "cooperation.activities",
        "cooperation.by_kind.{}",
        "cooperation.partners_met",
        "cooperation.partners_met_by_kind.{}",
        "cooperation.staff_involved",
        "outreach.sessions",
        "outreach.people_reached",
    }
    assert cooperation_keys() <= registry_keys()


def test_the_keys_of_integration_2021_are_among_them():
    wi2021 = {key for key in spec_keys() if key.startswith(("wi2021.", "housing.linked"))}
    assert len(wi2021) == 21
    assert "wi2021.pips_by_route.{}" in wi2021
    assert {find(key.replace("{}", "b1")).section for key in wi2021} == {"inburgering"}


def test_each_indicator_is_declared_once():
    keys = [indicator.key for indicator in INDICATORS]
    assert len(keys) == len(set(keys))


def test_every_concrete_key_has_a_dutch_label_definition_and_known_section():
    for indicator in INDICATORS:
        if indicator.is_fixed:
            for key, _ in indicator.expand():
                assert label_for(key) and definition_for(key)
                assert section_for(key) in SECTIONS
                assert "{" not in label_for(key), key


@pytest.mark.parametrize(
    ("key", "label", "section"),
    [
        ("housing.by_nationality.SYR", "Gehuisvest met nationaliteit Syrië", "huisvesting"),
        (
            "groups.language_centre.groups_active_end_by_level.alpha",
            "Lopende groepen Taalcentrum aan het eind, niveau alfabetisering",
            "groepen",
        ),
        ("contacts.venue.St. Jozef.days", "Dagen met contacten op locatie St. Jozef", "spreekuur"),
        ("legal.other_contacts", "Overige juridische vragen", "juridisch"),
        ("staff.trainings_completed.eerste_hulp", "Trainingen afgerond: eerste hulp", "team"),
        (
            "trajectories.integration.started",
            "Gestarte trajecten coaching integratie",
            "begeleiding",
        ),
        ("matches.wegwijs.waiting_end", "Wachtlijst Wegwijs aan het eind", "koppelingen"),
        (
            "cooperation.by_kind.case_consultation",
            "Activiteiten: casusoverleg",
            "samenwerking",
        ),
        (
            "cooperation.partners_met_by_kind.food_bank",
            "Partners in overleg en samenwerking: voedselbank",
            "samenwerking",
        ),
        (
            "targets.housing.persons_housed.met",
            "Afspraak gehaald: Gehuisveste personen",
            "prestatieafspraken",
        ),
    ],
)
def test_labels_and_sections_of_concrete_keys(key, label, section):
    assert label_for(key) == label
    assert section_for(key) == section


def test_a_key_is_matched_by_its_own_code_list_only():
    assert find("groups.civic_integration.sessions").key == "groups.{program}.sessions"
    assert find("groups.nonsense.sessions") is None
    assert find("trajectories.asylum.started") is None
    assert find("housing.by_route.walking") is None


def test_unknown_keys_raise_key_error():
    with pytest.raises(KeyError):
        label_for("housing.unknown")
    with pytest.raises(KeyError):
        section_for("")
