"""Every kind of record the tracker publishes, in one place.

The API's router and its reference tables, the search groups, the sitemap
sections, the home page's counts and the admin's index grouping are all read
from `RECORDS`: a new kind of record is added here, not in each of them.
"""

from dataclasses import dataclass

from tracker import models

# The admin index's sections, in its order.
NETWORK = "Network and cities"
MEETINGS = "Meetings"
PROJECTS = "Projects"
PEOPLE = "People and organisations"
SOURCES = "Sources"
ACCESS = "API access"
SECTIONS = (NETWORK, MEETINGS, PROJECTS, PEOPLE, SOURCES, ACCESS)


@dataclass(frozen=True)
class RecordType:
    """One kind of record: how it is addressed in the API and on the public pages."""

    name: str  # the type name a reference carries ("city")
    model: type
    lookup: str  # the field that identifies it in the API ("slug", "code", "key")
    api_prefix: str  # its API address, /api/v1/<prefix>/
    label: str
    plural: str
    list_url: str | None = None  # its public list page (None: no public pages)
    section: str = ""  # the admin index section it is grouped under
    api_basename: str = ""  # its API URL names (<basename>-list), when not its name

    @property
    def basename(self):
        return self.api_basename or self.name

    @property
    def public(self):
        """Whether it has public list and detail pages (sitemap, search, home counts)."""
        return self.list_url is not None

    def identify(self, obj):
        """The value of its lookup field as the API's address shows it."""
        value = getattr(obj, self.lookup)
        return value.lower() if self.lookup == "code" else value


RECORDS = (
    RecordType("city", models.City, "slug", "cities", "City", "Cities", "city-list", NETWORK),
    RecordType(
        "country",
        models.Country,
        "code",
        "countries",
        "Country",
        "Countries",
        "country-list",
        NETWORK,
    ),
    RecordType("place", models.Place, "slug", "places", "Place", "Places", section=NETWORK),
    RecordType(
        "meeting",
        models.Meeting,
        "slug",
        "meetings",
        "Meeting",
        "Meetings",
        "meeting-list",
        MEETINGS,
    ),
    RecordType(
        "project",
        models.Project,
        "slug",
        "projects",
        "Project",
        "Projects",
        "project-list",
        PROJECTS,
    ),
    RecordType(
        "person", models.Person, "slug", "people", "Person", "People", "person-list", PEOPLE
    ),
    RecordType(
        "organisation",
        models.Organisation,
        "slug",
        "organisations",
        "Organisation",
        "Organisations",
        "organisation-list",
        PEOPLE,
    ),
    RecordType("post", models.Post, "key", "posts", "Post", "Posts", section=PEOPLE),
    RecordType(
        "membership",
        models.CityMembership,
        "key",
        "memberships",
        "Membership",
        "Memberships",
        section=NETWORK,
    ),
    RecordType(
        "partnership",
        models.Partnership,
        "key",
        "partners",
        "Partnership",
        "Partnerships",
        section=NETWORK,
        api_basename="partner",
    ),
    RecordType(
        "reported_total",
        models.ReportedTotal,
        "key",
        "network-totals",
        "Reported network total",
        "Reported network totals",
        section=NETWORK,
    ),
    RecordType(
        "outcome",
        models.Outcome,
        "key",
        "outcomes",
        "Outcome of a meeting",
        "Outcomes of meetings",
        section=MEETINGS,
    ),
    RecordType(
        "statement",
        models.Statement,
        "key",
        "statements",
        "Statement",
        "Statements",
        section=MEETINGS,
    ),
    RecordType(
        "source",
        models.Source,
        "slug",
        "sources",
        "Source",
        "Sources",
        "source-list",
        SOURCES,
    ),
)

BY_MODEL = {record.model: record for record in RECORDS}
BY_NAME = {record.name: record for record in RECORDS}


# Records edited in the admin only, each in the section of the records it is part of.
PARTS = {
    models.Place: NETWORK,
    models.MeetingSeries: MEETINGS,
    models.Participation: MEETINGS,
    models.AgendaItem: MEETINGS,
    models.ProjectOrganisation: PROJECTS,
    models.CompositionPart: PEOPLE,
    models.Citation: SOURCES,
}


