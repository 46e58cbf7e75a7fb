"""A search as Koers' pages send it: POST marked as a search, then the page at ``?s=<id>``.

Names, V-numbers and birth dates never travel in a URL (``koers.core.searches``), so a
test searches the way the page's form or htmx does, and the test client follows the
``303`` to the page that shows the results (htmx headers kept, as the browser does).
"""

from koers.core.searches import MARKER


def searched(client, path: str, *, headers: dict | None = None, **fields):
    """The response to a search of ``fields`` (``q="Amina"``) on the page at ``path``."""
    return client.post(path, {MARKER: "1", **fields}, follow=True, headers=headers or {})
