"""The sixth annual meeting at phone and desktop widths: a footnote leads to its
source entry, the entry to the source's own page, and the page stays short."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The page's full height before footnotes (the source list repeated each excerpt once
# per fact it backed), measured on the same data in headless Chromium.
HEIGHT_BEFORE = {390: 11956, 1280: 6827}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_footnote_leads_to_its_source_and_the_source_link(
    source_data, page, screenshot, viewport
):
    width = viewport["width"]
    page.set_viewport_size(viewport)
    page.route(
        "https://phnompenhpost.com/**",
        lambda route: route.fulfill(body="<title>The Phnom Penh Post</title>ok"),
    )
    page.goto("/meetings/sixth-ascn-annual-meeting-2023/")
    height = page.evaluate("document.documentElement.scrollHeight")
    screenshot(f"{'phone' if width == 390 else 'desktop'}-sixth-meeting-footnotes")
    assert height <= HEIGHT_BEFORE[width] / 2, height

    marker = page.locator("#outcome-h-outcome-sixth-ascn-annual-meeting-2023-4 sup.fn a").first
    number = marker.inner_text()
    marker.click()
    entry = page.locator(f"#source-{number}")
    assert page.url.endswith(f"#source-{number}")
    assert entry.is_visible()
    assert "Centre for Liveable Cities" in entry.inner_text()
    # the entry opens on its excerpts, each labelled as what it is
    summary = entry.locator(".summary-excerpt").first
    summary.wait_for(state="visible")
    assert summary.inner_text().startswith("Our summary:")
    assert "“" not in summary.inner_text()

    page.goto("/meetings/sixth-ascn-annual-meeting-2023/")
    page.locator("h1 sup.fn a").first.click()
    link = page.locator("#source-1 a.source-title")
    assert link.inner_text() == "ASCN committed to urban development"
    with page.expect_navigation():
        link.click()
    assert page.url == "https://phnompenhpost.com/national/ascn-committed-urban-development"
