"""Every edit form (``editing/form.html``, #15): a summary at the top whose lines name the
field and link to it, the error under the field's label, required fields marked, and a
date typed wrongly answered with an example instead of Django's stock message."""

from django.urls import reverse
from django.utils import translation

from koers.core.scoping import Role
from tests.factories import StaffMemberFactory


def test_a_refused_form_links_each_error_to_its_field(client, branch, users):
    member = StaffMemberFactory(location=branch)
    url = reverse("staff:training_add", kwargs={"staffmember_uid": member.uid})
    client.force_login(users[Role.TEAM_LEADER])
    with translation.override("nl"):
        response = client.post(url, {"course": "", "completed_on": "31-02-2026"})
    html = response.content.decode()
    assert response.status_code == 422
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_course">Cursus: Maak een keuze.</a>' in summary
    assert '<a href="#id_completed_on">Afgerond op: Vul een datum in als 6-12-2026.</a>' in summary
    assert "Voer een geldige datum in" not in html  # Django's stock message
    field = html.split('<label for="id_completed_on">', 1)[1].split("</div>", 1)[0]
    assert 'id="id_completed_on_error"' in field
    assert 'aria-describedby="id_completed_on_error"' in field


def test_required_fields_are_marked_and_explained(client, branch, users):
    member = StaffMemberFactory(location=branch)
    url = reverse("staff:training_add", kwargs={"staffmember_uid": member.uid})
    client.force_login(users[Role.TEAM_LEADER])
    with translation.override("nl"):
        html = client.get(url).content.decode()
    legend = '<span class="required" aria-hidden="true">*</span> verplicht</p>'
    assert legend in html
    label = html.split('<label for="id_completed_on">', 1)[1].split("</label>", 1)[0]
    assert '<span class="required" aria-hidden="true">*</span>' in label
    assert 'aria-required="true"' in html.split('id="id_completed_on"', 1)[0].rsplit("<input", 1)[1]
