"""Records whose names are close to a new one: the same letters once case,
diacritics, script (transliterated to Latin letters), punctuation and word
order are set aside. "Hồ Chí Minh City", "ho chi minh city" and "City, Ho Chi
Minh" are the same name here; so are "Ngy Chanphal" and "Chanphal Ngy"."""

import re

from unidecode import unidecode

from .. import models

NAME_FIELDS = {models.Person: "name", models.Organisation: "name", models.City: "name"}


def name_key(name):
    """The name with case, diacritics, script, punctuation and word order set aside."""
    words = re.findall(r"[a-z0-9]+", unidecode(name or "").lower())
    return " ".join(sorted(words))


def close_names(model, name, exclude_pk=None, limit=5):
    """Up to `limit` records of `model` whose name is close to `name` (one query)."""
    key = name_key(name)
    if not key or model not in NAME_FIELDS:
        return []
    rows = model._default_manager.order_by("pk")
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    found = [
        pk for pk, other in rows.values_list("pk", NAME_FIELDS[model]) if name_key(other) == key
    ]
    return list(model._default_manager.filter(pk__in=found[:limit]).order_by("pk"))
