"""The page that explains the downloads, their formats and their licence."""

import pytest

from tracker import records

pytestmark = pytest.mark.django_db


def test_the_data_page_links_every_download_and_names_the_licence(client, settings):
    settings.DATA_LICENCE_NAME = "Open Data Commons Attribution License"
    settings.DATA_LICENCE_URL = "https://opendatacommons.org/licenses/by/"
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/api/v1/export/records.jsonl"' in page
    assert 'href="/api/v1/export/popolo.json"' in page
    for record in records.RECORDS:
        assert f'href="/api/v1/export/{record.name}.csv"' in page
    assert (
        '<a href="https://opendatacommons.org/licenses/by/" rel="license">'
        "Open Data Commons Attribution License</a>" in page
    )
    assert "every record lists the sources it rests on" in page


def test_the_footer_and_the_about_page_link_the_downloads(client):
    assert 'href="/data/">Download the data</a>' in client.get("/").content.decode()
    assert 'href="/data/">downloaded</a>' in client.get("/about/").content.decode()


def test_the_project_licence_is_cc_by_unless_changed(client):
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in (
        client.get("/data/").content.decode()
    )
