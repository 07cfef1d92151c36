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
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
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


class Country(NamedTuple):
    name: str


class MapCity(NamedTuple):
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
    """The rows of `City.objects.for_map()` as `MapCity`s (one `Country` per name)."""
    countries = {}
    return [
        MapCity(
            pk,
            name,
            slug,
            latitude,
            longitude,
            status,
            countries.get(country) or countries.setdefault(country, Country(country)),
        )
        for pk, name, slug, latitude, longitude, status, country in rows
    ]


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
        # numberformat.format writes a number under 1,000 as Python does when the
        # decimal separator is a point and digits are not grouped
        self.plain = number_formats["decimal_sep"] == "." and not (
            settings.USE_THOUSAND_SEPARATOR and number_formats["grouping"]
        )
        self.city_url = url_maker("tracker:city-detail")

    def __call__(self, value):
        if isinstance(value, str) and not isinstance(value, SafeData):
            return html.escape(value)
        if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
            return self.number(value)
        return conditional_escape(str(localize(value)))

    def coordinate(self, value, approximately):
        """A latitude or longitude (`approximately` as a float) as `self(value)` shows
        it, without numberformat's work in the plain case: a map shows thousands."""
        if self.plain and -1000 < approximately < 1000 and type(value) is Decimal:
            text = str(value)
            if "E" not in text:  # then str() writes what "{:f}" does
                return text
        return self(value)


# a marker's class, the status's words in the table and in the marker's label
LABELS = {
    status: (css, html.escape(label), html.escape(label.lower()))
    for status, (css, label) in CLASSES.items()
}
HEIGHT = height()
SPAN_X, SPAN_Y = FRAME[2] - FRAME[0], FRAME[3] - FRAME[1]


def network_map(cities, highlight=None, heading=None):
    """What the map template draws: outlines, a marker per city with coordinates
    (`cities` annotated with `network_status`, their country selected), the
    legend, the rows of the table and the caption's `heading` (by default, the
    network's cities).

    The markers and the table's rows are written here, one string per city,
    rather than by a template loop: a map can have thousands of cities."""
    shown = Shown()
    plain, city_url, escape = shown.plain, shown.city_url, html.escape
    highlight_pk = highlight.pk if highlight is not None else None
    countries = {}  # a country's name, escaped once
    markers, drawn, marks, rows = [], [], [], []
    for city in cities:
        status = city.network_status
        css, label, lower = LABELS.get(status) or LABELS[None]
        row = {"city": city, "status": CLASSES.get(status, CLASSES[None])[1], "css": css}
        name, url = escape(city.name), escape(city_url(city.slug))
        country = city.country.name
        country = countries.get(country) or countries.setdefault(country, shown(country))
        latitude, longitude = city.latitude, city.longitude
        if latitude is not None and longitude is not None:
            lat, lon = float(latitude), float(longitude)
            # as project() computes them
            x = round((lon - FRAME[0]) / SPAN_X * WIDTH, 1)
            y = round((FRAME[3] - lat) / SPAN_Y * HEIGHT, 1)
            here = city.pk == highlight_pk
            row["x"], row["y"], row["highlight"] = x, y, here
            drawn.append(row)
            named = f"{name}, {country}: {lower}"
            if plain and -1000 < x < 1000 and -1000 < y < 1000:
                cx, cy = repr(x), repr(y)  # a tenth's float never needs an exponent
            else:
                cx, cy = shown(x), shown(y)
            marks.append(
                f'\n      <a href="{url}" aria-label="{named}" class="marker {css}'
                f'{" here" if here else ""}"><circle cx="{cx}" cy="{cy}" '
                f'r="{"9" if here else "6"}"/><title>{named}</title></a>'
            )
            where = f"{shown.coordinate(latitude, lat)}, {shown.coordinate(longitude, lon)}"
        else:
            where = "Not known"
        rows.append(
            f'<tr><th scope="row"><a href="{url}">{name}</a></th><td>{country}</td>'
            f"<td>{label}</td><td>{where}</td></tr>"
        )
        markers.append(row)
    return {
        "outlines": outlines(),
        "markers": markers,
        "drawn": drawn,
        "drawn_html": mark_safe("".join(marks)),  # noqa: S308  escaped
        "table_html": mark_safe("".join(rows)),  # noqa: S308
        "legend": [(css, label) for _, css, label in STATUSES],
        "width": int(WIDTH),
        "height": int(HEIGHT),
        "locator": highlight is not None,
        "heading": heading or "The network's cities",
    }
