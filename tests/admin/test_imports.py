"""Imports with a preview: a dry run lists each row's outcome and errors by row and
column, nothing is written until confirmed, each imported row cites the source
chosen, history shows the import's reason, exports import back unchanged, and only
those who may add records import them."""

import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_country, make_meeting, make_source
from tracker import models
from tracker.admin.imports import RESOURCES

pytestmark = pytest.mark.django_db

DELEGATIONS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH"]
CSV, XLSX = "0", "1"  # the import form's formats, in order


def nine_delegations(meeting):
    for code in DELEGATIONS:
        make_country(code=code, name=f"Country {code}")
    rows = ["key,meeting,country,role,attendance"]
    rows += [f",{meeting.slug},{code},delegate,in_person" for code in DELEGATIONS]
    return "\n".join(rows) + "\n"


def preview(client, model, content, source, name="rows.csv", file_format=CSV):
    url = reverse(f"admin:tracker_{model._meta.model_name}_import")
    upload = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(
        url,
        {
            "import_file": upload,
            "format": file_format,
            "source": source.pk,
            "reason": "Bali report",
        },
    )


def confirm(client, model, response):
    initial = response.context["confirm_form"].initial
    data = {key: str(value) for key, value in initial.items()}
    url = reverse(f"admin:tracker_{model._meta.model_name}_process_import")
    return client.post(url, data)


def test_an_editor_previews_then_confirms_nine_delegations(clients):
    meeting, source = make_meeting(), make_source(title="Bali report")
    response = preview(clients["editor"], models.Participation, nine_delegations(meeting), source)
    assert response.status_code == 200
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["new"] * 9
    assert models.Participation.objects.count() == 0  # the preview wrote nothing
    assert models.Citation.objects.count() == 0

    response = confirm(clients["editor"], models.Participation, response)
    assert response.status_code == 302
    delegations = models.Participation.objects.filter(meeting=meeting)
    assert sorted(p.country.code for p in delegations) == sorted(DELEGATIONS)
    for participation in delegations:
        assert list(participation.citations.values_list("source", flat=True)) == [source.pk]
        (change,) = participation.history.all()
        assert change.history_change_reason == "Bali report"
        assert change.history_user.username == "edith"


def test_row_errors_are_named_by_row_and_column(clients):
    meeting, source = make_meeting(), make_source()
    content = nine_delegations(meeting).replace(",KH,delegate", ",XX,delegate")
    content = content.replace("MY,delegate,in_person", "MY,delegate,by pigeon")
    response = preview(clients["editor"], models.Participation, content, source)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    page = response.content.decode()
    assert "Line number: 2" in page and "country" in page
    invalid = response.context["result"].invalid_rows
    assert {(row.number, name) for row in invalid for name in row.field_specific_errors} == {
        (5, "attendance")
    }
    assert models.Participation.objects.count() == 0


def test_an_xlsx_file_imports_as_a_csv_does(clients):
    meeting, source = make_meeting(), make_source()
    dataset = tablib.Dataset().load(nine_delegations(meeting), format="csv")
    response = preview(
        clients["editor"],
        models.Participation,
        dataset.export("xlsx"),
        source,
        name="rows.xlsx",
        file_format=XLSX,
    )
    assert [row.import_type for row in response.context["result"].rows] == ["new"] * 9


@pytest.mark.parametrize("model", list(RESOURCES), ids=lambda m: m.__name__)
def test_an_export_imports_back_unchanged(clients, source_data, model):
    exported = RESOURCES[model]().export().csv
    before = model.history.count()
    source = models.Source.objects.first()
    response = preview(clients["editor"], model, exported, source)
    assert response.status_code == 200
    kinds = {row.import_type for row in response.context["result"].rows}
    assert kinds <= {"skip"}, kinds
    confirm(clients["editor"], model, response)
    assert model.history.count() == before


def test_a_viewer_cannot_import(clients):
    meeting, source = make_meeting(), make_source()
    url = reverse("admin:tracker_participation_import")
    assert clients["viewer"].get(url).status_code == 403
    response = preview(clients["viewer"], models.Participation, nine_delegations(meeting), source)
    assert response.status_code == 403
    assert models.Participation.objects.count() == 0
    changelist = clients["viewer"].get(reverse("admin:tracker_participation_changelist"))
    assert url not in changelist.content.decode()


def test_the_import_asks_for_a_source(clients):
    meeting = make_meeting()
    url = reverse("admin:tracker_participation_import")
    upload = SimpleUploadedFile("rows.csv", nine_delegations(meeting).encode())
    response = clients["editor"].post(url, {"import_file": upload, "format": CSV})
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert models.Participation.objects.count() == 0


def test_adding_without_the_right_to_change_cannot_import(db):
    """An import also changes the rows it matches: the add permission alone is not enough."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.factories import make_staff

    adder = make_staff("ada")
    adder.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tracker",
            codename__in=["add_participation", "view_participation"],
        )
    )
    client = Client()
    client.force_login(adder)
    meeting, source = make_meeting(), make_source()
    assert client.get(reverse("admin:tracker_participation_import")).status_code == 403
    response = preview(client, models.Participation, nine_delegations(meeting), source)
    assert response.status_code == 403
    assert models.Participation.objects.count() == 0


def test_the_preview_shows_the_keys_new_rows_are_saved_with(clients):
    meeting, source = make_meeting(), make_source()
    response = preview(clients["editor"], models.Participation, nine_delegations(meeting), source)
    table = response.content.decode().split('class="import-preview"')[-1].split("</table>")[0]
    previewed = re.findall(r"\b[0-9a-f]{32}\b", table)
    assert len(set(previewed)) == 9
    confirm(clients["editor"], models.Participation, response)
    saved = models.Participation.objects.filter(meeting=meeting).values_list("key", flat=True)
    assert sorted(saved) == sorted(previewed)
