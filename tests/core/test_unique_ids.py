"""One id, one element: a label's ``for`` and aria references find only the first of two.
The signal list has a filter and the form to add a signal, both with a topic and a location."""

import re
from collections import Counter

from django.test import Client
from django.urls import reverse

from koers.core.scoping import Role

ID = re.compile(r'\sid="([^"]+)"')


def test_the_signal_list_names_each_id_once(users):
    client = Client()
    client.force_login(users[Role.TEAM_LEADER])
    html = client.get(reverse("coaching:signal_list")).content.decode()
    ids = Counter(ID.findall(html))
    assert "id_topic" in ids and "id_signal_topic" in ids  # the filter's, the form's
    assert {id_: n for id_, n in ids.items() if n > 1} == {}
