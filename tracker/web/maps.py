"""The map of the network's cities: an SVG drawn here, from Natural Earth's public
domain outlines (`tracker/data/asean_boundaries.json`), so no page asks another
site for anything (no tiles, no script), and it keeps to the site's CSP.

The projection is equirectangular, its longitudes shrunk by the cosine of the
region's middle latitude so that shapes keep about their proportions there.
Each city with coordinates is a marker: a link to its page, named for screen
readers, coloured by its network status today (the legend gives the colours,
the table under the map the same data in words).
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tracker import models
from tracker.urlcache import page_url

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


def map_cities(queryset):
    """`queryset`'s cities (`City.objects.for_map()`) as `MapCity` rows."""
    fields = ("pk", "name", "slug", "latitude", "longitude", "network_status", "country__name")
    return [MapCity(*row[:-1], country=Country(row[-1])) for row in queryset.values_list(*fields)]


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


def shown(value):
    """A value as a template's `{{ value }}` shows it: localized, then escaped."""
    return conditional_escape(str(localize(value)))


def marker_html(marker):
    """One city's marker on the map (its link, its label and its circle)."""
    city = marker["city"]
    label = f"{shown(city.name)}, {shown(city.country.name)}: {shown(marker['status'].lower())}"
    here = " here" if marker["highlight"] else ""
    radius = "9" if marker["highlight"] else "6"
    return (
        f'\n      <a href="{shown(city.get_absolute_url())}" aria-label="{label}" '
        f'class="marker {shown(marker["css"])}{here}"><circle cx="{shown(marker["x"])}" '
        f'cy="{shown(marker["y"])}" r="{radius}"/><title>{label}</title></a>'
    )


def table_row_html(marker):
    """One city's row of the table under the map."""
    city = marker["city"]
    where = f"{shown(city.latitude)}, {shown(city.longitude)}" if "x" in marker else "Not known"
    return (
        f'<tr><th scope="row"><a href="{shown(city.get_absolute_url())}">{shown(city.name)}</a>'
        f"</th><td>{shown(city.country.name)}</td><td>{shown(marker['status'])}</td>"
        f"<td>{where}</td></tr>"
    )


def network_map(cities, highlight=None):
    """What the map template draws: outlines, a marker per city with coordinates
    (`cities` annotated with `network_status`, their country selected), the
    legend and the rows of the table."""
    markers = []
    for city in cities:
        css, label = CLASSES.get(city.network_status, CLASSES[None])
        row = {"city": city, "status": label, "css": css}
        if city.latitude is not None and city.longitude is not None:
            row["x"], row["y"] = project(city.longitude, city.latitude)
            row["highlight"] = highlight is not None and city.pk == highlight.pk
        markers.append(row)
    drawn = [marker for marker in markers if "x" in marker]
    # built here rather than by a template loop: a map can have thousands of cities
    return {
        "outlines": outlines(),
        "markers": markers,
        "drawn": drawn,
        "drawn_html": mark_safe("".join(marker_html(m) for m in drawn)),  # noqa: S308  escaped
        "table_html": mark_safe("".join(table_row_html(m) for m in markers)),  # noqa: S308
        "legend": [(css, label) for _, css, label in STATUSES],
        "width": int(WIDTH),
        "height": int(height()),
        "locator": highlight is not None,
    }
