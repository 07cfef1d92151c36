"""Every filter has a label a reader understands (each list's form is checked in
test_lists.py; the API's filter sets, some without a page, here)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def labels(client, list_name):
    """{field name: label} of the list page's filter form."""
    form = client.get(reverse(f"tracker:{list_name}")).context["filter"].form
    return {field.name: str(field.label) for field in form}


def test_meeting_filters_name_the_city_and_the_country(client):
    found = labels(client, "meeting-list")
    assert found["city"] == "City"
    assert found["country"] == "Country"


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
