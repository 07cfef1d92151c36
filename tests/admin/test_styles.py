"""The admin's history pages obey the Content-Security-Policy: no inline styles
(`style-src 'self'`), only the site's own stylesheets."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_city

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(rb"<style[\s>]|\sstyle\s*=", re.IGNORECASE)


def history_pages(city):
    old = city.history.earliest()
    return {
        "history": reverse("admin:tracker_city_history", args=[city.pk]),
        "old version": reverse("admin:tracker_city_simple_history", args=[city.pk, old.history_id]),
    }


@pytest.mark.parametrize("role", ["superuser", "viewer"])
def test_history_pages_have_no_inline_style(clients, role):
    city = make_city(name="Old name")
    city.name = "New name"
    city.save()
    for name, url in history_pages(city).items():
        response = clients[role].get(url)
        assert response.status_code == 200, name
        assert INLINE_STYLE.findall(response.content) == [], name
        assert "style-src 'self'" in response["Content-Security-Policy"]


def test_the_history_page_styles_its_pager_from_the_admin_stylesheet(clients):
    city = make_city()
    response = clients["viewer"].get(history_pages(city)["history"])
    assert b"tracker/admin.css" in response.content
    assert b'class="paginator history-paginator"' in response.content
