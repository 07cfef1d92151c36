"""The API reads a page number and finds a record through `tracker.paging`, as
the HTML pages do: a number one refuses the other refuses too, each in its own
words (the page's 404, the API's JSON 400), and a missing record is the API's
JSON 404."""

import pathlib

import pytest

from tests.factories import make_person
from tracker import paging
from tracker.api import pagination, views
from tracker.selectors import prepared

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("asked", ["", "1", "2", "3", "0", "-1", "abc", "2.5", "99999"])
def test_the_api_and_the_page_accept_the_same_page_numbers(api, client, asked):
    for n in range(3):
        make_person(name=f"Paged person {n}")
    page = client.get("/people/", {"page": asked}, follow=True)
    listed = api.get("/api/v1/people/", {"page": asked, "page_size": 1})
    if asked in {"2", "3"}:  # the page has one page of three people, the API three of one
        assert listed.status_code == 200
        assert page.status_code == 404
        return
    assert (page.status_code == 200) == (listed.status_code == 200)
    if listed.status_code != 200:
        assert page.status_code == 404
        assert listed.status_code == 400
        assert list(listed.json()["errors"]) == ["page"]


def test_a_page_past_the_end_names_the_pages_there_are(api):
    make_person()
    body = api.get("/api/v1/people/", {"page": "7"}).json()
    assert body["errors"]["page"] == ["There is no page 7: pages run from 1 to 1."]
    body = api.get("/api/v1/people/", {"page": "seven"}).json()
    assert body["errors"]["page"] == ["Enter a whole number from 1."]


def test_the_api_pages_and_finds_through_the_shared_module(api, monkeypatch):
    person = make_person()

    def refuse(paginator, asked, **kwargs):
        raise paging.NoSuchPage("1", 1)

    def missing(queryset, field, value):
        raise paging.RecordMissing(queryset.model, field, value)

    def missing_one(model, queryset, field, value, origin):
        raise paging.RecordMissing(model, field, value)

    monkeypatch.setattr(paging, "page_of", refuse)
    monkeypatch.setattr(paging, "find", missing)
    # a read finds its record as the HTML pages do, by a query compiled once a day
    monkeypatch.setattr(prepared, "find_one", missing_one)
    assert api.get("/api/v1/people/").status_code == 400
    response = api.get(f"/api/v1/people/{person.slug}/")
    assert response.status_code == 404
    assert response.json()["detail"] == f"No person with slug {person.slug!r}."


def test_the_api_keeps_no_page_or_lookup_parsing_of_its_own():
    for module in (pagination, views):
        source = pathlib.Path(module.__file__).read_text()
        assert "InvalidPage" not in source
        assert "DoesNotExist" not in source
        assert "int(number)" not in source
