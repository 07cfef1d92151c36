"""A record's admin page shows when it was created and last changed, read-only."""

import pytest
from django.utils import formats, timezone

from tests.admin.helpers_admin import admin_url
from tests.factories import make_city, make_meeting, make_source, post_data
from tracker import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [make_city, make_meeting, make_source])
def test_a_record_page_shows_its_dates_read_only(clients, make):
    record = make()
    response = clients["superuser"].get(admin_url(type(record), "change", record.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Created at" in page and "Updated at" in page
    shown = formats.date_format(timezone.localtime(record.created_at), "DATETIME_FORMAT")
    assert shown in page
    form = response.context["adminform"].form
    assert "created_at" not in form.fields and "updated_at" not in form.fields


def test_saving_in_the_admin_moves_updated_at_only(clients):
    city = make_city()
    url = admin_url(models.City, "change", city.pk)
    data = post_data(clients["superuser"].get(url))
    data.update(name="Renamed", created_at="2001-01-01 00:00:00")
    response = clients["superuser"].post(url, data)
    assert response.status_code == 302, response.content[:2000]
    stored = models.City.objects.get(pk=city.pk)
    assert stored.name == "Renamed"
    assert stored.created_at == city.created_at
    assert stored.updated_at > city.updated_at


def test_the_add_page_has_no_dates(clients):
    response = clients["superuser"].get(admin_url(models.City, "add"))
    assert "Created at" not in response.content.decode()