# Parts edited only in their parents' forms, each inline row linking to the part's own
# page (where its citations are): not listed on the admin index.
INLINE_ONLY = (
    models.AgendaItem,
    models.ProjectOrganisation,
    models.CompositionPart,
    models.Citation,
)


def section_of(model):
    """The admin index section `model` is listed under: its record type's or
    part's, or ACCESS for any other model of the tracker (API tokens)."""
    record = BY_MODEL.get(model)
    return record.section if record else PARTS.get(model, ACCESS)


def public():
    """The kinds of record with public pages, in the order pages list them."""
    return [record for record in RECORDS if record.public]


def of(model):
    """The RecordType of `model`, or None if it is not published."""
    return BY_MODEL.get(model)


# --- What each page shows, for the response cache ------------------------------
#
# A cached response is kept while none of the kinds of row its page reads has
# been written to (tracker.cache: one counter per model, named by the model).
# A list reads its record type and what its rows show; a detail page its
# type, what it embeds, and the sources cited. The API's list and detail of a
# type read what the pages of that type read. A page not named here (home,
# search, about, feeds, the sitemap, a place's or source's page...) depends
# on every kind of row: any write refreshes it.
# tests/web/test_cache_invalidation.py renders every page named here and
# checks that its queries read nothing outside its entry.

CITED = ("citation", "source")
PLACES = ("country", "city", "place", "placename", "citymembership")
MEETING_ROWS = ("meeting", "meetingseries", "organisation", "person", "participation", *PLACES)
PEOPLE = ("person", "organisation", "post", "country", "participation", "statement")

LIST_READS = {
    "city": ("city", "citymembership", "country", "project"),
    "country": ("country", "city", "organisation"),
    "meeting": MEETING_ROWS,
    "project": ("project", "city", "country"),
    "person": ("person", "country", "participation", "statement"),
    "organisation": ("organisation", "country", "participation", "post"),
    "statement": ("statement", "meeting", "agendaitem", "person", "organisation", "post", *CITED),
    "place": ("place", "city", "country", "placename"),
    "source": CITED,
    "post": ("post", "person", "organisation"),
    "membership": ("citymembership", "city", "organisation"),
    "partner": ("partnership", "country", "organisation"),
    "reported_total": ("reportedtotal",),
    "outcome": ("outcome", "meeting", "city", "country", "organisation", "project"),
}

DETAIL_READS = {
    "city": (
        *MEETING_ROWS,
        *CITED,
        "outcome",
        "post",
        "project",
        "projectorganisation",
        "partnership",
        "reportedtotal",
    ),
    "country": (
        *MEETING_ROWS,
        *CITED,
        "outcome",
        "post",
        "project",
        "projectorganisation",
        "partnership",
        "reportedtotal",
    ),
    "meeting": (
        *MEETING_ROWS,
        *CITED,
        "agendaitem",
        "outcome",
        "post",
        "project",
        "statement",
    ),
    "project": (
        "project",
        "projectorganisation",
        "organisation",
        "meeting",
        "agendaitem",
        "outcome",
        *PLACES,
        *CITED,
    ),
    "person": (*PEOPLE, "meeting", *CITED),
    "organisation": (
        *PEOPLE,
        "city",
        "compositionpart",
        "meeting",
        "outcome",
        "partnership",
        "project",
        "projectorganisation",
        *CITED,
    ),
    "statement": LIST_READS["statement"],
    "outcome": (*LIST_READS["outcome"], *CITED),
}


def _page_reads():
    pages = {}
    for name, scopes in LIST_READS.items():
        pages[f"api:{name}-list"] = frozenset(scopes)
    for name, scopes in DETAIL_READS.items():
        pages[f"api:{name}-detail"] = frozenset(scopes)
    for record in RECORDS:
        if record.public and record.name in LIST_READS:
            pages[f"tracker:{record.name}-list"] = frozenset(LIST_READS[record.name])
        if record.public and record.name in DETAIL_READS:
            pages[f"tracker:{record.name}-detail"] = frozenset(DETAIL_READS[record.name])
    return pages


PAGE_READS = _page_reads()


def reads(view_name):
    """The kinds of row (model names) the page or API address `view_name`
    shows, or None if it may show any."""
    return PAGE_READS.get(view_name)
