"""Production settings: a clear refusal to start without a secret or hosts; a clean deploy check."""

from tests.factories import manage


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="ascn.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 60)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_deploy_check_reports_nothing():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
        DJANGO_ALLOWED_HOSTS="ascn.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # security.W021 (no HSTS preload) is silenced while DJANGO_HSTS_PRELOAD is off: see
    # tests/ops/test_hsts.py
    assert "System check identified no issues" in result.stdout


def test_the_database_checks_report_nothing_on_sqlite(tmp_path):
    """The embedded database makes the covering indexes without their extra columns
    (models.W040): `make run` starts without a warning about it."""
    result = manage(
        "check",
        "--database",
        "default",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
