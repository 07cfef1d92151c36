"""An editor, in a real browser, imports the nine delegations of a meeting from a CSV
file: the preview lists them and writes nothing, confirming adds them, each cited,
and their history says why. A Viewer is refused the import."""

import re

import pytest

from tests.factories import PASSWORD, make_country, make_meeting, make_source, make_staff
from tracker import models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DELEGATIONS = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH"]


def sign_in(page, username, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_an_editor_imports_nine_delegations(page, screenshot, editor, tmp_path):
    meeting = make_meeting(title="Sixth ASCN Annual Meeting", slug="sixth-ascn-annual-meeting")
    source = make_source(title="ASCN committed to urban development")
    for code in DELEGATIONS:
        make_country(code=code, name=f"Country {code}")
    csv = tmp_path / "delegations.csv"
    csv.write_text(
        "key,meeting,country,role,attendance\n"
        + "".join(f",{meeting.slug},{code},delegate,in_person\n" for code in DELEGATIONS)
    )

    sign_in(page, "edith", "/admin/tracker/participation/")
    page.wait_for_url("**/admin/tracker/participation/")
    page.get_by_role("link", name="Import").click()
    page.set_input_files("#id_import_file", str(csv))
    page.select_option("#id_format", label="csv")
    page.select_option("#id_source", str(source.pk))
    page.fill("#id_reason", "Delegations listed in the Bali report")
    page.locator("input[type=submit]").last.click()

    page.wait_for_selector("input[name=confirm]")
    screenshot("admin-import-preview")
    assert page.locator("table.import-preview tbody tr").count() == 9
    assert page.locator("table.import-preview", has_text="New").count() == 1
    assert models.Participation.objects.count() == 0

    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(r".*/admin/tracker/participation/$"))
    screenshot("admin-import-done")
    delegations = models.Participation.objects.filter(meeting=meeting)
    assert delegations.count() == 9
    assert all(p.citations.filter(source=source).exists() for p in delegations)

    first = delegations.first()
    page.goto(f"/admin/tracker/participation/{first.pk}/history/")
    assert "Delegations listed in the Bali report" in page.locator("#change-history").inner_text()
    screenshot("admin-import-history")


def test_a_viewer_cannot_import(page, groups):
    make_staff("victor", "Viewers", password=PASSWORD)
    sign_in(page, "victor", "/admin/tracker/participation/")
    page.wait_for_url("**/admin/tracker/participation/")
    assert page.get_by_role("link", name="Import").count() == 0
    response = page.goto("/admin/tracker/participation/import/")
    assert response.status == 403
