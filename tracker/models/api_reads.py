"""What the API's answers read: of each row, only the columns its serializer shows.

The pages and the API share `for_list()` and `for_detail()`; where the API shows
less of a row than they read (a joined row's timestamps, a citation's keys to
every other kind of record), it reads through the methods here. Fewer columns
are fewer to compile into each query and to convert and set on each row: a
query's ORDER BY is matched against every selected column as it is compiled.
Every column a serializer reads is here, or a row would be read again for it.
"""

from django.db.models import F, Prefetch, Q

from . import shown

# What a source's brief shows (SourceBriefSerializer)
SOURCE_BRIEF = ("title", "slug", "publisher", "url", "published_on", "published_precision")


# What a citation shows (CitationSerializer): the excerpt, its kind and note, the source
CITATION_BRIEF = ("excerpt", "excerpt_kind", "note", *(f"source__{f}" for f in SOURCE_BRIEF))


def place_summaries():
    """Places as a meeting's `place` embeds them (PlaceSerializer)."""
    from .places import Place

    return Place.objects.select_related("parent__parent", "country", "city").only(
        *shown.PLACE_SUMMARY
    )


class MeetingApiReads:
    """For MeetingQuerySet: the meetings' list and detail, as the API shows them."""

    def for_api_list(self):
        """`for_list()` as the API's list shows it: each meeting's own columns, the
        name and slug of its series, host and chair (not the host's country), and its
        place with only what the place's summary shows."""
        from .base import count_of
        from .meetings import Meeting, Participation

        return (
            self.select_related("series", "host", "chair")
            .only(*shown.own_and(Meeting, *shown.linked("series", "host", "chair")))
            .prefetch_related(Prefetch("place", queryset=place_summaries()))
            .annotate(participant_count=count_of(Participation, "meeting"))
            .order_by("-start_date", "title", "pk")
        )

    def for_api_detail(self):
        """`for_detail().with_row_citations()` as the API's detail shows it, but for
        the citations, which `cite_meeting()` reads."""
        from .meetings import AgendaItem, Meeting, Participation
        from .outcomes import Outcome
        from .people import Post
        from .statements import Statement

        of_meeting = (
            *shown.linked("series", "host", "chair"),
            *shown.linked("parent", name="title"),
        )
        return (
            self.select_related("series", "host", "chair", "parent")
            .only(*shown.own_and(Meeting, *of_meeting))
            .prefetch_related(
                Prefetch("place", queryset=place_summaries()),
                Prefetch(
                    "children",
                    queryset=Meeting.objects.only("title", "slug", "parent").order_by(
                        "start_date", "pk"
                    ),
                ),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.for_meeting().only(*PARTICIPANT_ROW),
                ),
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("project")
                    .only(*AGENDA_ROW)
                    .order_by("order", "pk"),
                ),
                Prefetch(
                    "statements",
                    queryset=Statement.objects.select_related(
                        "speaker_person", "speaker_organisation", "agenda_item"
                    )
                    .only(*STATEMENT_ROW)
                    .prefetch_related(
                        Prefetch("post", queryset=Post.objects.for_mention()),
                        Prefetch("source", queryset=sources_brief()),
                    )
                    .order_by(F("made_on").asc(nulls_last=True), "pk"),
                ),
                Prefetch("outcomes", queryset=Outcome.objects.for_meeting().only(*OUTCOME_ROW)),
            )
        )


class StatementApiReads:
    """For StatementQuerySet: the statements' list, as the API shows it."""

    def for_api_list(self):
        """`for_list()` as the API's list shows it: each statement's own columns and
        what its links show of its meeting, speaker, agenda item, post and source."""
        from .people import Post
        from .sources import Source
        from .statements import Statement

        return (
            self.select_related("speaker_person", "speaker_organisation", "agenda_item", "meeting")
            .only(
                *shown.own_and(
                    Statement, *shown.OF_STATEMENT, *shown.linked("meeting", name="title")
                )
            )
            .prefetch_related(
                Prefetch("post", queryset=Post.objects.only("key", "role")),
                Prefetch("source", queryset=Source.objects.only("title", "slug")),
            )
            .order_by(F("made_on").asc(nulls_last=True), "pk")
        )


class ProjectApiReads:
    """For ProjectQuerySet: the projects' list, as the API shows it."""

    def for_api_list(self):
        """`for_list()` as the API's list shows it: each project's own columns, and the
        name and slug of its city (not the city's country) and the code and name of
        each country it concerns."""
        from .places import Country
        from .projects import Project

        countries = Country.objects.only(*shown.COUNTRY).order_by("name")
        return (
            self.select_related("city")
            .only(*shown.own_and(Project, *shown.linked("city")))
            .prefetch_related(Prefetch("countries", queryset=countries))
            .order_by("title", "pk")
        )


