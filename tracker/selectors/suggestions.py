""" "Did you mean": the known name closest to a search that found nothing.

The names of countries, cities and places, and the other names kept for them
(`PlaceName`). On PostgreSQL the closest by trigram similarity (`pg_trgm`); on
other databases the closest by `difflib`'s ratio, both compared folded.
"""

import difflib

from django.db import connections

from tracker import models
from tracker.folding import fold

# how alike a name must be to be suggested: pg_trgm's similarity, difflib's ratio
MIN_SIMILARITY = 0.4
MIN_RATIO = 0.75
NAMED = (models.PlaceName, models.City, models.Country, models.Place)


def did_you_mean(query):
    """The known name closest to `query`, or None when none is close."""
    if connections[models.City.objects.db].vendor == "postgresql":
        return closest_by_trigrams(query)
    return closest_by_ratio(query)


def closest_by_trigrams(query):
    """The most alike of all the names, in one query."""
    from django.contrib.postgres.search import TrigramSimilarity

    folded = fold(query)
    alike = [
        model.objects.order_by()
        .annotate(similarity=TrigramSimilarity("name", folded))
        .filter(similarity__gte=MIN_SIMILARITY)
        .values_list("similarity", "name")
        for model in NAMED
    ]
    best = list(alike[0].union(*alike[1:], all=True).order_by("-similarity", "name")[:1])
    return best[0][1] if best else None


def closest_by_ratio(query):
    """The closest of all the names by difflib's ratio, read in one query."""
    every = [model.objects.order_by().values_list("name", flat=True) for model in NAMED]
    names = {}
    for name in every[0].union(*every[1:], all=True):
        names.setdefault(fold(name), name)
    found = difflib.get_close_matches(fold(query), list(names), n=1, cutoff=MIN_RATIO)
    return names[found[0]] if found else None
