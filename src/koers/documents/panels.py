"""The documents section of the client file."""

from django.utils.translation import gettext as _

from koers.core.access import user_reaches
from koers.core.panels import Section
from koers.core.scoping import Category
from koers.documents import selectors


def person_panel(request, person) -> Section | None:
    """The client's documents (those of their dossiers too, for who reaches legal data)."""
    user = request.user
    if not (user_reaches(user, Category.COACHING) or user_reaches(user, Category.LEGAL)):
        return None
    return Section(
        title=_("Documenten"),
        template="documents/person_panel.html",
        context={
            "person": person,
            "documents": list(selectors.documents_of(person, user)),
            "may_add": selectors.may_add_documents(user, person),
        },
        clients=[person],
        order=45,
    )
