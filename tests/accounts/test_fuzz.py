"""Random input to the login forms never gives a server error; TOTP properties hold for any
secret and moment."""

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.accounts import totp
from tests.accounts.conftest import password_step
from tests.conftest import examples

FUZZ = settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)


@FUZZ
@given(username=ANY_TEXT, password=ANY_TEXT, address=st.ip_addresses().map(str))
def test_any_user_name_and_password_get_an_answer_not_an_error(db, username, password, address):
    response = Client().post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )
    assert response.status_code in {200, 429}


@FUZZ
@given(code=ANY_TEXT, recovery=ANY_TEXT)
def test_any_code_in_the_second_step_gets_an_answer_not_an_error(enrolled, code, recovery):
    client = Client()
    password_step(client, enrolled.username, REMOTE_ADDR="192.0.2.99")
    for name, value in (("accounts:login_code", code), ("accounts:login_recovery", recovery)):
        response = client.post(reverse(name), {"code": value}, REMOTE_ADDR="192.0.2.99")
        assert response.status_code in {200, 302, 429}


@given(
    secret=st.binary(min_size=totp.SECRET_BYTES, max_size=totp.SECRET_BYTES),
    at=st.integers(min_value=0, max_value=2**40),
)
def test_a_code_is_accepted_once_at_any_moment_for_any_secret(secret, at):
    code = totp.totp(secret, at)
    step = totp.matching_step(secret, code, at, last_used=None)
    assert step is not None and step >= totp.time_step(at) - totp.DRIFT_STEPS
    assert totp.matching_step(secret, code, at, last_used=step) is None
    assert len(code) == totp.DIGITS and code.isdigit()
