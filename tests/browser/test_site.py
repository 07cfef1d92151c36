"""A visitor's path through the site in headless Chromium, at phone and desktop widths."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_from_home_to_phnom_penh_then_the_sixth_annual_meeting(
    source_data, page, screenshot, viewport
):
    width = "phone" if viewport is PHONE else "desktop"
    page.set_viewport_size(viewport)

    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("The ASEAN Smart Cities")
    assert page.locator("svg[role=img]").is_visible()
    assert no_horizontal_scroll(page)
    screenshot(f"{width}-home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cities")
    assert no_horizontal_scroll(page)
    screenshot(f"{width}-cities")
    page.get_by_role("link", name="Phnom Penh", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cities/phnom-penh/$"))
    heading = page.get_by_role("heading", level=1)
    # the city's name, and the footnote markers of the sources that back it
    assert heading.inner_text().startswith("Phnom Penh")
    assert heading.get_by_role("link").first.get_attribute("href").startswith("#")
    assert page.get_by_role("link", name="Cambodia").first.is_visible()
    assert page.get_by_text("Identified as a future participant", exact=True).is_visible()
    assert no_horizontal_scroll(page)
    screenshot(f"{width}-phnom-penh")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="Apply").click()
    # the sixth annual meeting, its online preparatory gathering, the fifth ASEAN-Japan
    # high-level meeting
    expect(page.get_by_role("heading", name="3 results")).to_be_visible()
    assert page.url.endswith("/meetings/?year=2023")  # a clean link to share
    assert no_horizontal_scroll(page)
    screenshot(f"{width}-meetings-2023")

    page.get_by_role("link", name="Sixth ASCN Annual Meeting", exact=True).click()
    # its title, then the footnote markers of its sources
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Sixth ASCN Annual Meeting\[[0-9,]+\]")
    )
    chair = page.locator(".facts div", has=page.locator("dt", has_text="Chair")).locator("dd")
    assert chair.inner_text() == "Safrizal Za"
    statements = page.locator("figure.statement")
    chair_quote = statements.filter(has_text="Collaboration in the ASCN can address")
    assert chair_quote.locator("blockquote").is_visible()
    assert "Safrizal Za, Director General of Regional Administration" in chair_quote.inner_text()
    minister = statements.filter(has_text="The government needs to continue to push")
    assert "Muhammad Tito Karnavian, Minister of Home Affairs" in minister.inner_text()
    assert page.get_by_role("heading", name="Sources").is_visible()
    assert no_horizontal_scroll(page)
    screenshot(f"{width}-sixth-annual-meeting")


def test_an_invalid_filter_shows_its_error_in_the_browser(page, screenshot, db):
    page.set_viewport_size(PHONE)
    response = page.goto("/meetings/?year=soon")
    assert response.status == 400
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Year", exact=True).get_attribute("aria-invalid") == "true"
    screenshot("phone-meetings-invalid-filter")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
