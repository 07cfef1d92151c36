"""Fixtures of the API tests."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()
