"""Template helpers for the public pages."""

from django import template
from django.utils.html import format_html, format_html_join

from tracker import models
from tracker.web import charts

register = template.Library()


@register.filter
def network_status(value):
    """The label of a `network_status` annotation: "pilot city", "member"..."""
    if not value:
        return ""
    return models.MembershipStatus(value).label


@register.simple_tag
def precise_date(value, precision):
    """A date shown no more precisely than its source gives it: "2021", "June 2023"."""
    return models.format_date(value, precision)


@register.inclusion_tag("tracker/includes/_network_chart.html")
def network_chart(timeline, totals=()):
    """The step chart of the cities in the network and the reported totals
    (see `tracker.web.charts`)."""
    return charts.network_chart(timeline, totals)


@register.simple_tag
def footnote(notes, anchor):
    """The markers of a fact: its sources' numbers, each a link to the page's source list."""
    numbers = notes.numbers(anchor) if notes else []
    if not numbers:
        return ""
    links = format_html_join(
        ",", '<a href="#source-{}" aria-label="source {}">{}</a>', ((n, n, n) for n in numbers)
    )
    return format_html('<sup class="fn">[{}]</sup>', links)
