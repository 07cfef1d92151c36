"""Bulk row builders for the query-count tests: many rows in a few queries.

`Rows` grows a page's rows to a size (the pages' tests subclass it); the plain
functions below add `count` rows numbered from one counter (the API's tests).
"""

import datetime
import string

from tests.factories import make_source, serial
from tracker import models

SIZES = (5, 500)


PAGE_SIZE = 50


DAY = datetime.date(2023, 7, 12)


def country_codes():
    """Two-letter codes clear of the factories' X? and Q? ones: 624 of them."""
    return (
        first + second
        for first in string.ascii_uppercase
        if first not in "XQ"
        for second in string.ascii_uppercase
    )


class Rows:
    """Adds rows in bulk; `grow_to(n)` adds as many as make n."""

    def __init__(self):
        self.count = 0
        self.codes = country_codes()
        self.source = make_source()

    def grow_to(self, target):
        first = self.count
        self.add(range(first, target))
        self.count = target

    def add(self, numbers):
        raise NotImplementedError

    # Bulk makers: each returns the rows it created, primary keys set.

    def countries(self, numbers, tag="", **values):
        return models.Country.objects.bulk_create(
            [
                models.Country(code=code, name=f"Country {tag}{code}", **values)
                for code, _ in zip(self.codes, numbers, strict=False)
            ]
        )

    @staticmethod
    def cities(numbers, country, tag="c", **values):
        return models.City.objects.bulk_create(
            [
                models.City(name=f"City {tag}{n}", slug=f"city-{tag}{n}", country=country, **values)
                for n in numbers
            ]
        )

    @staticmethod
    def organisations(numbers, tag="o", **values):
        values.setdefault("kind", models.OrganisationKind.MINISTRY)
        return models.Organisation.objects.bulk_create(
            [
                models.Organisation(name=f"Org {tag}{n}", slug=f"org-{tag}{n}", **values)
                for n in numbers
            ]
        )

    @staticmethod
    def people(numbers, tag="p", **values):
        return models.Person.objects.bulk_create(
            [
                models.Person(
                    name=f"Person {tag}{n}",
                    sort_name=f"Person {tag}{n}",
                    slug=f"p-{tag}{n}",
                    **values,
                )
                for n in numbers
            ]
        )

    @staticmethod
    def meetings(numbers, tag="m", **values):
        values.setdefault("kind", models.MeetingKind.WORKSHOP)
        values.setdefault("start_date", DAY)
        return models.Meeting.objects.bulk_create(
            [
                models.Meeting(title=f"Meeting {tag}{n}", slug=f"m-{tag}{n}", **values)
                for n in numbers
            ]
        )

    @staticmethod
    def projects(numbers, tag="j", **values):
        values.setdefault("status", models.ProjectStatus.ACTIVE)
        return models.Project.objects.bulk_create(
            [
                models.Project(title=f"Project {tag}{n}", slug=f"j-{tag}{n}", **values)
                for n in numbers
            ]
        )

    @staticmethod
    def posts(pairs, role="Minister"):
        return models.Post.objects.bulk_create(
            [models.Post(person=person, organisation=org, role=role) for person, org in pairs]
        )

    @staticmethod
    def participations(rows):
        return models.Participation.objects.bulk_create(
            [
                models.Participation(
                    role=values.pop("role", models.ParticipantRole.DELEGATE), **values
                )
                for values in rows
            ]
        )

    def statements(self, rows):
        statements = []
        for values in rows:
            values.setdefault("kind", models.StatementKind.DIRECT_QUOTE)
            values.setdefault("text", "Smart cities.")
            statements.append(models.Statement(source=self.source, **values))
        return models.Statement.objects.bulk_create(statements)

    def citations(self, records):
        """One citation of each record (any cited model)."""
        return cite(records, self.source, excerpt="as reported")


def cite(records, source, **values):
    """One citation of each record (of any cited model) from `source`."""

    def field_for(record):
        field = models.Citation._meta.get_field
        return next(f for f in models.CITED_FIELDS if field(f).related_model is type(record))

    return models.Citation.objects.bulk_create(
        [models.Citation(source=source, **{field_for(r): r}, **values) for r in records]
    )


