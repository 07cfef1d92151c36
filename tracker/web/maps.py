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
from functools import lru_cache
from pathlib import Path

from tracker import models

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
    return {
        "outlines": outlines(),
        "markers": markers,
        "drawn": [marker for marker in markers if "x" in marker],
        "legend": [(css, label) for _, css, label in STATUSES],
        "width": int(WIDTH),
        "height": int(height()),
        "locator": highlight is not None,
        "heading": heading or "The network's cities",
    }
