"""The privacy section of a client's file: for the team leader of the client's branch."""

from django.utils.translation import gettext as _

from koers.core.panels import Section
from koers.core.scoping import Capability, may
from koers.privacy.models import Anonymisation


def person_panel(request, person) -> Section | None:
    if not may(request.user, Capability.READ_ACCESS_LOG, location=person.location):
        return None
    return Section(
        title=_("Privacy en rechten van de cliënt"),
        template="privacy/person_panel.html",
        context={
            "person": person,
            "anonymisation": Anonymisation.objects.for_user(request.user)
            .filter(person=person)
            .first(),
        },
        clients=[person],
        order=90,
    )
