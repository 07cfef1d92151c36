"""The rows of each public list before its filter: what a list page and the
API's list of the same records start from (`for_list()`: what a row shows,
counted and ordered to the primary key)."""

from django.utils import timezone

from tracker import models

# Each list's rows before its filter, by (model, QuerySet method, day), as the
# method built them: resolving their counts' subqueries takes about a millisecond,
# a copy of the built queryset some microseconds. By day, as a city's network
# status is today's.
BUILT = {}
BUILT_MAX = 100


def rows_of(model, method="for_list"):
    """`model.objects.<method>()`, built once a day and copied for each request."""
    key = (model, method, timezone.localdate())
    rows = BUILT.get(key)
    if rows is None:
        if len(BUILT) >= BUILT_MAX:
            BUILT.clear()
        rows = BUILT[key] = getattr(model.objects, method)()
    return rows.all()


def city_list():
    return rows_of(models.City)


def city_list_page():
    """The cities' list page: `city_list()` reading only what its table shows."""
    return rows_of(models.City, "for_list_table")


def country_list():
    return rows_of(models.Country)


def meeting_list():
    return rows_of(models.Meeting)


def meeting_list_page():
    """The meetings' list page: `meeting_list()` reading only what its table shows."""
    return rows_of(models.Meeting, "for_list_table")


def project_list():
    return rows_of(models.Project)


def project_list_page():
    """The projects' list page: `project_list()` reading only what its table shows."""
    return rows_of(models.Project, "for_list_table")


def person_list():
    return rows_of(models.Person)


def person_list_page():
    """The people's list page: `person_list()` reading only what its table shows."""
    return rows_of(models.Person, "for_list_page")


def organisation_list():
    return rows_of(models.Organisation)


def organisation_list_page():
    """The organisations' list page: `organisation_list()` reading only what its table
    shows."""
    return rows_of(models.Organisation, "for_list_page")


def statement_list():
    return rows_of(models.Statement)


def source_list():
    return rows_of(models.Source)
