"""`make_<model>(**overrides)` helpers: deterministic values, unique slugs."""

import datetime
import itertools
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import override_settings

from tracker import models

_serial = itertools.count(1)


def serial():
    """The next number of one counter: slugs and names made with it never repeat."""
    return next(_serial)


def make_source(**overrides):
    n = serial()
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
    n = serial()
    code = overrides.pop("code", USER_ASSIGNED_CODES[n % len(USER_ASSIGNED_CODES)])
    values = {"name": f"Country {code}", "is_asean_member": True}
    values.update(overrides)
    country, _ = models.Country.objects.get_or_create(code=code, defaults=values)
    return country


def make_city(**overrides):
    n = serial()
    values = {"name": f"City {n}", "slug": f"city-{n}"}
    values.update(overrides)
    if "country" not in values:
        values["country"] = make_country()
    return models.City.objects.create(**values)


def make_organisation(**overrides):
    n = serial()
    values = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "kind": models.OrganisationKind.MINISTRY,
    }
    values.update(overrides)
    return models.Organisation.objects.create(**values)


def make_person(**overrides):
    n = serial()
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
    n = serial()
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
    n = serial()
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


# --- Records of every model, with every foreign key the admin shows ---------


def make_place(**overrides):
    n = models.Place.objects.count() + 1
    country = make_country()
    region = models.Place.objects.create(
        name=f"Region {n}", slug=f"region-{n}", kind=models.PlaceKind.REGION, country=country
    )
    locality = models.Place.objects.create(
        name=f"Town {n}",
        slug=f"town-{n}",
        kind=models.PlaceKind.LOCALITY,
        country=country,
        parent=region,
    )
    values = {
        "name": f"Venue {n}",
        "slug": f"venue-{n}",
        "kind": models.PlaceKind.VENUE,
        "country": country,
        "parent": locality,
        "city": make_city(country=country),
    }
    values.update(overrides)
    return models.Place.objects.create(**values)


def make_series(**overrides):
    n = models.MeetingSeries.objects.count() + 1
    values = {"name": f"Series {n}", "slug": f"series-{n}", "organiser": make_organisation()}
    values.update(overrides)
    return models.MeetingSeries.objects.create(**values)


def make_full_meeting(**overrides):
    values = {
        "series": make_series(),
        "ordinal": 1,
        "place": make_place(),
        "host": make_organisation(),
        "chair": make_person(),
    }
    values.update(overrides)
    return make_meeting(**values)


def make_agenda_item(**overrides):
    values = {"title": "Investment toolkit"}
    values.update(overrides)
    values.setdefault("meeting", make_meeting())
    values.setdefault("project", make_project())
    values.setdefault("order", values["meeting"].agenda_items.count() + 1)
    return models.AgendaItem.objects.create(**values)


def make_project_organisation(**overrides):
    values = {"role": models.ProjectRole.LEAD}
    values.update(overrides)
    values.setdefault("project", make_project(city=make_city()))
    values.setdefault("organisation", make_organisation())
    return models.ProjectOrganisation.objects.create(**values)


def make_partnership(**overrides):
    values = {"status": models.PartnershipStatus.ACTIVE, "since": datetime.date(2019, 1, 1)}
    values.update(overrides)
    if not values.get("country") and not values.get("organisation"):
        values["organisation"] = make_organisation()  # a partnership has exactly one partner
    return models.Partnership.objects.create(**values)


def make_composition_part(**overrides):
    values = {"count": 9, "members": "relevant ministries and institutions"}
    values.update(overrides)
    values.setdefault("organisation", make_organisation())
    return models.CompositionPart.objects.create(**values)


def make_full_participation(**overrides):
    person = make_person()
    values = {
        "person": person,
        "behalf_country": make_country(),
        "post": make_post(person=person),
        "attendance": models.AttendanceMode.ONLINE,
    }
    values.update(overrides)
    return make_participation(**values)


def make_full_statement(**overrides):
    meeting = overrides.pop("meeting", None) or make_meeting()
    person = make_person()
    values = {
        "meeting": meeting,
        "speaker_person": person,
        "post": make_post(person=person),
        "agenda_item": make_agenda_item(meeting=meeting),
    }
    values.update(overrides)
    return make_statement(**values)


def make_new_country():
    """A country with a code not used yet: the changelist tests need hundreds."""
    taken = set(models.Country.objects.values_list("code", flat=True))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = next(a + b for a in letters for b in letters if a + b not in taken)
    return make_country(code=code, name=f"Country {code}")


