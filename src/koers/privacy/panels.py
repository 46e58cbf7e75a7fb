"""The privacy section of a client's file: for the team leader of the client's branch."""

from django.utils.translation import gettext as _

from koers.people.selectors import may_read_access_log
from koers.privacy.models import Anonymisation


def person_panel(request, person) -> dict | None:
    if not may_read_access_log(request.user, person):
        return None
    return {
        "title": _("Privacy en rechten van de cliënt"),
        "template": "privacy/person_panel.html",
        "context": {
            "person": person,
            "anonymisation": Anonymisation.objects.for_user(request.user)
            .filter(person=person)
            .first(),
        },
        "order": 90,
    }
