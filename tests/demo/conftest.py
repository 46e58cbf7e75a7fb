"""One small demo region per test module: generated once, rolled back when the module ends."""

import datetime

import pytest
from django.db import transaction

from koers.demo.generate import generate_demo

TODAY = datetime.date(2026, 5, 20)
SCALE = 0.1


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo at a tenth of its size, ending on TODAY (rows per model, and the logins)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate_demo(seed=7, scale=SCALE, today=TODAY)
        transaction.set_rollback(True)
