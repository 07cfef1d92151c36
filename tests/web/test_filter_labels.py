"""Every field of every list's filter form has a label a reader understands."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    "city-list",
    "country-list",
    "meeting-list",
    "project-list",
    "person-list",
    "organisation-list",
    "source-list",
]


def labels(html):
    """{field id: label text} of the filter form's labels."""
    return {
        field: re.sub(r"<[^>]+>", "", text).strip()
        for field, text in re.findall(r'<label for="(id_[\w-]+)">(.*?)</label>', html, re.S)
    }


@pytest.mark.parametrize("list_name", LISTS)
def test_every_filter_has_a_readable_label(client, list_name):
    html = client.get(reverse(f"tracker:{list_name}")).content.decode()
    found = labels(html)
    assert found, "the list shows a filter form"
    for field, text in found.items():
        assert text, f"{field} has an empty label"
        assert "invalid name" not in text, f"{field} is labelled {text!r}"


def test_meeting_filters_name_the_city_and_the_country(client):
    found = labels(client.get(reverse("tracker:meeting-list")).content.decode())
    assert found["id_city"] == "City"
    assert found["id_country"] == "Country"


def test_no_filter_of_any_list_or_api_endpoint_is_labelled_invalid_name():
    """The API's filters (the statements', the partners'...) are described by their labels."""
    import django_filters

    from tracker import filters

    filtersets = [
        value
        for value in vars(filters).values()
        if isinstance(value, type)
        and issubclass(value, django_filters.FilterSet)
        and value._meta.model is not None
    ]
    assert len(filtersets) > 8
    bad = [
        f"{filterset.__name__}.{name}"
        for filterset in filtersets
        for name, field in filterset().form.fields.items()
        if "invalid name" in str(field.label)
    ]
    assert bad == []
