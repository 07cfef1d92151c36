"""Helpers shared by the tests split from test_views."""

import re


def text_of(response):
    return response.content.decode()


def links_in(response):
    """Every href on the page."""

    return set(re.findall(r'href="([^"]+)"', text_of(response)))


def listed(response):
    """The link texts of the list's table rows' first cells, in order."""
    return [row[0]["text"] for row in response.context["rows"]]
