"""`make_<model>(**overrides)` helpers: deterministic values, unique slugs."""

import datetime
import itertools

from tracker import models

_serial = itertools.count(1)


def _n():
    return next(_serial)


def make_source(**overrides):
    n = _n()
    values = {
        "title": f"Report {n}",
        "slug": f"report-{n}",
        "publisher": "Test Gazette",
        "kind": models.SourceKind.NEWS_REPORT,
        "published_on": datetime.date(2023, 7, 13),
    }
    values.update(overrides)
    return models.Source.objects.create(**values)


# ISO 3166-1 leaves these codes to users, so they never clash with a real country.
USER_ASSIGNED_CODES = [f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [
    f"Q{c}" for c in "MNOPQRSTUVWXYZ"
]


def make_country(**overrides):
    n = _n()
    code = overrides.pop("code", USER_ASSIGNED_CODES[n % len(USER_ASSIGNED_CODES)])
    values = {"name": f"Country {code}", "is_asean_member": True}
    values.update(overrides)
    country, _ = models.Country.objects.get_or_create(code=code, defaults=values)
    return country


def make_city(**overrides):
    n = _n()
    values = {"name": f"City {n}", "slug": f"city-{n}"}
    values.update(overrides)
    if "country" not in values:
        values["country"] = make_country()
    return models.City.objects.create(**values)


def make_organisation(**overrides):
    n = _n()
    values = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "kind": models.OrganisationKind.MINISTRY,
    }
    values.update(overrides)
    return models.Organisation.objects.create(**values)


def make_person(**overrides):
    n = _n()
    values = {"name": f"Person {n}", "slug": f"person-{n}"}
    values.update(overrides)
    return models.Person.objects.create(**values)


def make_post(**overrides):
    values = {"role": "Minister"}
    values.update(overrides)
    if "person" not in values:
        values["person"] = make_person()
    if "organisation" not in values:
        values["organisation"] = make_organisation()
    return models.Post.objects.create(**values)


def make_meeting(**overrides):
    n = _n()
    values = {
        "title": f"Meeting {n}",
        "slug": f"meeting-{n}",
        "kind": models.MeetingKind.WORKSHOP,
        "start_date": datetime.date(2023, 1, 1) + datetime.timedelta(days=n % 365),
        "mode": models.MeetingMode.IN_PERSON,
    }
    values.update(overrides)
    return models.Meeting.objects.create(**values)


def make_participation(**overrides):
    values = {"role": models.ParticipantRole.DELEGATE}
    values.update(overrides)
    if "meeting" not in values:
        values["meeting"] = make_meeting()
    if not any(values.get(f) for f in models.PARTICIPANT_FIELDS):
        values["person"] = make_person()
    return models.Participation.objects.create(**values)


def make_project(**overrides):
    n = _n()
    values = {
        "title": f"Project {n}",
        "slug": f"project-{n}",
        "status": models.ProjectStatus.ACTIVE,
    }
    values.update(overrides)
    return models.Project.objects.create(**values)


def make_membership(**overrides):
    values = {"status": models.MembershipStatus.MEMBER, "date": datetime.date(2018, 4, 28)}
    values.update(overrides)
    if "city" not in values:
        values["city"] = make_city()
    return models.CityMembership.objects.create(**values)


def make_statement(**overrides):
    values = {"kind": models.StatementKind.DIRECT_QUOTE, "text": "We will build smart cities."}
    values.update(overrides)
    if not values.get("speaker_person") and not values.get("speaker_organisation"):
        values["speaker_person"] = make_person()
    if "source" not in values:
        values["source"] = make_source()
    return models.Statement.objects.create(**values)


def citation_field(record):
    """The name of Citation's foreign key to the record's model."""
    for name in models.CITED_FIELDS:
        if models.Citation._meta.get_field(name).related_model is type(record):
            return name
    raise TypeError(f"{type(record).__name__} is not cited")


def make_citation(record, **overrides):
    values = {citation_field(record): record, "excerpt": "as reported"}
    values.update(overrides)
    if "source" not in values:
        values["source"] = make_source()
    return models.Citation.objects.create(**values)


def if_match(record):
    """The If-Match header of a client that has just read `record` (a write needs it)."""
    version = type(record).objects.filter(pk=record.pk).values_list("version", flat=True).get()
    return {"HTTP_IF_MATCH": f'"{version}"'}
