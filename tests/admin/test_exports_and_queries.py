"""The staff admin: CSV export, query counts, the project's own data."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin.helpers_admin import admin_url, model_id
from tests.factories import (
    MAKERS,
    TRACKER_MODELS,
    make_agenda_item,
    make_citation,
    make_composition_part,
    make_country,
    make_full_participation,
    make_full_statement,
    make_meeting,
    make_membership,
    make_organisation,
    make_outcome,
    make_person,
    make_post,
    make_project,
    make_project_organisation,
)
from tracker import models

pytestmark = pytest.mark.django_db


# --- CSV export --------------------------------------------------------------------


def export(client, model, query="", selected=(), select_across=False):
    data = {"action": "export_csv", "_selected_action": [str(pk) for pk in selected]}
    if select_across:
        data["select_across"] = "1"
        data["_selected_action"] = data["_selected_action"] or ["0"]
    response = client.post(admin_url(model, "changelist") + query, data)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_of_the_filtered_selection(clients):
    annual = make_meeting(title="Sixth annual meeting", kind=models.MeetingKind.ANNUAL)
    make_meeting(title="Online gathering", kind=models.MeetingKind.PREPARATORY)
    rows = export(clients["viewer"], models.Meeting, "?kind__exact=annual", select_across=True)
    assert rows[0][:3] == ["id", "Title", "Dates"]
    assert [row[1] for row in rows[1:]] == ["Sixth annual meeting"]
    assert rows[1][0] == str(annual.pk)
    assert rows[1][3] == "annual meeting"


def test_csv_export_of_selected_rows_only(clients):
    chosen = make_person(name="Ngy Chanphal", country=make_country(name="Cambodia"))
    make_person(name="Safrizal ZA")
    rows = export(clients["editor"], models.Person, selected=[chosen.pk])
    assert rows == [["id", "Name", "Sort name", "Country"], [str(chosen.pk), *rows[1][1:]]]
    assert rows[1][1:] == ["Ngy Chanphal", "Ngy Chanphal", "Cambodia"]


# --- Query counts: the same with 5 rows and with 500 -------------------------------


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def grow(model, total):
    while model.objects.count() < total:
        MAKERS[model]()


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_changelist_queries_do_not_grow_with_rows(clients, model, django_assert_num_queries):
    """Session, user, the editor's permissions, the filters' choices, date
    hierarchy, counts and one page of rows, each row with what it shows."""
    grow(model, 5)
    url = admin_url(model, "changelist")
    few = count_queries(clients["editor"], "get", url)
    grow(model, 500)
    with django_assert_num_queries(few):
        response = clients["editor"].get(url)
    assert len(response.context["cl"].result_list) == 100


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_csv_export_queries_do_not_grow_with_rows(clients, model, django_assert_num_queries):
    """Session, user, permissions, the count for the action, then the rows in chunks of 500."""
    grow(model, 5)
    few = count_queries(
        clients["editor"],
        "post",
        admin_url(model, "changelist"),
        {"action": "export_csv", "select_across": "1", "_selected_action": ["0"]},
    )
    grow(model, 500)
    many = count_queries(
        clients["editor"],
        "post",
        admin_url(model, "changelist"),
        {"action": "export_csv", "select_across": "1", "_selected_action": ["0"]},
    )
    assert many == few


def add_inline_rows(record, count):
    """`count` rows in each of the record's inlines, each with its foreign keys set."""
    for _ in range(count):
        make_citation(record)
    if isinstance(record, models.Meeting):
        for _ in range(count):
            make_full_participation(meeting=record)
            make_agenda_item(meeting=record)
            make_full_statement(meeting=record)
            make_outcome(meeting=record)
    elif isinstance(record, models.City):
        for _ in range(count):
            make_membership(city=record, decided_by=make_organisation())
            make_project(city=record)
    elif isinstance(record, models.Person):
        for _ in range(count):
            make_post(person=record)
    elif isinstance(record, models.Organisation):
        for _ in range(count):
            make_post(organisation=record)
            make_composition_part(organisation=record)
    elif isinstance(record, models.Project):
        for _ in range(count):
            make_project_organisation(project=record)


INLINE_HOLDERS = [m for m in TRACKER_MODELS if m not in (models.Source, models.Citation)]


@pytest.mark.parametrize("model", INLINE_HOLDERS, ids=model_id)
def test_change_form_queries_do_not_grow_with_inline_rows(
    clients, model, django_assert_num_queries
):
    """Session, user, permissions, the record with what its form shows, each
    autocomplete's chosen option, and one query per inline: none per row."""
    few_record, many_record = MAKERS[model](), MAKERS[model]()
    add_inline_rows(few_record, 5)
    # A meeting has five inlines: 125 rows in each makes more than 500.
    add_inline_rows(many_record, 125 if model is models.Meeting else 500)
    few = count_queries(clients["editor"], "get", admin_url(model, "change", few_record.pk))
    with django_assert_num_queries(few):
        response = clients["editor"].get(admin_url(model, "change", many_record.pk))
    rows = sum(len(i.formset.forms) for i in response.context["inline_admin_formsets"])
    assert rows >= 500


# --- The project's own data ----------------------------------------------------------


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=model_id)
def test_pages_render_with_the_source_data(source_data, clients, model):
    """Every list, and the change and history pages of each record, from the fixtures."""
    client = clients["editor"]
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    records = list(model.objects.order_by("pk")[:25])
    if not records:
        pytest.skip(f"the fixtures hold no {model._meta.verbose_name}")
    for record in records:
        assert client.get(admin_url(model, "change", record.pk)).status_code == 200
        assert client.get(admin_url(model, "history", record.pk)).status_code == 200
