"""Meetings, their series, participants, agenda items and statements."""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..urlcache import page_url
from . import shown
from .api_reads import MeetingApiReads
from .base import (
    PRECISION_MESSAGE,
    DatePrecision,
    Keyed,
    KeyManager,
    SlugManager,
    Tracked,
    apply_input_limits,
    check,
    count_of,
    dates_within_limits,
    exactly_one,
    format_range,
    in_choices,
    in_keys,
    once_per_meeting_and_role,
    precision_field,
    unique,
)
from .excerpts import MeetingExcerpts, ParticipationExcerpts
from .people import Organisation, Person, Post
from .places import City, Country, Place


class MeetingSeries(Tracked):
    name = models.CharField(max_length=200, unique=True, help_text="The name, as sources spell it.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="series"
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class MeetingKind(models.TextChoices):
    ANNUAL = "annual", "annual meeting"
    PREPARATORY = "preparatory", "preparatory meeting"
    WORKSHOP = "workshop", "workshop"
    ROUNDTABLE = "roundtable", "roundtable"
    CONFERENCE = "conference", "conference"
    HIGH_LEVEL = "high_level", "partner high-level meeting"
    MINISTERIAL = "ministerial", "ministerial meeting"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    CANCELLED = "cancelled", "cancelled"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "in person"
    ONLINE = "online", "online"
    HYBRID = "hybrid", "hybrid"


# what a short list of meetings shows of each (templates/tracker/includes/_meeting_list.html)
SHORT_LIST_FIELDS = (
    "title",
    "slug",
    "mode",
    "status",
    "start_date",
    "end_date",
    "date_precision",
    "place",
)


class MeetingQuerySet(MeetingExcerpts, MeetingApiReads, models.QuerySet):
    def with_place(self):
        """Each meeting's place with its parents, country and city, read in a query
        of its own: joined into the meetings' query, those six joins cost the
        planner more than the query costs to run (bench/README.md)."""
        from .places import Place

        place = Place.objects.select_related("parent__parent", "country", "city")
        return self.prefetch_related(Prefetch("place", queryset=place))

    def for_list(self):
        return (
            self.select_related("series", "host__country", "chair")
            .with_place()
            .annotate(participant_count=count_of(Participation, "meeting"))
            .order_by("-start_date", "title", "pk")
        )

    def with_place_names(self):
        """Each meeting's place with the names of the places it lies in (what its
        name shows: "Venue, City, Region"), read in a query of its own."""
        from .places import Place

        place = Place.objects.select_related("parent__parent").only(
            "name",
            "parent",
            "parent__name",
            "parent__parent",
            "parent__parent__name",
            "parent__parent__parent",
        )
        return self.prefetch_related(Prefetch("place", queryset=place))

    def for_short_list(self):
        """Meetings as a page's short list of them shows them (linked, dated, placed,
        with their mode and status): only those columns, latest first."""
        return (
            self.only(*SHORT_LIST_FIELDS).with_place_names().order_by("-start_date", "title", "pk")
        )

    def for_list_table(self):
        """`for_list()` as the list page shows it: only the columns of its table (the
        date, title, kind, mode, status, place, host and participants) and the names
        of each place and the two places it lies in, joined to the page's query (less
        of the ORM's work than a query of their own), not every column of every row."""
        return (
            self.select_related("host", "place__parent__parent")
            .only(
                *SHORT_LIST_FIELDS,
                "kind",
                "host__name",
                "host__slug",
                "place__name",
                "place__parent__name",
                "place__parent__parent__name",
                "place__parent__parent__parent",
            )
            .annotate(participant_count=count_of(Participation, "meeting"))
            .order_by("-start_date", "title", "pk")
        )

    def for_page(self):
        """A meeting as its page reads it: its rows, without the citations of the
        meeting and of its outcomes, which the page reads with those of every other
        row in one query (`Citation.objects.about_meeting`)."""
        from .outcomes import Outcome
        from .statements import Statement

        children = Meeting.objects.only(*SHORT_LIST_FIELDS, "kind", "parent")
        return (
            self.select_related("series", "host__country", "chair", "parent")
            .only(*shown.own_and(Meeting, *shown.OF_MEETING))
            .with_place()
            .prefetch_related(
                Prefetch("children", queryset=children.order_by("start_date", "pk")),
                Prefetch("participations", queryset=Participation.objects.for_meeting()),
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("project").order_by("order", "pk"),
                ),
                Prefetch(
                    "statements",
                    queryset=Statement.objects.for_meeting().only(
                        *shown.own_and(Statement, *shown.OF_STATEMENT)
                    ),
                ),
                Prefetch("outcomes", queryset=Outcome.objects.for_meeting()),
            )
        )

    def for_detail(self):
        """`for_page()`, with the citations of the meeting and of each outcome."""
        from .sources import Citation

        return self.for_page().prefetch_related(
            Prefetch("outcomes__citations", queryset=Citation.objects.for_record()),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def with_row_citations(self):
        """For `for_detail()`: the citations of each participation, agenda item and
        statement, read in a query per kind (the API embeds them in their rows; the
        page reads them all at once as footnotes, `Citation.objects.about_meeting`)."""
        from .sources import Citation

        return self.prefetch_related(
            *(
                Prefetch(f"{rows}__citations", queryset=Citation.objects.for_record())
                for rows in ("participations", "agenda_items", "statements")
            )
        )

    def upcoming(self, day=None):
        day = day or timezone.localdate()
        return self.filter(start_date__gte=day, status=MeetingStatus.SCHEDULED)

    def next_up(self, day=None):
        """Scheduled meetings from `day` on, soonest first."""
        return self.upcoming(day).order_by("start_date", "title", "pk")

    def latest_held(self, day=None):
        """Meetings held on or before `day`, latest first."""
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day, status=MeetingStatus.HELD).order_by(
            "-start_date", "title", "pk"
        )

    def held_in(self, city):
        """Meetings whose place is the city or lies within it."""
        return self.filter(
            Q(place__city=city) | Q(place__parent__city=city) | Q(place__parent__parent__city=city)
        )

    def at_place(self, place):
        """Meetings whose place is `place` or lies within it (places sit three deep)."""
        return self.filter(Q(place=place) | Q(place__parent=place) | Q(place__parent__parent=place))

    def in_country(self, country):
        """Meetings held in the country or hosted by one of its organisations."""
        # the keys of each first: index scans, not two joins checked for every meeting
        return self.filter(
            in_keys("place", Place.objects.filter(country=country))
            | in_keys("host", Organisation.objects.filter(country=country))
        )

    def for_calendar(self):
        """Meetings whose day is known: a calendar entry on a guessed day would mislead."""
        return (
            self.filter(date_precision=DatePrecision.DAY)
            .select_related("place__parent__parent", "host")
            .order_by("start_date", "title", "pk")
        )


