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
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeData, mark_safe

from tracker import models
from tracker.urlcache import PLAIN, page_url, url_parts, urlconf_and_prefix

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


# the last list of rows `map_cities()` was given, and what it gave: `for_map()`
# gives the same list for the same rows
LAST_ROWS = (None, None)


def map_cities(rows):
    """The rows of `City.objects.for_map()` as `MapCity`s (one `Country` per name),
    the same list as the last time if `rows` is the same list."""
    global LAST_ROWS
    last, cities = LAST_ROWS
    if rows is last:
        return cities
    cities = cities_of(rows)
    LAST_ROWS = (rows, cities)
    return cities


def cities_of(rows):
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


def written_plainly(decimal_sep, grouping):
    """Whether `{{ number }}` writes numbers as Python writes them: a decimal point
    and no grouping of digits."""
    return decimal_sep == "." and not (settings.USE_THOUSAND_SEPARATOR and grouping)


class Formats(NamedTuple):
    """How numbers are written (the active formats), and the city pages' address
    around the slug: what a city's strings depend on besides its own values."""

    decimal_sep: str
    grouping: object
    thousand_sep: str
    use_thousand_separator: bool
    url_head: str
    url_tail: str

    @classmethod
    def active(cls):
        head, tail = url_parts("tracker:city-detail", *urlconf_and_prefix())
        grouping = get_format("NUMBER_GROUPING")
        return cls(
            get_format("DECIMAL_SEPARATOR"),
            tuple(grouping) if isinstance(grouping, list) else grouping,
            get_format("THOUSAND_SEPARATOR"),
            settings.USE_THOUSAND_SEPARATOR,
            head,
            tail,
        )

    @property
    def plain(self):
        return written_plainly(self.decimal_sep, self.grouping)

    def number(self, value):
        """A number as `{{ value }}` shows it."""
        return numberformat.format(
            value,
            self.decimal_sep,
            grouping=self.grouping,
            thousand_sep=self.thousand_sep,
        )

    def coordinate(self, value, approximately):
        """A latitude or longitude (`approximately` as a float) as `{{ value }}`
        shows it, without numberformat's work in the plain case."""
        if self.plain and -1000 < approximately < 1000 and type(value) is Decimal:
            text = str(value)
            if "E" not in text:  # then str() writes what "{:f}" does
                return text
        if isinstance(value, (float, Decimal)):
            return self.number(value)
        return html.escape(str(localize(value)))

    def url(self, slug):
        if PLAIN.fullmatch(slug):
            return f"{self.url_head}{slug}{self.url_tail}"
        return page_url("tracker:city-detail", slug)


# a marker's class, the status's words in the table and in the marker's label
LABELS = {
    status: (css, html.escape(label), html.escape(label.lower()))
    for status, (css, label) in CLASSES.items()
}
HEIGHT = height()
SPAN_X, SPAN_Y = FRAME[2] - FRAME[0], FRAME[3] - FRAME[1]


@lru_cache(maxsize=32768)
def city_html(name, slug, country, latitude, longitude, status, here, formats):
    """(x, y, the marker or None, the table's row) of one city, in `formats`.

    A pure function of what it shows, kept between requests: the network's map
    draws thousands of cities, nearly all of them the same as the last time, and
    an edited city is a new key."""
    css, label, lower = LABELS.get(status) or LABELS[None]
    escape = html.escape
    url, name = escape(formats.url(slug)), escape(name)
    country = country if isinstance(country, SafeData) else escape(country)
    if latitude is None or longitude is None:
        row = (
            f'<tr><th scope="row"><a href="{url}">{name}</a></th><td>{country}</td>'
            f"<td>{label}</td><td>Not known</td></tr>"
        )
        return None, None, None, row
    lat, lon = float(latitude), float(longitude)
    # as project() computes them
    x = round((lon - FRAME[0]) / SPAN_X * WIDTH, 1)
    y = round((FRAME[3] - lat) / SPAN_Y * HEIGHT, 1)
    named = f"{name}, {country}: {lower}"
    if formats.plain and -1000 < x < 1000 and -1000 < y < 1000:
        cx, cy = repr(x), repr(y)  # a tenth's float never needs an exponent
    else:
        cx, cy = formats.number(x), formats.number(y)
    marker = (
        f'\n      <a href="{url}" aria-label="{named}" class="marker {css}'
        f'{" here" if here else ""}"><circle cx="{cx}" cy="{cy}" '
        f'r="{"9" if here else "6"}"/><title>{named}</title></a>'
    )
    where = f"{formats.coordinate(latitude, lat)}, {formats.coordinate(longitude, lon)}"
    row = (
        f'<tr><th scope="row"><a href="{url}">{name}</a></th><td>{country}</td>'
        f"<td>{label}</td><td>{where}</td></tr>"
    )
    return x, y, marker, row


