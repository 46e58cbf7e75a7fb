"""The Barendrecht 2017 bundle: every expected figure, in every format, and nothing personal.

The bundle is imported once for this module (it takes seconds) and the report made
once; each test reads one format of it.
"""

import io
import json
import re
import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction

from koers.core.models import Location
from koers.indicators.engine import compute
from koers.indicators.periods import Period
from koers.people.models import Person
from koers.reports.content import label
from koers.reports.exporters import FORMATS, render
from koers.reports.selectors import live_document
from koers.staff.models import StaffMember
from tests.conftest import ACCEPTANCE_BUNDLE
from tests.reports.conftest import figures_in_html

pytestmark = pytest.mark.django_db  # the tests read what the module's fixture imported
EXPECTED = json.loads((ACCEPTANCE_BUNDLE.parent / "expected.json").read_text())["figures"]


@pytest.fixture(scope="module")
def acceptance(django_db_setup, django_db_blocker, tmp_path_factory):
    """The imported bundle and its report, inside a transaction rolled back at the end (as
    Django's ``setUpTestData``): each test's own transaction is a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import", str(ACCEPTANCE_BUNDLE), stdout=io.StringIO())
        location = Location.objects.get(external_id="barendrecht")
        document = live_document(location, 2017)
        yield {
            "location": location,
            "document": document,
            "rendered": {fmt: render(document, fmt) for fmt in FORMATS},
            "personal": personal_strings(),
            "engine": compute(locations=[location], period=Period.year(2017)),
            "dir": tmp_path_factory.mktemp("report"),
        }
        transaction.set_rollback(True)


def personal_strings() -> set[str]:
    """Names, V-numbers and birth dates of everyone in the data (clients and staff)."""
    found = set()
    for person in Person.objects.all():
        found |= {person.given_name, person.family_name, person.v_number}
        found |= {person.birth_date.isoformat(), person.birth_date.strftime("%d-%m-%Y")}
    for staff in StaffMember.objects.all():
        found |= {staff.given_name, staff.family_name}
    return {value for value in found if value and len(value) > 2}


def assert_no_personal_data(text: str, personal: set[str]) -> None:
    leaks = [value for value in personal if re.search(rf"\b{re.escape(value)}\b", text)]
    assert not leaks, leaks


def matches_expected(key: str, actual) -> bool:
    expected = EXPECTED[key]
    if isinstance(expected, str) and expected.startswith(">"):
        return actual > float(expected[1:])
    return actual == expected


def test_engine_gives_every_expected_figure(acceptance):
    engine = acceptance["engine"]
    assert all(matches_expected(key, engine[key]) for key in EXPECTED), {
        key: engine.get(key) for key in EXPECTED if not matches_expected(key, engine.get(key, 0))
    }


def dutch_number(text: str) -> float:
    """ "1.038" → 1038, "15,2" → 15.2 (the report writes Dutch numbers)."""
    return float(text.replace(".", "").replace(",", "."))


def parse_shown(key: str, shown: str) -> float:
    if shown.endswith("%"):
        return dutch_number(shown[:-1]) / 100
    return dutch_number(shown)


def test_html_shows_every_expected_figure_and_the_seed_shape(acceptance):
    html = acceptance["rendered"]["html"].decode()
    shown = figures_in_html(html)
    for key in EXPECTED:
        assert matches_expected(key, parse_shown(key, shown[key])), (key, shown.get(key))
    assert "Barendrecht: 2017 in cijfers" in html
    assert "achterstand (van 25) op de door het Rijk vastgestelde taakstelling" in html
    assert "In totaal vestigden zich twintig alleenstaanden en dertien gezinnen." in html
    assert "Veruit grootste groep: Syriërs (42)" in html
    for title in ["Huisvesting", "Juridische begeleiding/gezinshereniging", "Ons team"]:
        assert f">{title}</h2>" in html


def pdf_text(pdf: bytes, directory) -> str:
    path = directory / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def test_pdf_text_shows_every_expected_figure_next_to_its_label(acceptance):
    text = pdf_text(acceptance["rendered"]["pdf"], acceptance["dir"])
    lines = [" ".join(line.split()) for line in text.splitlines()]
    cells = {key: (row_label, shown) for key, row_label, shown in
             acceptance["document"].content.appendix_cells()}  # fmt: skip
    for key in EXPECTED:
        row_label, shown = cells[key]  # a row of its own, or a breakdown's row side by side
        assert any(line.startswith(row_label) and f" {shown} " in f"{line} " for line in lines), (
            key,
            row_label,
            shown,
        )
    assert "VluchtelingenWerk Zuidwest-Nederland" in text
    assert "Pagina 2 van" in text  # the cover has no page header or number
    assert "Inhoud" in text


def test_pdf_renders_to_a4_pages_with_the_figures_on_them(acceptance):
    directory = acceptance["dir"]
    (directory / "report.pdf").write_bytes(acceptance["rendered"]["pdf"])
    subprocess.run(  # noqa: S603
        [
            "/usr/bin/pdftoppm",
            "-r",
            "30",
            "-png",
            str(directory / "report.pdf"),
            str(directory / "page"),
        ],
        check=True,
    )
    from PIL import Image

    pages = sorted(directory.glob("page-*.png"))
    assert len(pages) >= 3
    for page in pages:
        with Image.open(page) as image:
            width, height = image.size
            assert abs(height / width - 297 / 210) < 0.02  # A4 portrait
            darkest, _lightest = image.convert("L").getextrema()
            assert darkest < 100  # something is printed on every page
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", str(directory / "report.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(rf"Pages:\s+{len(pages)}\n", info)


def test_xlsx_holds_every_expected_figure_with_label_and_definition(acceptance):
    workbook = openpyxl.load_workbook(io.BytesIO(acceptance["rendered"]["xlsx"]))
    sheet = workbook["Alle cijfers"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    for key in EXPECTED:
        _key, label_, definition, value, _previous = rows[key]
        assert matches_expected(key, value), (key, value)
        assert label_ == label(key)
        assert definition
    titles = [section.title for section in acceptance["document"].content.sections]
    assert workbook.sheetnames[1 : len(titles) + 1] == [
        title.replace("/", "-")[:31] for title in titles
    ]


def test_json_holds_every_expected_figure_and_the_story(acceptance):
    data = json.loads(acceptance["rendered"]["json"])
    assert all(matches_expected(key, data["figures"][key]) for key in EXPECTED)
    assert data["title"] == "Barendrecht: 2017 in cijfers"
    assert data["definitions_version"] == "1"
    assert {"code", "title", "bullets", "narrative"} <= set(data["sections"][0])


def test_no_format_contains_personal_data(acceptance):
    personal = acceptance["personal"]
    assert len(personal) > 100  # the check has something to find
    rendered = acceptance["rendered"]
    assert_no_personal_data(rendered["html"].decode(), personal)
    assert_no_personal_data(rendered["json"].decode(), personal)
    assert_no_personal_data(pdf_text(rendered["pdf"], acceptance["dir"]), personal)
    workbook = openpyxl.load_workbook(io.BytesIO(rendered["xlsx"]))
    cells = " ".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert_no_personal_data(cells, personal)


def test_report_command_writes_the_requested_format(acceptance):
    output = acceptance["dir"] / "barendrecht.json"
    call_command(
        "report",
        "--location=barendrecht",
        "--year=2017",
        "--format=json",
        f"--output={output}",
        stdout=io.StringIO(),
    )
    data = json.loads(output.read_text())
    assert data["figures"] == acceptance["engine"]
    assert data["year"] == 2017
