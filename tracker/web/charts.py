"""The home page's chart of the network's cities over time, drawn as SVG.

`network_chart()` computes every coordinate and label; the template
`tracker/includes/_network_chart.html` only writes them out.
"""

import datetime
import math

from tracker import models

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


def network_chart(timeline, today):
    """A step chart of the number of cities in the network, from its first change to today.

    `timeline` is `CityMembership.objects.network_timeline()`: (date, cities)
    after each day's changes.
    """
    if not timeline:
        return {"timeline": []}
    first_day = timeline[0][0]
    last_day = max(today, timeline[-1][0])
    origin = datetime.date(first_day.year, 1, 1)
    finish = datetime.date(last_day.year + 1, 1, 1)
    span = (finish - origin).days
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = nice_step(max(1, max(count for _, count in timeline)))
    top = step * math.ceil(max(1, max(count for _, count in timeline)) / step)

    def x(day):
        return round(LEFT + (day - origin).days / span * plot_width, 1)

    def y(count):
        return round(TOP + plot_height - count / top * plot_height, 1)

    line = [f"M{x(origin)},{y(0)}"]
    points = []
    for day, count in timeline:
        line.append(f"H{x(day)}V{y(count)}")
        # the labels are formatted here: a template filter per point is slow at scale
        label = f"{models.format_date(day)}: {count} {'city' if count == 1 else 'cities'}"
        points.append(
            {
                "x": x(day),
                "y": y(count),
                "label": label,
                "day": models.format_date(day),
                "count": count,
            }
        )
    line.append(f"H{x(last_day)}")
    path = "".join(line)
    years = list(range(origin.year, finish.year))
    every = 1 if len(years) <= 6 else 2
    year_ticks = [
        {"x": x(datetime.date(year, 1, 1)), "label_x": x(datetime.date(year, 7, 1)), "year": year}
        for year in years
    ]
    for index, tick in enumerate(year_ticks):
        tick["labelled"] = index % every == 0
    return {
        "timeline": timeline,
        "today": today,
        "current": timeline[-1][1],
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": y(0),
        "tick_end": y(0) + 5,
        "count_label_x": LEFT - 6,
        "top": TOP,
        "path": path,
        "area": f"{path}V{y(0)}Z",
        "points": points,
        "count_ticks": [{"y": y(n), "count": n} for n in range(0, top + 1, step)],
        "year_ticks": year_ticks,
        "axis_label_y": HEIGHT - 6,
        "end_x": x(last_day),
        "end_y": y(timeline[-1][1]) - 8,
    }
