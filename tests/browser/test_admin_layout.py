"""The meeting form fits the screen: at 1,280 and 390 px wide nothing lies past the page's
edge, and every field of every inline row can be reached without scrolling sideways."""

import pytest

from tests.factories import ARTIFACTS, PASSWORD
from tracker import models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every field box of every saved inline row (not the hidden template of a new row),
# with where it lies, and how wide the page is against the window.
MEASURE = """() => {
  const boxes = [...document.querySelectorAll(
    '.inline-group .inline-related:not(.empty-form) .form-row:not(.hidden) .fieldBox:not(.hidden),'
    + '.inline-group .inline-related:not(.empty-form) h3 .delete')];
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    fields: boxes.length,
    outside: boxes.filter((box) => {
      const rect = box.getBoundingClientRect();
      return rect.left < 0 || rect.right > window.innerWidth + 0.5 || rect.width === 0;
    }).map((box) => box.className + ' in ' + box.closest('.inline-related').id),
  };
}"""


def sign_in(page, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_url}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sixth_annual_meeting_form_fits_the_window(
    page, screenshot, editor, source_data, width
):
    meeting = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023")
    rows = meeting.participations.count()
    page.set_viewport_size({"width": width, "height": 900})
    url = f"/admin/tracker/meeting/{meeting.pk}/change/"
    sign_in(page, url)
    page.wait_for_selector("#participations-group")

    measured = page.evaluate(MEASURE)
    screenshot(f"admin-meeting-form-{width}")
    page.locator("#participations-0").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"admin-meeting-participants-{width}.png"))
    assert measured["page"] <= measured["window"], measured
    assert measured["outside"] == [], measured
    # Nine fields and a delete box for each participant, all of them counted above.
    assert measured["fields"] >= rows * 9
    heading = page.locator("#participations-heading").inner_text()
    assert f"({rows})" in heading


def test_an_inline_folds_under_its_heading(page, editor, source_data):
    meeting = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023")
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, f"/admin/tracker/meeting/{meeting.pk}/change/")
    attendance = page.locator("#id_participations-0-attendance")
    assert attendance.is_visible()
    page.locator("#participations-heading").click()
    assert not attendance.is_visible()
    page.locator("#participations-heading").click()
    assert attendance.is_visible()
