"""The home page's chart of the network's cities over time, drawn as SVG.

`network_chart()` computes every coordinate and label; the template
`tracker/includes/_network_chart.html` only writes them out.
"""

import datetime
import math
from functools import lru_cache
from html import escape

from django.conf import settings
from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe

from tracker import models
from tracker.web.maps import written_plainly

# The chart's frame, in SVG user units; it scales to the width of the page.
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 24, 30


def nice_step(maximum, ticks=5):
    """The smallest of 1, 2, 5, 10, 20, 50... that covers `maximum` in at most `ticks` steps."""
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if math.ceil(maximum / step) <= ticks:
                return step
        magnitude *= 10


def number_shower():
    """A function writing a number as a template's `{{ number }}` writes it: plain
    `str()` when the decimal separator is a point and digits are not grouped (a
    chart's hundreds of numbers, written by the template, were a third of its CPU)."""
    if written_plainly(get_format("DECIMAL_SEPARATOR"), get_format("NUMBER_GROUPING")):
        return lambda number: str(number) if "e" not in str(number) else number_format(number)
    return number_format


class Scale:
    """Where a day (x) and a number of cities (y) fall in the chart's frame."""

    def __init__(self, origin, finish, top):
        self.origin = origin
        self.span = (finish - origin).days
        self.top = top
        self.width = WIDTH - LEFT - RIGHT
        self.height = HEIGHT - TOP - BOTTOM

    def x(self, day):
        return round(LEFT + (day - self.origin).days / self.span * self.width, 1)

    def y(self, count):
        return round(TOP + self.height - count / self.top * self.height, 1)


def step_line(timeline, scale, last_day):
    """The SVG path of the steps, and a labelled point at each change: its circle
    and its row of the figures table, written here as the template would write
    them (a network of thousands of cities has hundreds of changes).

    A pure function of the timeline, the frame and the active number formats,
    kept between requests: the timeline changes only when a membership does."""
    formats = (
        translation.get_language(),
        settings.USE_THOUSAND_SEPARATOR,
        *(get_format(name) for name in ("DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR")),
        repr(get_format("NUMBER_GROUPING")),  # a number, or a sequence of them
    )
    frame = (scale.origin, scale.span, scale.top)
    return drawn_steps(tuple(timeline), frame, last_day, formats)


@lru_cache(maxsize=16)
def drawn_steps(timeline, frame, last_day, formats):
    """`step_line()`, for the timeline as a tuple and the scale's `frame`."""
    scale = Scale(frame[0], frame[0] + datetime.timedelta(days=frame[1]), frame[2])
    line = [f"M{scale.x(scale.origin)},{scale.y(0)}"]
    circles, rows = [], []
    shown = number_shower()
    for day, count, precision in timeline:
        x, y = scale.x(day), scale.y(count)
        line.append(f"H{x}V{y}")
        day_text = escape(models.format_date(day, precision))
        label = f"{day_text}: {count} {'city' if count == 1 else 'cities'}"
        circles.append(
            f'<circle cx="{escape(shown(x))}" cy="{escape(shown(y))}" r="3.5">'
            f"<title>{label}</title></circle>"
        )
        rows.append(f"<tr><td>{day_text}</td><td>{escape(shown(count))}</td></tr>")
    line.append(f"H{scale.x(last_day)}")
    return "".join(line), mark_safe("".join(circles)), mark_safe("".join(rows))  # noqa: S308


def year_ticks(scale, finish):
    """A tick at each new year, labelled (mid-year) every year, or every other one past six."""
    years = list(range(scale.origin.year, finish.year))
    every = 1 if len(years) <= 6 else 2
    return [
        {
            "x": scale.x(datetime.date(year, 1, 1)),
            "label_x": scale.x(datetime.date(year, 7, 1)),
            "year": year,
            "labelled": index % every == 0,
        }
        for index, year in enumerate(years)
    ]


def named_on(timeline, day):
    """How many cities the timeline names in the network on `day`."""
    counts = [count for changed, count, _ in timeline if changed <= day]
    return counts[-1] if counts else 0


def reported_points(totals, timeline, scale):
    """A point for each reported total, with its source and how it compares with
    the cities named on that day."""
    points = []
    for total in totals:
        named = named_on(timeline, total.date)
        sources = [citation.source for citation in total.citations.all()]
        points.append(
            {
                "x": scale.x(total.date),
                "y": scale.y(total.count),
                "day": total.date_display,
                "count": total.count,
                "named": named,
                "differs": total.count != named,
                "sources": sources,
                "label": f"{total.date_display}: {total.count} cities reported by "
                + "; ".join(source.publisher for source in sources),
            }
        )
    return points


def network_chart(timeline, totals=()):
    """A step chart of the cities named in the network, from its first change to
    the latest record, with the totals sources report beside it.

    `timeline` is `CityMembership.objects.network_timeline()`: (date, cities,
    precision) after each day's changes; `totals` the `ReportedTotal`s, with
    their citations.
    """
    if not timeline:
        return {"timeline": []}
    totals = list(totals)
    last_day = max([timeline[-1][0], *(total.date for total in totals)])
    finish = datetime.date(last_day.year + 1, 1, 1)
    most = max(1, *(count for _, count, _ in timeline), *(total.count for total in totals))
    step = nice_step(most)
    top = step * math.ceil(most / step)
    scale = Scale(datetime.date(timeline[0][0].year, 1, 1), finish, top)
    path, circles, rows = step_line(timeline, scale, last_day)
    return {
        "timeline": timeline,
        "as_of": models.format_date(timeline[-1][0], timeline[-1][2]),
        "current": timeline[-1][1],
        "reported": reported_points(totals, timeline, scale),
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": scale.y(0),
        "tick_end": scale.y(0) + 5,
        "count_label_x": LEFT - 6,
        "top": TOP,
        "path": path,
        "area": f"{path}V{scale.y(0)}Z",
        "circles_html": circles,
        "rows_html": rows,
        "count_ticks": [{"y": scale.y(n), "count": n} for n in range(0, top + 1, step)],
        "year_ticks": year_ticks(scale, finish),
        "axis_label_y": HEIGHT - 6,
        "end_x": scale.x(last_day),
        "end_y": scale.y(timeline[-1][1]) - 8,
    }
