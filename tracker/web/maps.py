"""The map of the network's cities: an SVG drawn here, from Natural Earth's public
domain outlines (`tracker/data/asean_boundaries.json`), so no page asks another
site for anything (no tiles, no script), and it keeps to the site's CSP.

The projection is equirectangular, its longitudes shrunk by the cosine of the
region's middle latitude so that shapes keep about their proportions there.
Each city with coordinates is a marker: a link to its page, named for screen
readers, coloured by its network status today (the legend gives the colours,
the table under the map the same data in words).
"""

import html
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path

from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from tracker import models
from tracker.urlcache import page_url, url_maker

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "asean_boundaries.json"
# the part of the world the map shows: west, south, east, north (degrees)
FRAME = (91.0, -11.5, 128.0, 29.0)
WIDTH = 600.0
SCALE_X = math.cos(math.radians((FRAME[1] + FRAME[3]) / 2))
# the marker classes, in the legend's order: network status -> (class, label)
STATUSES = (
    (models.MembershipStatus.MEMBER, "member", "Member"),
    (models.MembershipStatus.PILOT, "pilot", "Pilot city"),
    (models.MembershipStatus.WITHDRAWN, "withdrawn", "Withdrawn"),
    (None, "none", "No pilot or member status"),
)
CLASSES = {status: (css, label) for status, css, label in STATUSES}


@dataclass(frozen=True, slots=True)
class Country:
    name: str


@dataclass(frozen=True, slots=True)
class MapCity:
    """What the map shows of a city, read as plain values: a page of the whole
    network draws thousands, and a model instance each costs far more."""

    pk: int
    name: str
    slug: str
    latitude: object
    longitude: object
    network_status: str | None
    country: Country

    def get_absolute_url(self):
        return page_url("tracker:city-detail", self.slug)


def map_cities(rows):
    """The rows of `City.objects.for_map()` as `MapCity`s."""
    return [MapCity(*row[:-1], country=Country(row[-1])) for row in rows]


def height():
    return WIDTH * (FRAME[3] - FRAME[1]) / ((FRAME[2] - FRAME[0]) * SCALE_X)


def project(longitude, latitude):
    """(x, y) on the map of a point in degrees."""
    x = (float(longitude) - FRAME[0]) / (FRAME[2] - FRAME[0]) * WIDTH
    y = (FRAME[3] - float(latitude)) / (FRAME[3] - FRAME[1]) * height()
    return round(x, 1), round(y, 1)


@lru_cache(maxsize=1)
def outlines():
    """[(country name, SVG path)] of the vendored outlines, projected once."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    shapes = []
    for country in data["countries"].values():
        rings = []
        for ring in country["rings"]:
            points = " ".join("{},{}".format(*project(lon, lat)) for lon, lat in ring)
            rings.append(f"M{points}Z")
        shapes.append((country["name"], "".join(rings)))
    return tuple(shapes)


class Shown:
    """Values as a template's `{{ value }}` shows them (localized, then escaped), with
    the formats and the city URL read once for the thousands of rows of a map."""

    def __init__(self):
        number_formats = {
            "decimal_sep": get_format("DECIMAL_SEPARATOR"),
            "grouping": get_format("NUMBER_GROUPING"),
            "thousand_sep": get_format("THOUSAND_SEPARATOR"),
        }
        self.number = partial(numberformat.format, **number_formats)
        self.city_url = url_maker("tracker:city-detail")

    def __call__(self, value):
        if isinstance(value, str) and not isinstance(value, SafeData):
            return html.escape(value)
        if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
            return self.number(value)
        return conditional_escape(str(localize(value)))

    def marker(self, marker):
        """One city's marker on the map (its link, its label and its circle)."""
        city, shown = marker["city"], self
        label = f"{shown(city.name)}, {shown(city.country.name)}: {shown(marker['status'].lower())}"
        here = " here" if marker["highlight"] else ""
        radius = "9" if marker["highlight"] else "6"
        return (
            f'\n      <a href="{shown(self.city_url(city.slug))}" aria-label="{label}" '
            f'class="marker {shown(marker["css"])}{here}"><circle cx="{shown(marker["x"])}" '
            f'cy="{shown(marker["y"])}" r="{radius}"/><title>{label}</title></a>'
        )

    def table_row(self, marker):
        """One city's row of the table under the map."""
        city, shown = marker["city"], self
        where = f"{shown(city.latitude)}, {shown(city.longitude)}" if "x" in marker else "Not known"
        return (
            f'<tr><th scope="row"><a href="{shown(self.city_url(city.slug))}">'
            f"{shown(city.name)}</a></th><td>{shown(city.country.name)}</td>"
            f"<td>{shown(marker['status'])}</td><td>{where}</td></tr>"
        )


def network_map(cities, highlight=None, heading=None):
    """What the map template draws: outlines, a marker per city with coordinates
    (`cities` annotated with `network_status`, their country selected), the
    legend, the rows of the table and the caption's `heading` (by default, the
    network's cities)."""
    markers = []
    for city in cities:
        css, label = CLASSES.get(city.network_status, CLASSES[None])
        row = {"city": city, "status": label, "css": css}
        if city.latitude is not None and city.longitude is not None:
            row["x"], row["y"] = project(city.longitude, city.latitude)
            row["highlight"] = highlight is not None and city.pk == highlight.pk
        markers.append(row)
    drawn = [marker for marker in markers if "x" in marker]
    shown = Shown()
    # built here rather than by a template loop: a map can have thousands of cities
    return {
        "outlines": outlines(),
        "markers": markers,
        "drawn": drawn,
        "drawn_html": mark_safe("".join(map(shown.marker, drawn))),  # noqa: S308  escaped
        "table_html": mark_safe("".join(map(shown.table_row, markers))),  # noqa: S308
        "legend": [(css, label) for _, css, label in STATUSES],
        "width": int(WIDTH),
        "height": int(height()),
        "locator": highlight is not None,
        "heading": heading or "The network's cities",
    }