class PersonApiReads:
    """For PersonQuerySet: a person's detail, as the API shows it."""

    def for_api_detail(self):
        """`for_detail()`, reading of the person's statements, chaired meetings and
        citations only what the API's detail shows of them."""
        from .meetings import Meeting
        from .statements import Statement

        statements = (
            Statement.objects.select_related("meeting", "post__organisation", "source")
            .only(*PERSON_STATEMENT_ROW)
            .order_by(F("made_on").desc(nulls_last=True), "pk")
        )
        chaired = Meeting.objects.only("title", "slug", "chair").order_by("-start_date", "pk")
        return replacing(
            self.for_detail(),
            Prefetch("statements", queryset=statements),
            Prefetch("chaired_meetings", queryset=chaired),
            Prefetch("citations", queryset=citations_of("person")),
        )


class CityApiReads:
    """For CityQuerySet: a city's detail, as the API shows it."""

    def for_api_detail(self):
        """`for_detail()`, reading of the citations of the city and of its membership
        changes, and of its names, only what the API's detail shows of them."""
        from .names import PlaceName
        from .network import CityMembership

        memberships = (
            CityMembership.objects.select_related("decided_by")
            .only(*shown.own_and(CityMembership, *shown.linked("decided_by")))
            .prefetch_related(Prefetch("citations", queryset=citations_of("membership")))
            .order_by("date", "pk")
        )
        names = PlaceName.objects.for_record().only(
            "name", "language", "script", "city", *shown.linked("source", name="title")
        )
        return replacing(
            self.for_detail(),
            Prefetch("memberships", queryset=memberships),
            Prefetch("citations", queryset=citations_of("city")),
            Prefetch("names", queryset=names),
        )


def replacing(queryset, *lookups):
    """`queryset` with each of the Prefetch `lookups` in place of its own lookup of the
    same related rows (the others left as they are, in their order)."""
    new = {lookup.prefetch_to: lookup for lookup in lookups}
    kept = [
        new.pop(getattr(lookup, "prefetch_to", lookup), lookup)
        for lookup in queryset._prefetch_related_lookups
    ]
    assert not new, f"no lookup of {', '.join(new)} to replace"
    return queryset.prefetch_related(None).prefetch_related(*kept)


def citations_of(record_field):
    """The citations of the rows `record_field` names (a foreign key of Citation)."""
    from .sources import Citation

    return Citation.objects.for_record().only(*CITATION_BRIEF, record_field)


def cite_meeting(meeting):
    """Set the citations of a meeting from `for_api_detail()` and of each of its
    outcomes, participants, agenda items and statements, read in one query by the
    keys of the rows already read, rather than a query for each kind of row."""
    from .sources import Citation

    rows = {
        "meeting": [meeting],
        "outcome": meeting.outcomes.all(),
        "participation": meeting.participations.all(),
        "agenda_item": meeting.agenda_items.all(),
        "statement": meeting.statements.all(),
    }
    about = Q()
    for kind, loaded in rows.items():
        if keys := [row.pk for row in loaded]:
            about |= Q(**{f"{kind}__in": keys})
    cited = {}
    for citation in Citation.objects.for_record().only(*CITATION_BRIEF, *rows).filter(about):
        for kind in rows:
            row = getattr(citation, f"{kind}_id")
            if row is not None:
                cited.setdefault((kind, row), []).append(citation)
    citations = Citation.objects.all()
    for kind, loaded in rows.items():
        for row in loaded:
            prefetched(row, "citations", citations, cited.get((kind, row.pk), []))


def prefetched(row, name, queryset, related):
    """Give `row` the rows `related` (of `queryset`'s model) as its `name`, a reverse
    foreign key, as `prefetch_related()` does: `row.<name>.all()` is then these rows."""
    rows = queryset.all()
    rows._result_cache = related
    rows._prefetch_done = True
    row.__dict__.setdefault("_prefetched_objects_cache", {})[name] = rows


def sources_brief():
    """Sources as a statement embeds them (SourceBriefSerializer)."""
    from .sources import Source

    return Source.objects.only(*SOURCE_BRIEF)


# A meeting's participant (ParticipantSerializer): who, in which role, on whose behalf
PARTICIPANT_ROW = (
    "key",
    "meeting",
    "role",
    "attendance",
    "post",
    "note",
    *shown.OF_PARTICIPATION,
)
# An agenda item (AgendaItemSerializer)
AGENDA_ROW = (
    "key",
    "meeting",
    "order",
    "title",
    "description",
    *shown.linked("project", name="title"),
)
# A meeting's statement (MeetingStatementSerializer)
STATEMENT_ROW = (
    "key",
    "meeting",
    "post",
    "source",
    "kind",
    "text",
    "language",
    "made_on",
    "made_precision",
    *shown.OF_STATEMENT,
)
# A person's statement (StatementBriefSerializer): the person is its speaker
PERSON_STATEMENT_ROW = (
    "key",
    "speaker_person",
    "speaker_organisation",
    "kind",
    "text",
    "language",
    "made_on",
    "made_precision",
    *shown.linked("meeting", name="title"),
    *("post__key", "post__role", *shown.linked("post__organisation")),
    *(f"source__{field}" for field in SOURCE_BRIEF),
)
# A meeting's outcome (OutcomeSerializer)
OUTCOME_ROW = (
    "key",
    "meeting",
    "kind",
    "order",
    "description",
    "document",
    *shown.linked("city", "organisation"),
    *shown.linked("project", name="title"),
    *(f"country__{field}" for field in shown.COUNTRY),
)
