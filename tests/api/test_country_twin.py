"""A country's API detail and its page show the same thing: of each long list the
same first rows, the same total, and a link to the same whole list."""

import pytest

from tests.builders import cities, meetings, organisations, people, projects
from tests.factories import make_country
from tracker import models, selectors

pytestmark = pytest.mark.django_db

MANY = selectors.LATEST_SHOWN + 3


@pytest.fixture
def busy():
    """A country with more rows in each list of its page than the page shows."""
    country = make_country(code="XK", name="Busyland")
    cities(MANY, country)
    hosts = organisations(MANY, country=country)
    speakers = people(MANY, country=country)
    held = meetings(MANY, host=hosts[0])
    models.Participation.objects.bulk_create(
        models.Participation(meeting=meeting, country=country, role="delegate") for meeting in held
    )
    models.Participation.objects.bulk_create(
        models.Participation(
            meeting=meeting, person=person, behalf_country=country, role="representative"
        )
        for meeting, person in zip(held, speakers, strict=True)
    )
    for project in projects(MANY):
        project.countries.add(country)
    return country


def identify(row):
    """What names a row of either twin: a record's identifier, or a participation's key."""
    if isinstance(row, dict):
        return row.get("key") or row["id"]
    return getattr(row, "key", None) or getattr(row, "slug", None)


def test_the_api_embeds_what_the_country_page_shows(client, busy):
    page = client.get(busy.get_absolute_url())
    detail = client.get(f"/api/v1/countries/{busy.code.lower()}/").json()
    for name in selectors.COUNTRY_LISTS:
        shown, embedded = page.context[name], detail[name]
        assert shown["total"] == embedded["total"] == MANY, name
        assert shown["more"] is embedded["more"] is True, name
        assert len(embedded["rows"]) == selectors.LATEST_SHOWN, name
        assert [identify(row) for row in embedded["rows"]] == [
            identify(row) for row in shown["rows"]
        ], name


@pytest.mark.parametrize("name", ["cities", "organisations", "people", "meetings", "projects"])
def test_an_embedded_list_links_to_the_whole_list_in_the_api(client, busy, name):
    detail = client.get(f"/api/v1/countries/{busy.code.lower()}/").json()
    url = detail[name]["url"]
    assert url.startswith("http://testserver/api/v1/")
    listed = client.get(url)
    assert listed.status_code == 200
    assert listed.json()["count"] == detail[name]["total"]
    # the same list, with the same filters, as the page's link to its whole list
    page_link = client.get(busy.get_absolute_url()).context[name]["url"]
    assert url.split("?")[1] == page_link.split("?")[1]
