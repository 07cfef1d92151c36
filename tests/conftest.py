"""Shared pytest fixtures; the record makers live in tests/factories.py."""

import pytest
from django.core.management import call_command


@pytest.fixture
def source_data(db):
    """The project's own fixtures, loaded as `make run` loads them."""
    call_command("load_source_data", verbosity=0)
