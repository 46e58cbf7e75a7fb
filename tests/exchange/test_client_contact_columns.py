"""people.csv's optional columns for reaching the client (phone, email, languages,
interpreter_language): written only when a client has them, imported back losslessly,
refused with file:line: column: message, never written back to an anonymised client."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.core.actors import CLI
from koers.exchange.services import IMPORT, bundle_export, bundle_import
from koers.people.models import Person, PersonLanguage
from koers.privacy.anonymise import anonymise_people
from tests.conftest import examples
from tests.exchange.bundles import SMALL, empty_database, import_files, same_bundles, write_files
from tests.exchange.test_properties import csv_text, rolled_back, rows_of

pytestmark = pytest.mark.django_db

BASE = SMALL["people.csv"][0]
HEADER = BASE + ",phone,email,languages,interpreter_language"


def people(*rows: str) -> dict[str, list[str]]:
    return {**SMALL, "people.csv": [HEADER, *rows]}


P1 = "p1,zeestad,Mahlet,Berhane,1988-04-02,F,ERI,1234567890,h1,regular,2016-11-01,true,"
P2 = "p2,zeestad,Dawit,Berhane,2012-09-30,M,ERI,,h1,family_reunification,2017-02-01,,"
P3 = "p3,heuvelrug,Karim,Sabbagh,1979-12-31,M,SYR,,h2,resettlement,,false,2017-06-01"


def test_the_columns_import_and_export_as_they_were(tmp_path):
    bundle = people(
        P1 + ",+31612345678,mahlet@example.org,ti;ar,ti",
        P2 + ",,,,",
        P3 + ",+963944123456,,ar,",
    )
    result = import_files(tmp_path / "in", bundle)
    assert result.ok, result.problems
    mahlet = Person.objects.get(external_id="p1")
    assert (mahlet.phone, mahlet.email, mahlet.interpreter_language) == (
        "+31612345678",
        "mahlet@example.org",
        "ti",
    )
    assert list(mahlet.languages.order_by("pk").values_list("language", flat=True)) == ["ti", "ar"]
    bundle_export(target=tmp_path / "out")
    exported = (tmp_path / "out" / "people.csv").read_text().splitlines()
    assert exported[0] == HEADER
    assert exported[1].endswith(",+31612345678,mahlet@example.org,ti;ar,ti")
    assert exported[2].endswith(",,,,")
    assert bundle_import(by=IMPORT, source=tmp_path / "out").updated == 0


def test_without_contact_details_the_file_keeps_the_formats_header(tmp_path):
    assert import_files(tmp_path / "in", SMALL).ok
    bundle_export(target=tmp_path / "out")
    assert (tmp_path / "out" / "people.csv").read_text().splitlines()[0] == BASE


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("06 12345678,,,", "phone", "+31612345678"),
        ("12345,,,", "phone", "geen geldig telefoonnummer"),
        (",geen-adres,,", "email", ""),
        (",,xx,", "languages", "xx"),
        (",,ar;ar,", "languages", "twice"),
        (",,,klingon", "interpreter_language", "klingon"),
    ],
)
def test_a_bad_cell_is_refused_at_its_line_and_column(tmp_path, cells, column, message):
    result = import_files(tmp_path / "in", people(P1 + "," + cells, P2 + ",,,,", P3 + ",,,,"))
    assert not result.ok
    located = [str(problem) for problem in result.problems]
    assert any(
        text.startswith(f"people.csv:2: {column}: ") and message.lower() in text.lower()
        for text in located
    ), located
    assert not Person.objects.exists()


def test_an_old_bundle_never_brings_an_anonymised_clients_contact_details_back(tmp_path):
    bundle = people(P1 + ",+31612345678,mahlet@example.org,ti;ar,ti", P2 + ",,,,", P3 + ",,,,")
    assert import_files(tmp_path / "in", bundle).ok
    anonymise_people([Person.objects.get(external_id="p1")], by=CLI, reason="bewaartermijn")
    again = bundle_import(by=IMPORT, source=tmp_path / "in")
    assert again.ok, again.problems
    mahlet = Person.objects.get(external_id="p1")
    assert (mahlet.phone, mahlet.email, mahlet.interpreter_language) == ("", "", "")
    assert not PersonLanguage.objects.filter(person=mahlet).exists()
    noticed = {problem.column for problem in again.notices if problem.file == "people.csv"}
    assert {"phone", "email", "languages", "interpreter_language"} <= noticed


# Hypothesis, as the exchange's round-trip tests: generated contact details survive an
# export and an import into an empty database unchanged.
phones = st.one_of(
    st.from_regex(r"\+31[1-9][0-9]{8}", fullmatch=True),
    st.from_regex(r"\+(32|49|963|251|1)[1-9][0-9]{7,9}", fullmatch=True),
)
emails = st.from_regex(r"[a-z][a-z0-9._-]{0,10}@[a-z]{2,8}\.(nl|org|com)", fullmatch=True)
codes = st.sampled_from(["ar", "ti", "fa", "so", "uk", "en", "ps"])


@st.composite
def contact_cells(draw) -> str:
    languages = draw(st.lists(codes, max_size=3, unique=True))
    return ",".join(
        [
            draw(st.just("") | phones),
            draw(st.just("") | emails),
            ";".join(languages),
            draw(st.just("") | codes),
        ]
    )


@pytest.mark.slow
@settings(
    max_examples=examples(6),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cells=st.lists(contact_cells(), min_size=3, max_size=3))
def test_generated_contact_details_round_trip(cells):
    bundle = {
        name: csv_text(rows_of(("\r\n".join(lines) + "\r\n").encode()))
        for name, lines in SMALL.items()
    }
    people_rows = [
        row.split(",")
        for row in [HEADER, P1 + "," + cells[0], P2 + "," + cells[1], P3 + "," + cells[2]]
    ]
    bundle["people.csv"] = csv_text(people_rows)
    # an extension column is written only when some client has a value in it
    kept = [
        index
        for index, name in enumerate(people_rows[0])
        if name in BASE.split(",") or any(row[index] for row in people_rows[1:])
    ]
    expected = csv_text([[row[index] for index in kept] for row in people_rows])
    with tempfile.TemporaryDirectory() as folder, rolled_back():
        root = Path(folder)
        first = bundle_import(by=IMPORT, source=write_files(root / "in", bundle))
        assert first.ok, first.problems
        bundle_export(target=root / "a")
        assert (root / "a" / "people.csv").read_bytes().decode() == expected
        assert bundle_import(by=IMPORT, source=root / "a").updated == 0
        empty_database()
        assert bundle_import(by=IMPORT, source=root / "a").ok
        bundle_export(target=root / "b")
        assert same_bundles(root / "a", root / "b")