class Meeting(Tracked):
    title = models.CharField(max_length=300, help_text="The title.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="The series the meeting belongs to.",
    )
    ordinal = models.PositiveIntegerField(
        null=True, blank=True, help_text="Its number in the series: 6 for the sixth."
    )
    kind = models.CharField(
        max_length=20, choices=MeetingKind.choices, help_text="What kind of record this is."
    )
    status = models.CharField(
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.HELD,
        help_text="The status.",
    )
    start_date = models.DateField(
        help_text="The first day (the first day of its period at a coarser precision)."
    )
    end_date = models.DateField(null=True, blank=True, help_text="The last day, if known.")
    date_precision = precision_field(
        help_text="How precisely the source gives the date: year, month or day."
    )
    mode = models.CharField(
        max_length=20,
        choices=MeetingMode.choices,
        blank=True,
        help_text="In person, online or hybrid.",
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="Where it took place.",
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        help_text="The host organisation.",
    )
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        help_text="The person who chaired it.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The meeting this one prepared or was part of.",
    )
    summary = models.TextField(blank=True, help_text="A short summary.")

    objects = SlugManager.from_queryset(MeetingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        constraints = [
            *dates_within_limits("meeting", "start_date", "end_date"),
            check(
                Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                "meeting_start_before_end",
                "A meeting cannot end before it starts.",
                "end_date",
            ),
            check(
                in_choices("kind", MeetingKind),
                "meeting_kind_valid",
                "Choose a kind of meeting from the list.",
                "kind",
            ),
            check(
                in_choices("status", MeetingStatus),
                "meeting_status_valid",
                "Choose a meeting status from the list.",
                "status",
            ),
            check(
                in_choices("mode", MeetingMode, blank=True),
                "meeting_mode_valid",
                "Choose a mode from the list, or leave it empty.",
                "mode",
            ),
            check(
                in_choices("date_precision", DatePrecision),
                "meeting_precision_valid",
                PRECISION_MESSAGE,
                "date_precision",
            ),
            check(
                Q(ordinal__isnull=True) | Q(series__isnull=False),
                "meeting_ordinal_needs_series",
                "A meeting with a number needs a series.",
                "ordinal",
            ),
            check(
                ~Q(parent=F("pk")),
                "meeting_not_own_parent",
                "A meeting cannot be part of itself.",
                "parent",
            ),
            unique(
                ["series", "ordinal"],
                "meeting_unique_ordinal_in_series",
                "A meeting with this series and number already exists.",
                "ordinal",
            ),
        ]
        indexes = [
            models.Index(fields=["start_date"], name="meeting_start_idx"),
            models.Index(fields=["-start_date", "title", "id"], name="meeting_list_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("tracker:meeting-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def date_display(self):
        return format_range(self.start_date, self.end_date, self.date_precision)


class ParticipantRole(models.TextChoices):
    HOST = "host", "host"
    CHAIR = "chair", "chair"
    SPEAKER = "speaker", "speaker"
    DELEGATE = "delegate", "delegate"
    REPRESENTATIVE = "representative", "representative"
    PARTNER = "partner", "partner"
    OBSERVER = "observer", "observer"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "in person"
    ONLINE = "online", "online"
    PRE_RECORDED = "pre_recorded", "pre-recorded remarks"


PARTICIPANT_FIELDS = ("person", "organisation", "country", "city")
ONE_PARTICIPANT_MESSAGE = (
    "A participation names exactly one participant: a person, an organisation, "
    "a country delegation or a city delegation."
)


class ParticipationQuerySet(ParticipationExcerpts, models.QuerySet):
    def for_meeting(self):
        # the post and its organisation in a query of their own: two joins fewer
        # halve the planning of a query that runs in 1 ms (bench/README.md)
        from .people import Post

        return (
            self.select_related(*PARTICIPANT_FIELDS, "behalf_country", "behalf_organisation")
            .only(*shown.own_and(Participation, *shown.OF_PARTICIPATION))
            .prefetch_related(Prefetch("post", queryset=Post.objects.for_mention()))
            .order_by("role", "pk")
        )


class Participation(Keyed):
    """One participant of a meeting: a person, an organisation, or a delegation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participations", help_text="The meeting."
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The person.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The organisation.",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text="A country's delegation.",
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text="A city's delegation.",
    )
    role = models.CharField(max_length=20, choices=ParticipantRole.choices, help_text="The role.")
    behalf_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_at",
        verbose_name="on behalf of country",
    )
    behalf_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_at",
        verbose_name="on behalf of organisation",
    )
    attendance = models.CharField(
        max_length=20, choices=AttendanceMode.choices, blank=True, help_text="Empty if unknown."
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The post the person held at the time.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the record.")

    objects = KeyManager.from_queryset(ParticipationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "pk"]
        constraints = [
            check(
                exactly_one(*PARTICIPANT_FIELDS),
                "participation_exactly_one_participant",
                ONE_PARTICIPANT_MESSAGE,
            ),
            check(
                in_choices("role", ParticipantRole),
                "participation_role_valid",
                "Choose a role from the list.",
                "role",
            ),
            check(
                in_choices("attendance", AttendanceMode, blank=True),
                "participation_attendance_valid",
                "Choose how the participant took part from the list, or leave it empty.",
                "attendance",
            ),
            *once_per_meeting_and_role(*PARTICIPANT_FIELDS),
        ]
        indexes = [
            # the meetings an organisation took part in, itself or through its
            # people (`MeetingsTakenPartIn`): read from these indexes alone
            models.Index(fields=["organisation", "meeting"], name="participation_org_meeting"),
            models.Index(
                fields=["behalf_organisation", "meeting"], name="participation_behalf_meeting"
            ),
            models.Index(fields=["post", "meeting"], name="participation_post_meeting"),
        ]

    def __str__(self):
        return (
            f"{self.participant} ({self.get_role_display()}) at {self.meeting_id and self.meeting}"
        )

    @property
    def participant(self):
        for name in PARTICIPANT_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def participant_kind(self):
        for name in PARTICIPANT_FIELDS:
            if getattr(self, f"{name}_id"):
                return name
        return ""

    @property
    def behalf(self):
        return self.behalf_country or self.behalf_organisation


class AgendaItem(Keyed):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", help_text="The meeting."
    )
    order = models.PositiveIntegerField(help_text="The position on the agenda.")
    title = models.CharField(max_length=300, help_text="The title.")
    description = models.TextField(blank=True, help_text="A description.")
    project = models.ForeignKey(
        "Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="The project.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            unique(
                ["meeting", "order"],
                "agenda_item_unique_order",
                "This meeting already has an agenda item with this number.",
                "order",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


for _model in (MeetingSeries, Meeting, Participation, AgendaItem):
    apply_input_limits(_model)
