"""The rows of each public list before its filter: what a list page and the
API's list of the same records start from (`for_list()`: what a row shows,
counted and ordered to the primary key)."""

from tracker import models


def city_list():
    return models.City.objects.for_list()


def country_list():
    return models.Country.objects.for_list()


def meeting_list():
    return models.Meeting.objects.for_list()


def meeting_list_page():
    """The meetings' list page: `meeting_list()` reading only what its table shows."""
    return models.Meeting.objects.for_list_page()


def project_list():
    return models.Project.objects.for_list()


def person_list():
    return models.Person.objects.for_list()


def organisation_list():
    return models.Organisation.objects.for_list()


def statement_list():
    return models.Statement.objects.for_list()


def source_list():
    return models.Source.objects.for_list()
