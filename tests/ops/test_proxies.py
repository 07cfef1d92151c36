"""Client addresses: X-Forwarded-For is trusted only from the configured number of proxies.

The API throttles and the staff login lockout count clients by address. With
`DJANGO_PROXY_COUNT=0` (direct) the address is the connection's; behind N
proxies it is the Nth address from the right of X-Forwarded-For, the one the
nearest trusted proxy wrote. Whatever a client writes into the header itself
never changes which budget or lockout it falls under.
"""

import pytest
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.factories import PASSWORD, manage, rates

PROXY = "10.0.0.1"  # the proxy's own address: REMOTE_ADDR of every request through it
CLIENT = "203.0.113.7"
OTHER_CLIENT = "198.51.100.9"


def ask_for_token(forwarded_for, remote_addr=PROXY):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": "nobody", "password": "guess"},
        format="json",
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def log_in(password, forwarded_for, remote_addr=PROXY):
    return Client().post(
        "/admin/login/",
        {"username": "stella", "password": password},
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


# --- Direct: no proxy, the header is the client's own words -------------------------------------


@pytest.mark.django_db
@override_settings(PROXY_COUNT=0)
def test_direct_a_rotating_forwarded_for_header_does_not_escape_the_throttle():
    with rates("2/min", "100/min"):
        statuses = [ask_for_token(f"192.0.2.{n}", remote_addr=CLIENT).status_code for n in range(4)]
    assert statuses == [400, 400, 429, 429]


@override_settings(PROXY_COUNT=0)
def test_direct_a_rotating_forwarded_for_header_does_not_escape_the_lockout(staff):
    statuses = [
        log_in("wrong", f"192.0.2.{n}", remote_addr=CLIENT).status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert log_in(PASSWORD, "192.0.2.250", remote_addr=CLIENT).status_code == 429
    # another address is another client: the account itself is not locked
    assert log_in(PASSWORD, "", remote_addr=OTHER_CLIENT).status_code == 302


# --- Behind one proxy: the right-most address is the one the proxy saw --------------------------


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_budget_and_cannot_spoof_another():
    with rates("2/min", "100/min"):
        # the client prepends a new address each time; the proxy appends the real one
        statuses = [ask_for_token(f"192.0.2.{n}, {CLIENT}").status_code for n in range(4)]
        other = ask_for_token(OTHER_CLIENT).status_code
    assert statuses == [400, 400, 429, 429]
    assert other == 400  # another client behind the same proxy is not throttled


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_no_one_can_lock_someone_else_out(staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in("wrong", f"192.0.2.{n}, {CLIENT}")
    # the attacker is locked out, whatever it prepends, even with the right password
    assert log_in(PASSWORD, f"192.0.2.250, {CLIENT}").status_code == 429
    # the account's owner, through the same proxy from another address, still gets in
    response = log_in(PASSWORD, OTHER_CLIENT)
    assert response.status_code == 302


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_a_forwarded_address_that_is_not_one_is_not_a_500(staff):
    # a request that reached the app without the proxy, with a header of its own
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in("wrong", "not an address").status_code == 200
    assert log_in("wrong", "not an address").status_code == 429
    assert log_in(PASSWORD, "not an address").status_code == 429  # counted by REMOTE_ADDR


# --- The setting --------------------------------------------------------------------------------

PROBE = (
    "from django.conf import settings; "
    "print(settings.PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES'], "
    "settings.AXES_CLIENT_IP_CALLABLE)"
)


@pytest.mark.parametrize(
    ("env", "count"),
    [
        ({}, "0"),
        ({"DJANGO_PROXY_COUNT": "2"}, "2"),
        ({"DJANGO_BEHIND_PROXY": "1"}, "1"),  # one proxy unless told otherwise
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_PROXY_COUNT": "0"}, "0"),
    ],
)
def test_the_proxy_count_is_read_from_the_environment_for_throttles_and_lockout(env, count):
    result = manage("shell", "-c", PROBE, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [count, count, "tracker.clients.client_address"]


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_bad_proxy_count_stops_the_app_with_a_clear_message(value):
    result = manage("check", DJANGO_DEBUG="1", DJANGO_PROXY_COUNT=value)
    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT must be a whole number from 0" in result.stderr
