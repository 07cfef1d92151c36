"""What the pages and the API show of the rows joined to a record's rows: the
columns `only()` reads of them, so that no query compiles and converts the
columns of a joined row that nothing shows (its timestamps, its long texts)."""


def own_and(model, *joined):
    """For `only()`: every column of `model`, and the columns `joined` of the rows
    joined to it."""
    return [*(field.name for field in model._meta.concrete_fields), *joined]


def linked(*relations, name="name"):
    """The name (or title) and slug of each of `relations`: what a link to it shows."""
    return [f"{relation}__{column}" for relation in relations for column in (name, "slug")]


def dated(relation):
    """A meeting's title, slug and dates at their precision (`date_display`)."""
    fields = ("title", "slug", "start_date", "end_date", "date_precision")
    return [f"{relation}__{field}" for field in fields]


COUNTRY = ("code", "name")  # a country's link is made of its code

# of a meeting: its series, host (and the host's country), chair and the meeting it prepared
OF_MEETING = (
    *linked("series", "host", "chair"),
    *linked("parent", name="title"),
    *(f"host__country__{field}" for field in COUNTRY),
)
# of a place, as the API's summary of it shows it: its name within its parents (which
# reads the grandparent's parent key), and links to its parent, country and city
PLACE_SUMMARY = (
    "name",
    "slug",
    "kind",
    *linked("parent", "city"),
    "parent__parent__name",
    "parent__parent__parent",
    *(f"country__{field}" for field in COUNTRY),
)
# of a statement: its speaker and agenda item
OF_STATEMENT = (
    *linked("speaker_person", "speaker_organisation"),
    "agenda_item__key",
    "agenda_item__title",
)
# of a participation: its participant and on whose behalf
OF_PARTICIPATION = (
    *linked("person", "organisation", "city", "behalf_organisation"),
    *(f"{country}__{field}" for country in ("country", "behalf_country") for field in COUNTRY),
)
# of a city's delegation: its meeting and on whose behalf
OF_DELEGATION = (
    *dated("meeting"),
    *linked("behalf_organisation"),
    *(f"behalf_country__{field}" for field in COUNTRY),
)
# of an outcome: its meeting and what it concerns
OF_OUTCOME = (
    *dated("meeting"),
    *linked("city", "organisation"),
    *linked("project", name="title"),
    *(f"country__{field}" for field in COUNTRY),
)