def make_outcome(**overrides):
    values = {
        "meeting": make_meeting(),
        "kind": models.OutcomeKind.DECISION,
        "description": "The network decided to grow.",
        "city": make_city(),
        "organisation": make_organisation(),
    }
    values.update(overrides)
    return models.Outcome.objects.create(**values)


def make_reported_total(**overrides):
    values = {"count": 34, "date": datetime.date(2025, 4, 6)}
    values.update(overrides)
    return models.ReportedTotal.objects.create(**values)


MAKERS = {
    models.Source: make_source,
    models.Country: make_new_country,
    models.City: make_city,
    models.Place: make_place,
    models.Organisation: lambda: make_organisation(
        country=make_country(), parent=make_organisation()
    ),
    models.CompositionPart: make_composition_part,
    models.Person: lambda: make_person(country=make_country()),
    models.Post: make_post,
    models.MeetingSeries: make_series,
    models.Meeting: make_full_meeting,
    models.Participation: make_full_participation,
    models.AgendaItem: make_agenda_item,
    models.Statement: make_full_statement,
    models.Project: lambda: make_project(city=make_city()),
    models.ProjectOrganisation: make_project_organisation,
    models.CityMembership: lambda: make_membership(decided_by=make_organisation()),
    models.Partnership: make_partnership,
    models.Outcome: make_outcome,
    models.ReportedTotal: make_reported_total,
    models.Citation: lambda: make_citation(make_full_participation()),
}
TRACKER_MODELS = list(MAKERS)


# --- Staff --------------------------------------------------------------------


def make_staff(username, group=None, superuser=False, password=None):
    # Without a password (tests that sign in with force_login) there is none to hash.
    user = User.objects.create_user(
        username, password=password, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


# --- Post data from a rendered change form ------------------------------------


def form_values(form):
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def post_data(response):
    """What the browser would send back for the form on this admin page, unchanged."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


def make_token(user):
    """An API token for `user`; returns the key to send as `Authorization: Token <key>`."""
    _, key = models.ApiToken.objects.issue(user)
    return key


def if_match(record):
    """The If-Match header of a client that has just read `record` (a write needs it)."""
    version = type(record).objects.filter(pk=record.pk).values_list("version", flat=True).get()
    return {"HTTP_IF_MATCH": f'"{version}"'}


# --- Passwords, settings and commands -----------------------------------------

PASSWORD = "correct horse battery staple"
ROOT = Path(__file__).resolve().parent.parent


def rates(anon, user):
    """The API's throttle rates for anonymous and signed-in clients, while the block runs."""
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


def manage(*args, **env):
    """Run manage.py in a fresh process whose DJANGO_* settings are only those in `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def postgresql_setting(expression, **env):
    """What `expression` (of the default `connection`'s settings) is in a fresh
    process configured for PostgreSQL with `env`; no connection is opened."""
    show = f"from django.db import connection; print({expression})"
    result = manage(
        "shell",
        "-c",
        show,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://nobody@127.0.0.1:5432/unused",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


# The environment of a production process: debug off, a secret, hosts.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_LOG_LEVEL": "ERROR",
    "DATABASE_URL": "sqlite://:memory:",  # the API root reads no table
    "PAGE_CACHE_SECONDS": "0",
}

# Run by `manage.py shell -c` under PRODUCTION: what a secure and a plain request get.
PRODUCTION_PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/api/v1/", secure=True)
plain = client.get("/api/v1/")
print(json.dumps({
    "status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "csp": secure.get("Content-Security-Policy"),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


# --- Artifacts: figures and screenshots a run leaves behind --------------------

ARTIFACTS = ROOT / "artifacts"


def write_artifact(name, report):
    """Write `report` as JSON to artifacts/<name>."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(json.dumps(report, indent=1))


def tally_report(tally, group, unit):
    """A fuzzer's statuses: how many of each `group` (operation, endpoint) and `unit` sent."""
    statuses = sum(tally.values(), Counter())
    return {
        f"{group}s": len(tally),
        unit: sum(statuses.values()),
        "statuses": dict(sorted(statuses.items())),
        f"by_{group}": {name: dict(sorted(c.items())) for name, c in sorted(tally.items())},
    }


# --- Fuzzing: the full profile in CI, a quick one locally ----------------------

FUZZ_PROFILE = os.environ.get("FUZZ_PROFILE", "local")  # .ci/run sets "ci"


def fuzz_examples(full):
    """How many examples a fuzzer tries: `full` in CI, a fifth of it (at least 5) locally."""
    return full if FUZZ_PROFILE == "ci" else max(5, full // 5)
