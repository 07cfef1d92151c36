"""The read model of each public page: everything a page shows, as plain data
(querysets, lists, counts), so that the HTML page and the API's view of the
same record are built from one place and cannot drift apart."""

from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from tracker import models, records
from tracker.models.base import in_keys
from tracker.models.excerpts import dated_refs
from tracker.urlcache import url_maker

from .excerpts import LATEST_SHOWN, counted, excerpt, with_count, with_total
from .footnotes import Fact, footnotes
from .lists import meeting_list
from .prepared import Prepared


def short_meeting_list():
    """Meetings as a page's short list of them shows them (not the API's)."""
    return models.Meeting.objects.for_short_list()


# --- Home --------------------------------------------------------------------


def home_counts(today, cities):
    """[(label, how many, list URL name)] of each kind of record with public pages;
    cities count those in the network on `today`, from `cities` (the rows of
    `City.objects.for_map(today)`, already read). The others are counted in one
    query, a subquery each."""
    in_network = sum(1 for row in cities if row[5] in models.ACTIVE_STATUSES)
    public = records.public()
    counted = [record for record in public if record.model is not models.City]
    totals = dict(zip(counted, count_rows([record.model for record in counted]), strict=True))
    return [
        (
            ("cities in the network", in_network, record.list_url)
            if record.model is models.City
            else (record.plural.lower(), totals[record], record.list_url)
        )
        for record in public
    ]