def count_page(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# --- Rows numbered from one counter: `people(3)` adds three people --------------

CODES = [a + b for a in "ABCDEFGHIJKLMNOPRSTUVWYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


n = serial  # the factories' counter, so bulk rows and single records never clash


def numbered(count):
    return [n() for _ in range(count)]


def day(i):
    return datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 1000)


def countries(count):
    return models.Country.objects.bulk_create(
        models.Country(code=CODES[i % len(CODES)], name=f"Land {i}") for i in numbered(count)
    )


def people(count, **values):
    return Rows.people(numbered(count), **values)


def organisations(count, **values):
    return Rows.organisations(numbered(count), **values)


def cities(count, country):
    return Rows.cities(numbered(count), country)


def meetings(count, **values):
    return models.Meeting.objects.bulk_create(
        models.Meeting(title=f"M {i}", slug=f"m-{i}", kind="workshop", start_date=day(i), **values)
        for i in numbered(count)
    )


def projects(count, **values):
    return Rows.projects(numbered(count), **values)


def sources(count):
    return models.Source.objects.bulk_create(
        models.Source(title=f"S {i}", slug=f"s-{i}", publisher="Gazette", kind="news_report")
        for i in numbered(count)
    )


# --- The network's history, as its sources give it ------------------------------

# Each annual meeting: slug -> (ordinal, date as shown, place shown or "Online",
# chair's name or None where no source names one, the kinds of its outcomes).
ANNUAL_MEETINGS = {
    "first-ascn-annual-meeting-2018": (
        1,
        "8 July 2018",
        "Marina Bay Sands Expo and Convention Centre",
        None,
        ["document_adopted", "agreement_signed"],
    ),
    "second-ascn-annual-meeting-2019": (2, "23 August 2019", "Bangkok", None, ["document_adopted"]),
    "third-ascn-annual-meeting-2020": (
        3,
        "17 July 2020",
        "Online",
        "Pham Hong Ha",
        ["document_adopted"] * 3,
    ),
    "fourth-ascn-annual-meeting-2021": (
        4,
        "30 August 2021",
        "Online",
        "Haji Mohammad Nazri bin Haji Mohammad Yusof",
        ["decision", "decision"],
    ),
    "fifth-ascn-annual-meeting-2022": (5, "30 August 2022", "Online", "Sar Kheng", []),
    "sixth-ascn-annual-meeting-2023": (
        6,
        "12 to 13 July 2023",
        "Hotel InterContinental, Jimbaran, Bali",
        "Safrizal Za",
        ["membership_accepted"] * 3 + ["shepherd_handover"],
    ),
    "seventh-ascn-annual-meeting-2024": (
        7,
        "30 July 2024",
        "Luang Prabang",
        "Viengnam Douangphachanh",
        [],
    ),
    "eighth-ascn-annual-meeting-2025": (
        8,
        "8 to 12 September 2025",
        "Shangri-La Hotel, Kuala Lumpur",
        None,
        ["chair_handover", "decision"],
    ),
}

# The network's size as sources report it: (as of, as shown) -> (reported, cities named).
REPORTED_TOTALS = {
    "27 April 2018": (26, 26),
    "28 July 2023": (29, 29),
    "30 October 2023": (29, 29),
    "June 2024": (31, 31),
    "31 October 2024": (31, 31),
    "6 April 2025": (34, 32),
    "11 August 2025": (26, 32),
}

# A sample of facts and the address of a source that backs each.
SOURCED_FACTS = {
    ("meeting", "first-ascn-annual-meeting-2018"): (
        "https://www.straitstimes.com/politics/new-deals-inked-to-drive-asean-smart-cities"
    ),
    ("meeting", "fifth-ascn-annual-meeting-2022"): (
        "https://www.phnompenhpost.com/national/sar-kheng-does-chair-duties-smart-city-meet"
    ),
    ("meeting", "sixth-ascn-annual-meeting-2023"): (
        "https://phnompenhpost.com/national/ascn-committed-urban-development"
    ),
    ("city", "sumedang"): (
        "https://m.antaranews.com/amp/berita/4167270/"
        "ditjen-bina-adwil-matangkan-persiapan-ri-di-asean-smart-cities-network"
    ),
    ("city", "chiang-mai"): (
        "https://www.bangkokpost.com/thailand/general/2619154/3-provinces-join-asean-smart-cities"
    ),
}
