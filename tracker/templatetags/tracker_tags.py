"""Template helpers for the public pages."""

import functools
import html
import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tracker import models
from tracker.folding import fold
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


WORD_BREAKS = re.compile(r"([\s,.;:!?()\[\]\"“”‘’/-]+)")


@register.filter
def highlight(text, query):
    """The text, escaped, each of its words that a word of `query` starts (case and
    diacritics aside, as search matches) marked: "<mark>Đà</mark> <mark>Nẵng</mark>"."""
    words, firsts = searched_words(str(query or ""))
    parts = WORD_BREAKS.split(str(text or ""))
    # the words are at even places, what breaks them at odd ones (never marked)
    for n, part in enumerate(parts):
        marked = n % 2 == 0 and part and words and starts_a_word(part, words, firsts)
        if marked:
            parts[n] = f"<mark>{html.escape(part)}</mark>"
        elif SPECIAL.search(part):
            parts[n] = html.escape(part)
    return mark_safe("".join(parts))


# what html.escape changes; a part without any is left as it is
SPECIAL = re.compile("[&<>\"']")


@functools.lru_cache(maxsize=64)
def searched_words(query):
    """The folded words of `query` and their first letters: folded once per search,
    not for each text its page marks."""
    words = tuple(word for word in map(fold, query.split()) if word)
    return words, frozenset(word[0] for word in words)


def starts_a_word(part, words, firsts):
    """Whether a word of `words` starts the folded `part`. An ASCII part that begins
    with a letter or digit folds to that character first, lower-cased: one that no
    word begins with is not folded at all (most words of a text)."""
    first = part[0]
    if first.isascii() and first.isalnum() and first.lower() not in firsts:
        return False
    return fold(part).startswith(words)


@register.filter
def summary_of(record):
    """A record's own words to show under its name in search results, if it has any."""
    return getattr(record, "summary", "") or getattr(record, "description", "") or ""


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
