"""Duplicates caught early: adding a person, organisation or city whose name is close
to an existing one (case, diacritics, transliteration, word order) shows the
candidates before saving, on the add form and in the import preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.admin.helpers_admin import admin_url, errors_of
from tests.factories import (
    make_city,
    make_country,
    make_organisation,
    make_person,
    make_source,
    post_data,
)
from tracker import models

pytestmark = pytest.mark.django_db


def add(client, model, **values):
    url = admin_url(model, "add")
    data = post_data(client.get(url))
    data.update(values)
    return client.post(url, data)


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        ("Ngy Chanphal", "Chanphal Ngy"),  # word order
        ("Ngy Chanphal", "NGY CHANPHAL"),  # case
        ("Nguyễn Văn Nên", "Nguyen Van Nen"),  # diacritics
        ("Сергей Лавров", "Sergei Lavrov"),  # another script, transliterated
    ],
)
def test_adding_a_person_of_a_close_name_shows_the_candidate_first(clients, existing, new):
    person = make_person(name=existing)
    response = add(clients["editor"], models.Person, name=new, slug="new-person")
    assert response.status_code == 200
    (error,) = errors_of(response)
    assert "Close to the name of an existing person" in error
    assert admin_url(models.Person, "change", person.pk) in error
    assert models.Person.objects.count() == 1

    response = add(
        clients["editor"], models.Person, name=new, slug="new-person", different_record="on"
    )
    assert response.status_code == 302, errors_of(response)
    assert models.Person.objects.count() == 2


def test_a_city_and_an_organisation_are_checked_too(clients):
    country = make_country(code="VN", name="Viet Nam")
    make_city(name="Hồ Chí Minh City", country=country)
    response = add(
        clients["editor"], models.City, name="Ho Chi Minh city", slug="hcmc", country=country.pk
    )
    assert "Close to the name of an existing city" in " ".join(errors_of(response))
    make_organisation(name="Ministry of Interior")
    response = add(
        clients["editor"],
        models.Organisation,
        name="ministry of interior",
        slug="moi",
        kind="ministry",
    )
    assert "Close to the name of an existing organisation" in " ".join(errors_of(response))


def test_a_distinct_name_saves_at_once(clients):
    make_person(name="Ngy Chanphal")
    response = add(clients["editor"], models.Person, name="Sar Kheng", slug="sar-kheng")
    assert response.status_code == 302


def import_preview(client, content):
    upload = SimpleUploadedFile("organisations.csv", content.encode())
    return client.post(
        reverse("admin:tracker_organisation_import"),
        {"import_file": upload, "format": "0", "source": make_source().pk, "reason": "Report"},
    )


def test_the_import_preview_names_a_row_close_to_an_existing_record(clients):
    make_organisation(name="Ministry of Interior", slug="ministry-of-interior-kh")
    header = "slug,name,kind\n"
    response = import_preview(clients["editor"], header + "moi,MINISTRY OF INTERIOR,ministry\n")
    (row,) = response.context["result"].invalid_rows
    assert "name" in row.field_specific_errors
    assert "ministry-of-interior-kh" in row.field_specific_errors["name"][0]
    assert "confirm_form" not in response.context

    response = import_preview(
        clients["editor"],
        "slug,name,kind,different_record\nmoi,MINISTRY OF INTERIOR,ministry,yes\n",
    )
    assert [row.import_type for row in response.context["result"].rows] == ["new"]
