"""Every Koers route from the URL resolver (the access matrix's discovery), filled for a world.

Nothing here lists routes by hand: a route added to any app is exercised by the
security tests as soon as it is in its app's ``urls.py``.
"""

import re

from django.db import models

from koers.core.access import PUBLIC
from koers.people.models import Person
from tests.access.records import koers_model
from tests.access.test_matrix import PARAMETER, ROUTES, fill

# The formats a download route (``<slug:fmt>``) is asked for; unknown ones answer 404.
SLUG_VARIANTS = {"fmt": ["html", "pdf", "xlsx", "json", "csv"]}
LOGGED_IN_ROUTES = [r for r in ROUTES if getattr(r[2], "koers_scope", None) != PUBLIC]


def route_ids(routes) -> list[str]:
    return [name for _, name, _, _ in routes]


def paths_for(route: str, world) -> list[str]:
    """The route's path filled with the world's records, once per variant of a slug kwarg."""
    path = fill(route, world)
    for kwarg, values in SLUG_VARIANTS.items():
        placeholder = f"<slug:{kwarg}>"
        if placeholder in route:
            base = fill(route.replace(placeholder, "\0"), world)
            return [base.replace("\0", value) for value in values]
    return [path]


def objects_in(route: str, world) -> list[models.Model]:
    """The records the route's ``<uuid:MODELNAME_uid>`` kwargs name in this world."""
    return [
        world.get(koers_model(kwarg.removesuffix("_uid")))
        for kind, kwarg in re.findall(PARAMETER, route)
        if kind == "uuid"
    ]


def clients_of(record: models.Model) -> set[int]:
    """The clients a record is about, by its scope's path to the person (none for branch data)."""
    if isinstance(record, Person):
        return {record.pk}
    path = getattr(getattr(record, "scope", None), "person", None)
    if path is None:
        return set()
    ids = type(record).objects.filter(pk=record.pk).values_list(path, flat=True)
    return {pk for pk in ids if pk is not None}