def network_map(cities, highlight=None, heading=None):
    """What the map template draws: outlines, a marker per city with coordinates
    (`cities` annotated with `network_status`, their country selected), the
    legend, the rows of the table and the caption's `heading` (by default, the
    network's cities).

    The markers and the table's rows are written by `city_html`, one string per
    city, rather than by a template loop: a map can have thousands of cities.
    `markers` (every city) and `drawn` (those with coordinates) are built only
    when read. The map of the same list of cities as the last time (`map_cities()`
    gives the same list for the same rows), in the same formats, is the same map."""
    global LAST_MAP
    formats = Formats.active()
    key = (highlight, heading, formats)
    last_cities, last_key, drawn = LAST_MAP
    if cities is last_cities and key == last_key:
        return drawn
    drawn = map_of(cities, highlight, heading, formats)
    LAST_MAP = (cities, key, drawn)
    return drawn


# the last map drawn: (its list of cities, what else it was drawn from, the map)
LAST_MAP = (None, None, None)


def map_of(cities, highlight, heading, formats):
    highlight_pk = highlight.pk if highlight is not None else None
    placed, marks, rows = [], [], []
    for city in cities:
        status = city.network_status
        here = city.pk == highlight_pk
        x, y, marker, row = city_html(
            city.name,
            city.slug,
            city.country.name,
            city.latitude,
            city.longitude,
            status,
            here,
            formats,
        )
        if marker is not None:
            marks.append(marker)
        rows.append(row)
        placed.append((city, status, x, y, here))
    return drawn_map(Markers(placed), marks, rows, highlight, heading)


class Markers(Sequence):
    """Each city of a map as {"city", "status" (its words), "css", and where it is
    drawn: "x", "y", "highlight"}, made when first read; `drawn` the cities with
    coordinates."""

    def __init__(self, placed, drawn_only=False):
        self.placed = placed
        self.drawn_only = drawn_only

    @cached_property
    def entries(self):
        entries = []
        for city, status, x, y, here in self.placed:
            if self.drawn_only and x is None:
                continue
            css, words = CLASSES.get(status) or CLASSES[None]
            entry = {"city": city, "status": words, "css": css}
            if x is not None:
                entry.update(x=x, y=y, highlight=here)
            entries.append(entry)
        return entries

    @property
    def drawn(self):
        return Markers(self.placed, drawn_only=True)

    def __getitem__(self, index):
        return self.entries[index]

    def __len__(self):
        return len(self.entries)


def drawn_map(markers, marks, rows, highlight, heading):
    return {
        "outlines": outlines(),
        "markers": markers,
        "drawn": markers.drawn,
        "drawn_html": mark_safe("".join(marks)),  # noqa: S308  escaped
        "table_html": mark_safe("".join(rows)),  # noqa: S308
        "legend": [(css, label) for _, css, label in STATUSES],
        "width": int(WIDTH),
        "height": int(HEIGHT),
        "locator": highlight is not None,
        "heading": heading or "The network's cities",
    }