def count_rows(tables):
    """How many rows each model in `tables` has, in one query."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return cursor.fetchone()


# the home page's short lists, each compiled once: `day` is today
HOME_LISTS = {
    "latest_meetings": Prepared(lambda day: short_meeting_list().latest_held(day)[:5]),
    "next_meetings": Prepared(lambda day: short_meeting_list().next_up(day)[:5]),
    "totals": Prepared(lambda: models.ReportedTotal.objects.for_chart()),
}


def home_page(today):
    """The network at a glance on `today`: counts, the latest and next meetings,
    and the number of cities in the network after each change."""
    timeline = models.CityMembership.objects.network_timeline()
    as_of = models.format_date(timeline[-1][0], timeline[-1][2]) if timeline else ""
    # every city with its status, read once: for the map, and counted for the figures
    cities = models.City.objects.for_map(today)
    return {
        "today": today,
        "network_as_of": as_of,
        "counts": home_counts(today, cities),
        "latest_meetings": HOME_LISTS["latest_meetings"](day=today),
        "next_meetings": HOME_LISTS["next_meetings"](day=today),
        "timeline": timeline,
        "totals": HOME_LISTS["totals"](),
        "map_cities": cities,
    }


# --- Outcomes on the pages of what they concern ---------------------------------


# compiled once for each kind of record (`field`): `record` is the record's key
OUTCOMES_CONCERNING = Prepared(
    lambda field, record: models.Outcome.objects.concerning(**{field: record}).prefetch_related(
        Prefetch("citations", queryset=models.Citation.objects.for_record())
    )
)


def outcomes_concerning(record):
    """The outcomes of meetings that concern `record` (a city, country, organisation or
    project), oldest meeting first, each with its meeting, what it concerns and its
    citations with their sources."""
    return list(OUTCOMES_CONCERNING(type(record).__name__.lower(), record=record.pk))


# --- A city --------------------------------------------------------------------


class Link(NamedTuple):
    """A record as a page's list of links shows it, read as plain values (a city's
    page lists hundreds of people): its name, its page, and what follows the link."""

    name: str
    url: str
    note: str | None = None


# a city's lists, each compiled once: `city` is the city's key
CITY_LISTS = {
    "meetings_held": Prepared(lambda city: short_meeting_list().held_in(city)),
    "organisations": Prepared(
        lambda city: models.Organisation.objects.tied_to_city(city).values_list(
            "slug", "name", "country__name"
        )
    ),
    "people": Prepared(
        lambda city: models.Person.objects.tied_to_city(city).values_list("slug", "name")
    ),
}


def city_page(city):
    """A city's meetings held there, the organisations and people tied to it, and the
    outcomes that concern it."""
    organisation_url = url_maker("tracker:organisation-detail")
    person_url = url_maker("tracker:person-detail")
    organisations = CITY_LISTS["organisations"](city=city.pk)
    people = CITY_LISTS["people"](city=city.pk)
    return {
        "outcomes": outcomes_concerning(city),
        "meetings_held": CITY_LISTS["meetings_held"](city=city.pk),
        "organisations": [
            Link(name, organisation_url(slug), country) for slug, name, country in organisations
        ],
        "people": [Link(name, person_url(slug)) for slug, name in people],
    }


# --- A country -----------------------------------------------------------------


def countries_for_page():
    """Countries as `country_page()` reads them: with how many cities,
    organisations, people and delegations each has (counted in the country's
    own query), and its names, partnerships and citations."""
    count_of = models.count_of
    return models.Country.objects.for_page().annotate(
        city_total=count_of(models.City, "country"),
        organisation_total=count_of(models.Organisation, "country"),
        person_total=count_of(models.Person, "country"),
        delegation_total=count_of(models.Participation, "country"),
        representation_total=count_of(models.Participation, "behalf_country"),
    )


# the long lists of a country's page, in the order it shows them
COUNTRY_LISTS = (
    "cities",
    "organisations",
    "people",
    "delegations",
    "represented_at",
    "meetings",
    "projects",
)


# a country's excerpts, each compiled once: `country` is the country's key
COUNTRY_EXCERPTS = {
    "meetings": Prepared(
        lambda shown, country: with_count(short_meeting_list().in_country(country), shown)
    ),
    "projects": Prepared(
        lambda shown, country: with_count(
            models.Project.objects.for_short_list().in_country(country),
            shown,
            parts=models.Project.objects.in_country_parts(country),
        )
    ),
    "cities": Prepared(
        lambda shown, country, day: models.City.objects.for_excerpt(day).filter(country=country)[
            :shown
        ]
    ),
    "organisations": Prepared(
        lambda shown, country: models.Organisation.objects.for_excerpt().filter(country=country)[
            :shown
        ]
    ),
    "people": Prepared(
        lambda shown, country: models.Person.objects.for_excerpt().filter(country=country)[:shown]
    ),
}


# a country's latest participations (as a delegation, or on its behalf), in two
# queries, each compiled once: the keys of the latest participations whose `field`
# is `key` first, so that nothing is joined to the thousands of others (as a
# subquery, the planner joins first); then those rows as `reads` (a method of the
# participations' queryset) reads them, from `shown` key slots (an empty one is a
# NULL, which no key equals)
LATEST_FIRST = ("-meeting__start_date", "pk")
LATEST_KEYS = Prepared(
    lambda shown, field, key: (
        models.Participation.objects.filter(**{field: key})
        .order_by(*LATEST_FIRST)
        .values_list("pk", flat=True)[:shown]
    )
)
LATEST_ROWS = Prepared(
    lambda reads, shown, **keys: (
        getattr(models.Participation.objects, reads)()
        .filter(pk__in=[keys[f"key{index}"] for index in range(shown)])
        .select_related("meeting")
        .order_by(*LATEST_FIRST)
    )
)


def latest_taking_part(reads, shown, field, key):
    """At most `shown` participations whose `field` is `key`, the latest meeting
    first, with their meetings, as `reads` reads them."""
    chosen = list(LATEST_KEYS(shown, field, key=key))
    if not chosen:
        return []
    keys = chosen + [None] * (shown - len(chosen))
    return LATEST_ROWS(reads, shown, **{f"key{index}": pk for index, pk in enumerate(keys)})


def country_page(country, shown=LATEST_SHOWN):
    """What a country's page and its API detail show: of each of its lists, the
    first `shown` rows, how many there are, and the list of them all.

    `country` comes from `countries_for_page()`.
    """
    code = country.code.lower()
    first = {
        name: prepared(shown, country=country.pk)
        for name, prepared in COUNTRY_EXCERPTS.items()
        if name != "cities"
    }
    meetings, meeting_total = with_total(first["meetings"])
    projects, project_total = with_total(first["projects"])
    cities = list(COUNTRY_EXCERPTS["cities"](shown, country=country.pk, day=timezone.localdate()))
    for city in cities:
        city.country = country  # for the map, which names each city's country
    return {
        "cities": excerpt(cities, country.city_total, "city-list", country=code),
        "organisations": excerpt(
            first["organisations"],
            country.organisation_total,
            "organisation-list",
            country=code,
        ),
        "people": excerpt(first["people"], country.person_total, "person-list", country=code),
        "delegations": excerpt(
            latest_taking_part("for_excerpt", shown, "country", country.pk),
            country.delegation_total,
            "meeting-list",
            participant=code,
        ),
        "represented_at": excerpt(
            latest_taking_part("for_representations", shown, "behalf_country", country.pk),
            country.representation_total,
            "meeting-list",
            participant=code,
        ),
        "meetings": excerpt(meetings, meeting_total, "meeting-list", host_country=code),
        "projects": excerpt(projects, project_total, "project-list", country=code),
    }


# --- A place -------------------------------------------------------------------


def place_page(place, shown=LATEST_SHOWN):
    """A place (from `for_detail()`): its parents, and the latest meetings held there
    or anywhere within it, with how many and the list of them all."""
    meetings, total = counted(meeting_list().at_place(place), shown)
    return {
        "parents": place.ancestors,
        "meetings": excerpt(meetings, total, "meeting-list", place=place.slug),
    }


# --- An organisation ----------------------------------------------------------


# an organisation's lists, each compiled once: `organisation` is its key
ORGANISATION_LISTS = {
    **{
        name: Prepared(
            lambda organisation, name=name: models.Organisation.objects.page_lists(organisation)[
                name
            ]
        )
        for name in ("participations", "projects", "hosted")
    },
    "through_people": Prepared(
        lambda organisation: models.Organisation.objects.taking_part_through_people(organisation)
    ),
    # their meetings, by the keys of their rows (not a list of keys, compiled each time)
    "through_meetings": Prepared(
        lambda organisation: models.Meeting.objects.filter(
            in_keys(
                "pk",
                models.Organisation.objects.through_people(organisation).values("meeting"),
            )
        ).dated_values()
    ),
}


def organisation_page(organisation):
    """The meetings it hosted and took part in, its projects (as plain rows:
    `Organisation.objects.page_lists()`), the meetings its people took part in for
    it, besides its own participations (`through_people`: the latest meeting first,
    each row (meeting, as `dated_refs()` gives it, role, person's slug and name,
    post's role)), and the outcomes that concern it."""
    lists = ORGANISATION_LISTS
    rows = list(lists["through_people"](organisation=organisation.pk))
    meetings = dated_refs(lists["through_meetings"](organisation=organisation.pk)) if rows else {}
    through_people = [
        (meetings[meeting], role, slug, name, post_role)
        for _, role, meeting, slug, name, post_role in rows
    ]
    # the latest meeting first (a stable sort: rows come in key order)
    through_people.sort(key=lambda row: row[0][2], reverse=True)
    return {
        "outcomes": outcomes_concerning(organisation),
        "through_people": through_people,
        **{
            name: list(lists[name](organisation=organisation.pk))
            for name in ("participations", "projects", "hosted")
        },
    }


def by_meeting(delegations, represented_at):
    """The meetings a country took part in, each once, latest first, with how it took
    part: [(meeting, [delegations], [people representing it])]."""
    meetings = {}
    for index, rows in enumerate((delegations["rows"], represented_at["rows"])):
        for participation in rows:
            entry = meetings.setdefault(participation.meeting_id, (participation.meeting, [], []))
            entry[index + 1].append(participation)
    return sorted(meetings.values(), key=lambda entry: (entry[0].start_date, entry[0].pk))[::-1]


def with_citations(rows):
    """`rows` (already fetched), each given its citations with their sources, in one query."""
    rows = list(rows)
    prefetch_related_objects(
        rows, Prefetch("citations", queryset=models.Citation.objects.for_record())
    )
    return rows


# --- A project -----------------------------------------------------------------


def project_page(project):
    """A project (from `for_detail()`): the outcomes of meetings that concern it, and the
    citations of its organisations' roles and of the agenda items that discussed it,
    for their footnotes."""
    with_citations(project.organisation_roles.all())
    with_citations(project.agenda_items.all())
    return {"outcomes": outcomes_concerning(project)}


# --- A person ------------------------------------------------------------------


def person_page(person):
    """A person (from `for_detail()`): the citations of their posts, for their footnotes."""
    with_citations(person.posts.all())
    return {}


# --- A meeting -----------------------------------------------------------------

ROLE_HEADINGS = {
    models.ParticipantRole.HOST: "Host",
    models.ParticipantRole.CHAIR: "Chair",
    models.ParticipantRole.SPEAKER: "Speakers",
    models.ParticipantRole.DELEGATE: "Delegates",
    models.ParticipantRole.REPRESENTATIVE: "Representatives",
    models.ParticipantRole.PARTNER: "Partners",
    models.ParticipantRole.OBSERVER: "Observers",
}


def by_role(participations):
    """Participations grouped under their role, in the roles' order: host, chair,
    speakers... with the note the whole group shares, shown once, if it shares one."""
    groups = {role: [] for role in models.ParticipantRole.values}
    for participation in participations:
        groups[participation.role].append(participation)
    return [
        (ROLE_HEADINGS[role], group, shared_note(group)) for role, group in groups.items() if group
    ]


def shared_note(group):
    notes = {participation.note for participation in group}
    return notes.pop() if len(group) > 1 and len(notes) == 1 else ""


def meeting_facts(meeting, citations):
    """The facts of a meeting's page, each with the citations that back it: the
    meeting itself, then its outcomes, agenda, participants and statements."""
    cited = {}
    for citation in citations:
        for name in ("meeting", "outcome", "agenda_item", "participation", "statement"):
            row_id = getattr(citation, f"{name}_id")
            if row_id:
                cited.setdefault((name, row_id), []).append(citation)
    facts = [Fact("record", "the meeting", cited.get(("meeting", meeting.pk), []))]
    rows = [
        ("outcome", meeting.outcomes.all(), lambda o: f"outcome: {o.get_kind_display()}"),
        ("agenda_item", meeting.agenda_items.all(), lambda a: f"agenda item “{a.title}”"),
        ("participation", meeting.participations.all(), lambda p: f"{p.participant} taking part"),
        ("statement", meeting.statements.all(), lambda s: f"statement by {s.speaker}"),
    ]
    for name, loaded, label in rows:
        anchor = name.replace("_item", "")
        for row in loaded:
            facts.append(Fact(f"{anchor}-{row.key}", label(row), cited.get((name, row.pk), [])))
    return facts


# the citations of a meeting's page, compiled once: `meeting` is the meeting's key
MEETING_CITATIONS = Prepared(lambda meeting: models.Citation.objects.about_meeting(meeting))


def meeting_page(meeting):
    """A meeting (from `for_detail()`): its participants by role, and the
    footnotes of every fact on its page."""
    citations = MEETING_CITATIONS(meeting=meeting.pk)
    return {
        "participant_groups": by_role(meeting.participations.all()),
        "notes": footnotes(meeting_facts(meeting, citations)),
        "in_calendar": meeting.date_precision == models.DatePrecision.DAY,
    }
