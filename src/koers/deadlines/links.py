"""Where an item's record lives: the owning app's page for it, else the client's file.

The pages belong to other apps; a name that is not (yet) routed is skipped, so the
worklist links as far as the application goes today. Resolved once per page, not per row.
"""

from django.urls import NoReverseMatch, reverse

DETAIL_ROUTES = {
    "dossier_step": ("legal:dossier_detail", "dossier_uid"),  # a step is shown in its dossier
    "dossier": ("legal:dossier_detail", "dossier_uid"),
    "trajectory": ("coaching:trajectory_detail", "trajectory_uid"),
    "match": ("matching:match_detail", "match_uid"),
    "person": ("people:file", "person_uid"),
    "linking": ("integration:linking_detail", "linking_uid"),
    "integration_plan": ("integration:integrationplan_detail", "integrationplan_uid"),
}
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def _route_exists(name: str, kwarg: str) -> bool:
    try:
        reverse(name, kwargs={kwarg: PLACEHOLDER})
    except NoReverseMatch:
        return False
    return True


class RecordLinks:
    """Links for the items of one page."""

    def __init__(self):
        self.routes = {
            kind: route for kind, route in DETAIL_ROUTES.items() if _route_exists(*route)
        }

    def _url(self, kind: str, uid: str) -> str:
        name, kwarg = self.routes[kind]
        return reverse(name, kwargs={kwarg: uid})

    def person(self, item) -> str:
        return self._url("person", item.person_uid) if "person" in self.routes else ""

    def record(self, item) -> str:
        if item.kind in self.routes:
            return self._url(item.kind, item.page_uid)
        return self.person(item)
