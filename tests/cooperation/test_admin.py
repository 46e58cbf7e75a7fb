"""The back office: an activity's rules hold there too, and a change of its links is logged."""

import pytest
from django.contrib.auth.models import Permission

from koers.accounts.models import User
from koers.cooperation.models import Activity
from koers.core.models import ChangeLogEntry
from koers.core.scoping import Role
from tests.cooperation.factories import ActivityFactory, PartnerFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(client, branch):
    user = User.objects.create_user("backoffice", password="x" * 14, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="cooperation"))
    MembershipFactory(user=user, role=Role.TEAM_LEADER, location=branch)
    client.force_login(user)
    return client


def form_data(activity, **changes) -> dict:
    data = {
        "location": activity.location_id,
        "date": activity.date.isoformat(),
        "kind": activity.kind,
        "title": activity.title,
        "partners": [p.pk for p in activity.partners.all()],
        "staff": [],
        "people_reached": "",
        "expected_version": activity.version,
    }
    return {**data, **changes}


def test_changing_the_partners_in_the_back_office_is_logged(back_office, branch):
    first, second = (PartnerFactory(location=branch, external_id=i) for i in ("pa-1", "pa-2"))
    activity = ActivityFactory(location=branch, partners=[first])
    url = f"/beheer/cooperation/activity/{activity.pk}/change/"
    response = back_office.post(url, form_data(activity, partners=[second.pk]))
    assert response.status_code == 302
    entry = ChangeLogEntry.objects.get(object_id=activity.pk, source="admin")
    assert entry.changes == {"partners": [["pa-1"], ["pa-2"]]}


def test_the_back_office_refuses_a_partner_of_another_branch_and_an_audience_on_a_meeting(
    back_office, branch, other_branch
):
    activity = ActivityFactory(location=branch)
    elsewhere = PartnerFactory(location=other_branch)
    url = f"/beheer/cooperation/activity/{activity.pk}/change/"
    response = back_office.post(
        url, form_data(activity, partners=[elsewhere.pk], people_reached="5")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"partners", "people_reached"}
    assert not Activity.objects.get().partners.exists()
