"""The household form with errors (#15): each error under its own field's label, in that
field's grid cell; the summary at the top names the member row and the field and links to
it; errors of the whole form at the top; required fields marked."""

import re

from django.urls import reverse
from django.utils import translation

from koers.core.scoping import Role
from koers.people.models import Person
from tests.people.test_views import client_for, household_post

URL = "people:household_create"


def post(users, data) -> tuple[int, str]:
    with translation.override("nl"):
        response = client_for(users[Role.TEAM_LEADER]).post(reverse(URL), data)
    return response.status_code, response.content.decode()


def summary_of(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return match.group(1)


def field_cell(html: str, field_id: str) -> str:
    """The field's own cell: from its `<div class="field…">` to the next one."""
    match = re.search(
        rf'<div class="field[^"]*">\s*<label for="{field_id}">(.*?)</div>', html, re.S
    )
    assert match, field_id
    return match.group(0)


def test_errors_land_on_their_member_row_and_field_and_the_summary_links_there(branch, users):
    data = household_post(location=branch.pk)
    data["leden-0-family_name"] = ""  # row 1: a required field left empty
    data["leden-1-birth_date"] = "31-02-2014"  # row 2: no such day
    data["postcode"] = "30"  # the dwelling: not a postcode
    status, html = post(users, data)
    assert status == 422
    assert not Person.objects.exists()
    summary = summary_of(html)
    assert '<a href="#id_leden-0-family_name">Gezinslid 1, Achternaam: ' in summary
    assert (
        '<a href="#id_leden-1-birth_date">Gezinslid 2, Geboortedatum: '
        "Vul een datum in als 6-12-2026.</a>"
    ) in summary
    assert '<a href="#id_postcode">Postcode nieuwe woning: ' in summary
    assert "Gezinslid 1, Geboortedatum" not in summary  # row 1's birth date is fine
    assert "ten minste één gezinslid" not in html  # rows were filled in: not the form's fault

    family = field_cell(html, "id_leden-0-family_name")
    assert 'class="field has-error"' in family
    assert 'id="id_leden-0-family_name_error"' in family
    assert 'aria-describedby="id_leden-0-family_name_error"' in family
    assert "errorlist" not in field_cell(html, "id_leden-0-given_name")
    assert "Vul een datum in als 6-12-2026." in field_cell(html, "id_leden-1-birth_date")
    assert "Vul een datum in" not in field_cell(html, "id_leden-0-birth_date")


def test_an_empty_form_says_so_at_the_top(branch, users):
    data = household_post(location=branch.pk)
    for key in list(data):
        if key.startswith("leden-") and key not in ("leden-TOTAL_FORMS", "leden-INITIAL_FORMS"):
            data[key] = ""
    status, html = post(users, data)
    assert status == 422
    assert "Vul ten minste één gezinslid in." in summary_of(html)


def test_required_fields_are_marked(branch, users):
    client = client_for(users[Role.TEAM_LEADER])
    with translation.override("nl"):
        html = client.get(reverse(URL)).content.decode()
    assert "verplicht" in html.split("Gezinslid 1")[0]  # the legend, before the first row
    given = field_cell(html, "id_leden-0-given_name")
    assert '<span class="required" aria-hidden="true">*</span>' in given
    assert 'aria-required="true"' in given
    postcode = field_cell(html, "id_postcode")  # optional: no asterisk
    assert 'class="required"' not in postcode
    assert "aria-required" not in postcode
