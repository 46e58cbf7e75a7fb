"""Search as you type: another spelling of the name finds the client without a submit."""

from koers.core.scoping import Role
from koers.people.models import Person
from koers.people.search import refresh_name_keys
from tests.factories import PersonFactory


def test_results_appear_while_typing_another_spelling(as_user, users, branch, other_branch):
    PersonFactory(location=branch, given_name="Mohammed", family_name="Al-Khatib")
    PersonFactory(location=other_branch, given_name="Mohammed", family_name="Alkhatib")
    refresh_name_keys(Person.objects.all())
    page = as_user(users[Role.TEAM_LEADER])
    page.goto("/clienten/zoeken/")
    page.get_by_label("Naam, V-nummer of geboortedatum").press_sequentially("Muhamad Elkhatib")
    results = page.locator("#search-results")
    results.get_by_role("link", name="Mohammed Al-Khatib").wait_for()
    assert results.get_by_role("link").count() == 1
    assert "q=Muhamad" in page.url
