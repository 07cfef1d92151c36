"""The map of the network in headless Chromium: drawn on the home page, the list of
cities, a country's page and (as a locator) a city's page, one marker per city,
at phone and desktop widths, with nothing asked of another site."""

import pytest

from tracker import models

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def marker_names(page):
    markers = page.locator(".network-map a.marker")
    return [markers.nth(i).get_attribute("aria-label") for i in range(markers.count())]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_map_draws_one_marker_per_city_and_asks_no_other_site(
    source_data, page, screenshot, live_server, viewport
):
    width = "phone" if viewport is PHONE else "desktop"
    page.set_viewport_size(viewport)
    elsewhere, violations = [], []
    page.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url)
            or request.url.startswith("data:")
            or elsewhere.append(request.url)
        ),
    )
    page.add_init_script(WATCH_CSP)
    # a city is drawn where GeoNames gives its coordinates: every city has them
    cities = models.City.objects.select_related("country").filter(latitude__isnull=False)
    assert cities.count() == models.City.objects.count()
    cambodian = sorted(c.name for c in cities if c.country.code == "KH")
    pages = {
        "/": sorted(c.name for c in cities),
        "/cities/": sorted(c.name for c in cities),
        "/countries/kh/": cambodian,
        "/cities/phnom-penh/": ["Phnom Penh"],
    }
    for path, expected in pages.items():
        assert page.goto(path).status == 200
        page.wait_for_load_state("networkidle")
        svg = page.locator(".network-map svg")
        assert svg.is_visible(), path
        box = svg.bounding_box()
        assert box["width"] <= viewport["width"], path
        names = marker_names(page)
        assert sorted(name.split(",")[0] for name in names) == expected, path
        assert all(":" in name for name in names)  # each names the city's status too
        first = page.locator(".network-map a.marker").first
        assert first.get_attribute("href").startswith("/cities/"), path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        violations += page.evaluate("window.__violations")
        screenshot(f"{width}-map{path.replace('/', '-').rstrip('-')}")
    assert elsewhere == [], elsewhere
    assert violations == [], violations


def test_the_maps_table_gives_the_same_cities_in_words(source_data, page):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_text("The map's cities as a table").click()
    rows = page.locator(".map-table tbody tr")
    assert rows.count() == models.City.objects.count()
    danang = rows.filter(has_text="Da Nang")
    assert "Viet Nam" in danang.inner_text() and "16.06778" in danang.inner_text()
    legend = page.locator(".network-map .legend")
    assert "Pilot city" in legend.inner_text()
