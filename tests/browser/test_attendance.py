"""Taking attendance in the browser: the group's volunteer ticks who was there, one save."""

import datetime

from playwright.sync_api import expect

from koers.core.scoping import Role
from koers.groups.models import Attendance
from tests.browser.conftest import PHONE
from tests.factories import EnrolmentFactory, GroupFactory, GroupSessionFactory, PersonFactory


def test_group_volunteer_takes_attendance_on_a_phone(as_user, users, branch):
    group = GroupFactory(location=branch)
    group.staff.add(users[Role.VOLUNTEER].staff_member)
    GroupSessionFactory(group=group, date=datetime.date(2017, 3, 8))
    present = PersonFactory(location=branch, given_name="Hawa", family_name="Ali")
    absent = PersonFactory(location=branch, given_name="Kidane", family_name="Berhe")
    for person in (present, absent):
        EnrolmentFactory(group=group, person=person)

    page = as_user(users[Role.VOLUNTEER], viewport=PHONE)
    page.goto(f"/groepen/{group.uid}/")
    page.get_by_role("link", name="presentie").click()
    page.get_by_label("Hawa Ali").check()
    page.get_by_role("button", name="Presentie opslaan").click()
    page.get_by_text("1 van 2 aanwezig").wait_for()
    expect(page.get_by_text("1 / 2")).to_be_visible()
    assert dict(Attendance.objects.values_list("person_id", "present")) == {
        present.pk: True,
        absent.pk: False,
    }
