"""HSTS preload is the operator's choice (DJANGO_HSTS_PRELOAD), off unless set."""

import json

import pytest

from tests.factories import PRODUCTION, PRODUCTION_PROBE, manage


def hsts(**env):
    result = manage("shell", "-c", PRODUCTION_PROBE, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["hsts"]


@pytest.mark.parametrize(
    ("env", "header"),
    [
        ({}, "max-age=31536000; includeSubDomains"),
        ({"DJANGO_HSTS_PRELOAD": "0"}, "max-age=31536000; includeSubDomains"),
        ({"DJANGO_HSTS_PRELOAD": "1"}, "max-age=31536000; includeSubDomains; preload"),
    ],
)
def test_hsts_asks_for_preloading_only_when_the_setting_says_so(env, header):
    assert hsts(**env) == header


@pytest.mark.parametrize(("preload", "silenced"), [("0", "1"), ("1", "0")])
def test_the_deploy_check_is_clean_and_silences_only_the_preload_warning(preload, silenced):
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "ascn.example.org", "DJANGO_HSTS_PRELOAD": preload}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"System check identified no issues ({silenced} silenced)." in result.stdout
