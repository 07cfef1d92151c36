"""The ASCN Tracker's domain model.

Records with a public identity (countries, cities, places, organisations,
people, meetings, projects, sources) are addressed by a slug or an ISO code,
which is also their natural key. Dependent rows (posts, participations,
agenda items, statements, memberships, partnerships, citations...) carry a
`key`: a stable identifier that fixtures spell out and new rows get at
random, so that fixtures load idempotently.
"""

import datetime
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from .tokens import ApiToken  # noqa: F401  (API tokens have their own module)


def count_of(model, field, **conditions):
    """How many `model` rows point at each row, as a correlated subquery.

    Evaluated only for the rows a page shows (after its LIMIT), where a
    `Count` over a join would group every row of both tables first; a
    pagination count leaves it out altogether.
    """
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **conditions)
        .order_by()
        .values(field)
        .annotate(n=Count("*"))  # COUNT(*): the foreign key's index alone answers it
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class DatePrecision(models.TextChoices):
    YEAR = "year", "year"
    MONTH = "month", "month"
    DAY = "day", "day"


def format_date(value, precision=DatePrecision.DAY):
    """Show a date no more precisely than its source gives it."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def truncate_date(value, precision):
    """The first day of the period a date stands for at its precision."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def new_key():
    return uuid.uuid4().hex


def precision_field(**kwargs):
    return models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, **kwargs
    )


def in_choices(field, choices_cls, blank=False):
    """A CheckConstraint condition that `field` holds one of the enum's values."""
    values = list(choices_cls.values) + ([""] if blank else [])
    return Q(**{f"{field}__in": values})


def exactly_one(*fields):
    """A CheckConstraint condition: exactly one of the nullable FKs is set."""
    options = []
    for chosen in fields:
        condition = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                condition &= Q(**{f"{other}__isnull": True})
        options.append(condition)
    result = options[0]
    for option in options[1:]:
        result |= option
    return result


# --- Input limits ---------------------------------------------------------------

# Dates the tracker can hold: wide enough for any record of the network, narrow
# enough that every page, feed and export can show and count them.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)
DATE_LIMITS_MESSAGE = f"Enter a date from {EARLIEST_DATE:%d %B %Y} to {LATEST_DATE:%d %B %Y}."

LINE_BREAKS = "\t\n\r"


def within_date_limits(value):
    """A DateField's validator: the date lies in EARLIEST_DATE..LATEST_DATE."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(DATE_LIMITS_MESSAGE, code="date_out_of_range")


def dates_within_limits(prefix, *fields):
    """A CheckConstraint per date field, saying what the field's validator says."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True})
            | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)}),
            name=f"{prefix}_{field}_within_limits",
            violation_error_message=DATE_LIMITS_MESSAGE,
        )
        for field in fields
    ]


def control_characters(value, allowed=""):
    """The control characters (and non-characters) in `value`, but those `allowed`."""
    return sorted(
        {
            char
            for char in value
            if char not in allowed
            and (unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff")
        }
    )


@deconstructible
class PlainText:
    """A text field's validator: no control characters; tab and line breaks only
    where the field holds several lines (`multiline`)."""

    def __init__(self, multiline=False):
        self.multiline = multiline

    def __call__(self, value):
        if not isinstance(value, str):
            return
        found = control_characters(value, LINE_BREAKS if self.multiline else "")
        if found:
            names = ", ".join(f"U+{ord(char):04X}" for char in found[:5])
            raise ValidationError(
                "Remove the control characters (%(names)s): "
                + (
                    "only text, tabs and line breaks are allowed here."
                    if self.multiline
                    else "only text on one line is allowed here."
                ),
                code="control_characters",
                params={"names": names},
            )

    def __eq__(self, other):
        return isinstance(other, PlainText) and self.multiline == other.multiline


def apply_input_limits(model):
    """Give every text field of `model` the PlainText validator and every date
    field the date limits, so the admin, the API and the forms all refuse the
    same input with the same words. Their database constraints are in each
    model's Meta (`dates_within_limits`)."""
    for field in model._meta.local_fields:
        if isinstance(field, models.TextField):
            extra = PlainText(multiline=True)
        elif isinstance(field, models.CharField):
            extra = PlainText()
        elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            extra = within_date_limits
        else:
            continue
        if extra not in field._validators:
            field._validators = [*field._validators, extra]
            field.__dict__.pop("validators", None)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class KeyManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was loaded."""

    def __init__(self, record):
        self.record = record
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} was changed by someone else "
            f"after version {record.version} was loaded."
        )


class Tracked(models.Model):
    """What every tracker record shares: a version for optimistic locking.

    Saving an existing record updates its row only if the row still holds
    the version this copy was loaded with, and raises the version by one in
    the same UPDATE. If someone else saved in between, nothing is written
    and `StaleRecordError` is raised: every write path (the admin, the API,
    a script) gets the check from the database, not from a form. Loading a
    fixture (a raw save) overwrites on purpose: it raises the version only
    if the fixture's copy differs from the row, so reloading changes nothing.
    """

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save; a stale version means someone else saved first.",
    )

    class Meta:
        abstract = True

    def _save_table(self, raw=False, *args, **kwargs):
        self._saving_raw = raw
        try:
            return super()._save_table(raw, *args, **kwargs)
        finally:
            del self._saving_raw

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        version = self._meta.get_field("version")
        values = [value for value in values if value[0] is not version]
        values.append((version, None, F("version") + 1))
        if getattr(self, "_saving_raw", False):
            return self._overwrite_if_different(base_qs.filter(pk=pk_val), values)
        loaded = self.version
        if base_qs.filter(pk=pk_val, version=loaded)._update(values) > 0:
            self.version = loaded + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self)
        # The row is gone: Django inserts it anew, as it does for any model.
        return False

    def _overwrite_if_different(self, row, values):
        """A fixture's copy replaces the row, raising its version only if it differs."""
        same = Q()
        for field, _model, value in values:
            if field.attname == "version":
                continue
            if value is None:
                same &= Q(**{f"{field.attname}__isnull": True})
            else:
                same &= Q(**{field.attname: value})
        if row.exclude(same)._update(values) > 0:
            self.version = row.values_list("version", flat=True).get()
            return True
        current = row.values_list("version", flat=True).first()
        if current is None:
            return False
        self.version = current
        return True


class Keyed(Tracked):
    key = models.SlugField(max_length=120, unique=True, default=new_key, editable=False)

    objects = KeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.key,)


# --- Sources -----------------------------------------------------------------


class SourceKind(models.TextChoices):
    NEWS_REPORT = "news_report", "news report"
    PRESS_RELEASE = "press_release", "press release"
    OFFICIAL_DOCUMENT = "official_document", "official document"


class SourceQuerySet(models.QuerySet):
    def for_list(self):
        return self.annotate(citation_count=count_of(Citation, "source")).order_by(
            "-published_on", "title", "pk"
        )

    def for_detail(self):
        """A source with the statements it reports and every record it backs."""
        return self.prefetch_related(
            Prefetch("statements", queryset=Statement.objects.for_list()),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related(*CITED_FIELDS).order_by("pk"),
            ),
        )


class Source(Tracked):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    publisher = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500)
    published_on = models.DateField(null=True, blank=True)
    published_precision = precision_field()
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    language = models.CharField(max_length=10, default="en")
    note = models.TextField(blank=True)

    objects = SlugManager.from_queryset(SourceQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title", "pk"]
        constraints = [
            *dates_within_limits("source", "published_on"),
            models.CheckConstraint(
                condition=in_choices("kind", SourceKind), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("published_precision", DatePrecision),
                name="source_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def natural_key(self):
        return (self.slug,)

    @property
    def published_display(self):
        return format_date(self.published_on, self.published_precision)


# --- Places ------------------------------------------------------------------


class CountryQuerySet(models.QuerySet):
    def for_list(self):
        return self.annotate(
            city_count=count_of(City, "country"),
            organisation_count=count_of(Organisation, "country"),
        ).order_by("name", "pk")

    def for_detail(self):
        return self.prefetch_related(
            Prefetch(
                "cities",
                queryset=City.objects.with_status_on(timezone.localdate()).order_by("name", "pk"),
            ),
            Prefetch(
                "organisations",
                queryset=Organisation.objects.select_related("parent").order_by("name", "pk"),
            ),
            Prefetch("people", queryset=Person.objects.order_by("sort_name", "pk")),
            Prefetch(
                "delegations",
                queryset=Participation.objects.select_related("meeting").order_by(
                    "-meeting__start_date", "pk"
                ),
            ),
            Prefetch(
                "represented_at",
                queryset=Participation.objects.for_meeting()
                .select_related("meeting")
                .order_by("-meeting__start_date", "pk"),
            ),
            *self.partnerships_and_citations(),
        )

    def for_page(self, shown):
        """What a country's page shows: at most `shown` of its cities, organisations and
        people, in `first_cities`, `first_organisations` and `first_people`; its
        delegations come from `Participation.objects.latest_of()`."""
        return self.prefetch_related(
            Prefetch(
                "cities",
                queryset=City.objects.with_status_on(timezone.localdate()).order_by("name", "pk")[
                    :shown
                ],
                to_attr="first_cities",
            ),
            Prefetch(
                "organisations",
                queryset=Organisation.objects.select_related("parent").order_by("name", "pk")[
                    :shown
                ],
                to_attr="first_organisations",
            ),
            Prefetch(
                "people",
                queryset=Person.objects.order_by("sort_name", "pk")[:shown],
                to_attr="first_people",
            ),
            *self.partnerships_and_citations(),
        )

    def partnerships_and_citations(self):
        return (
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.prefetch_related(
                    Prefetch("citations", Citation.objects.for_record())
                ).order_by("since", "pk"),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(Tracked):
    code = models.CharField(
        max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code, upper case."
    )
    name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    is_asean_member = models.BooleanField("ASEAN member", default=False)

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][A-Z]$"), name="country_code_iso_alpha2"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracker:country-detail", args=[self.code.lower()])

    def natural_key(self):
        return (self.code,)


class MembershipStatus(models.TextChoices):
    IDENTIFIED = "identified", "identified as a future participant"
    PILOT = "pilot", "pilot city"
    MEMBER = "member", "member"
    WITHDRAWN = "withdrawn", "withdrawn"


# Statuses that make a city part of the network, and those that change it.
# "Identified" records a claim about the future and changes nothing.
ACTIVE_STATUSES = (MembershipStatus.PILOT, MembershipStatus.MEMBER)
DECISIVE_STATUSES = (*ACTIVE_STATUSES, MembershipStatus.WITHDRAWN)


class CityQuerySet(models.QuerySet):
    def with_status_on(self, day):
        """Annotate `network_status`: the last decisive membership change on or before `day`."""
        latest = (
            CityMembership.objects.filter(
                city=OuterRef("pk"), status__in=DECISIVE_STATUSES, date__lte=day
            )
            .order_by("-date", "-pk")
            .values("status")[:1]
        )
        return self.annotate(network_status=Subquery(latest))

    def members_on(self, day):
        """Cities in the network on `day`: one query."""
        return self.with_status_on(day).filter(network_status__in=ACTIVE_STATUSES)

    def for_list(self):
        return (
            self.select_related("country")
            .with_status_on(timezone.localdate())
            .annotate(
                project_count=count_of(Project, "city"),
            )
            .order_by("name", "pk")
        )

    def for_detail(self):
        return (
            self.select_related("country")
            .with_status_on(timezone.localdate())
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=CityMembership.objects.select_related("decided_by")
                    .prefetch_related(Prefetch("citations", Citation.objects.for_record()))
                    .order_by("date", "pk"),
                ),
                Prefetch(
                    "projects",
                    queryset=Project.objects.select_related("city").order_by("title", "pk"),
                ),
                Prefetch(
                    "delegations",
                    queryset=Participation.objects.select_related(
                        "meeting", "behalf_country", "behalf_organisation"
                    ).order_by("-meeting__start_date", "pk"),
                ),
                Prefetch("citations", queryset=Citation.objects.for_record()),
            )
        )


class City(Tracked):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True, help_text="IANA name, if known.")

    objects = SlugManager.from_queryset(CityQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="city_unique_in_country"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]
        indexes = [models.Index(fields=["name", "id"], name="city_list_order_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracker:city-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class PlaceKind(models.TextChoices):
    REGION = "region", "province or region"
    LOCALITY = "locality", "locality"
    VENUE = "venue", "venue"


class Place(Tracked):
    """Where a meeting happens when that is not simply a network city.

    Bali is a province, not a city of the network, and the sixth annual
    meeting's venue was a hotel in Jimbaran there: both are places, each
    inside its parent, and a place may sit in a network city.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=PlaceKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="places")
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", PlaceKind), name="place_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="place_not_own_parent"),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.name}, {self.parent}"
        return self.name

    def natural_key(self):
        return (self.slug,)


# --- Organisations and people ------------------------------------------------


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", "ministry"
    DIRECTORATE = "directorate", "directorate"
    INTERGOVERNMENTAL = "intergovernmental", "intergovernmental body"
    UNIVERSITY = "university", "university"
    COMMITTEE = "committee", "committee"
    NETWORK = "network", "network"
    CITY_GOVERNMENT = "city_government", "city government"
    COMPANY = "company", "company"


class OrganisationQuerySet(models.QuerySet):
    def for_list(self):
        return (
            self.select_related("country", "parent")
            .annotate(
                post_count=count_of(Post, "organisation"),
                participation_count=count_of(Participation, "organisation"),
            )
            .order_by("name", "pk")
        )

    def for_detail(self):
        return self.select_related("country", "parent").prefetch_related(
            Prefetch("children", queryset=Organisation.objects.order_by("name", "pk")),
            Prefetch("composition", queryset=CompositionPart.objects.order_by("pk")),
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("person").order_by(
                    F("start_date").desc(nulls_last=True), "pk"
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "meeting", "behalf_country", "behalf_organisation"
                ).order_by("-meeting__start_date", "pk"),
            ),
            Prefetch(
                "project_roles",
                queryset=ProjectOrganisation.objects.select_related("project").order_by(
                    "project__title", "pk"
                ),
            ),
            Prefetch(
                "hosted_meetings",
                queryset=Meeting.objects.order_by("-start_date", "pk"),
            ),
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.prefetch_related(
                    Prefetch("citations", Citation.objects.for_record())
                ).order_by("since", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("meeting").order_by(
                    F("made_on").desc(nulls_last=True), "pk"
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def tied_to_city(self, city):
        """Organisations with a role in the city's projects, or that decided its membership."""
        return (
            self.filter(
                Exists(
                    ProjectOrganisation.objects.filter(
                        organisation=OuterRef("pk"), project__city=city
                    )
                )
                | Exists(CityMembership.objects.filter(decided_by=OuterRef("pk"), city=city))
            )
            .select_related("country")
            .order_by("name", "pk")
        )


class Organisation(Tracked):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    abbreviation = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Empty for an international body.",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    founded_on = models.DateField(null=True, blank=True)
    founded_precision = precision_field()
    dissolved_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    objects = SlugManager.from_queryset(OrganisationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            *dates_within_limits("organisation", "founded_on", "dissolved_on"),
            models.CheckConstraint(
                condition=in_choices("kind", OrganisationKind), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("founded_precision", DatePrecision),
                name="organisation_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(founded_on__isnull=True)
                | Q(dissolved_on__isnull=True)
                | Q(founded_on__lte=F("dissolved_on")),
                name="organisation_founded_before_dissolved",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="organisation_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["name", "id"], name="organisation_list_order_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracker:organisation-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def founded_display(self):
        return format_date(self.founded_on, self.founded_precision)


class CompositionPart(Keyed):
    """One part of what an organisation is made of, as a source counts it.

    "representatives from nine relevant ministries and institutions" is one
    part: count 9, members "relevant ministries and institutions".
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="composition"
    )
    count = models.PositiveIntegerField(null=True, blank=True)
    members = models.CharField(max_length=200, help_text="What is counted, in the source's words.")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gt=0) | Q(count__isnull=True), name="composition_count_positive"
            ),
        ]

    def __str__(self):
        count = f"{self.count} " if self.count else ""
        return f"{count}{self.members}"


class PersonQuerySet(models.QuerySet):
    def for_list(self):
        return (
            self.select_related("country")
            .annotate(
                statement_count=count_of(Statement, "speaker_person"),
                participation_count=count_of(Participation, "person"),
            )
            .order_by("sort_name", "pk")
        )

    def for_detail(self):
        return self.select_related("country").prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("organisation").order_by(
                    F("start_date").desc(nulls_last=True), "pk"
                ),
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "meeting", "behalf_country", "behalf_organisation", "post__organisation"
                ).order_by("-meeting__start_date", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related(
                    "meeting", "post__organisation", "source"
                ).order_by(F("made_on").desc(nulls_last=True), "pk"),
            ),
            Prefetch("chaired_meetings", queryset=Meeting.objects.order_by("-start_date", "pk")),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def tied_to_city(self, city):
        """People who hold or held a post in an organisation tied to the city."""
        organisations = Organisation.objects.tied_to_city(city).values("pk")
        return (
            self.filter(
                Exists(Post.objects.filter(person=OuterRef("pk"), organisation__in=organisations))
            )
            .select_related("country")
            .order_by("sort_name", "pk")
        )


class Person(Tracked):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    sort_name = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    summary = models.TextField(blank=True)

    objects = SlugManager.from_queryset(PersonQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["sort_name", "id"], name="person_list_order_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = self.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("tracker:person-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class PostQuerySet(models.QuerySet):
    def held_on(self, day):
        return self.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gte=day),
        )

    def for_list(self):
        return self.select_related("person", "organisation").order_by(
            "person__sort_name", F("start_date").desc(nulls_last=True), "pk"
        )

    def for_detail(self):
        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class Post(Keyed):
    """A role a person holds in an organisation, between two dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="posts")
    role = models.CharField(max_length=200)
    start_date = models.DateField(null=True, blank=True)
    start_precision = precision_field()
    end_date = models.DateField(null=True, blank=True)
    end_precision = precision_field()
    note = models.CharField(max_length=300, blank=True)

    objects = KeyManager.from_queryset(PostQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "pk"]
        constraints = [
            *dates_within_limits("post", "start_date", "end_date"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="post_start_before_end",
            ),
            models.CheckConstraint(
                condition=in_choices("start_precision", DatePrecision)
                & in_choices("end_precision", DatePrecision),
                name="post_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.role}, {self.organisation}"

    @property
    def dates_display(self):
        start = format_date(self.start_date, self.start_precision)
        end = format_date(self.end_date, self.end_precision)
        if start and end:
            return f"{start} to {end}"
        if start:
            return f"since {start}"
        if end:
            return f"until {end}"
        return ""


# --- Meetings ----------------------------------------------------------------


class MeetingSeries(Tracked):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
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


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "scheduled"
    HELD = "held", "held"
    CANCELLED = "cancelled", "cancelled"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "in person"
    ONLINE = "online", "online"
    HYBRID = "hybrid", "hybrid"


class MeetingQuerySet(models.QuerySet):
    def for_list(self):
        return (
            self.select_related(
                "series",
                "place__parent__parent",
                "place__country",
                "place__city",
                "host__country",
                "chair",
            )
            .annotate(participant_count=count_of(Participation, "meeting"))
            .order_by("-start_date", "title", "pk")
        )

    def for_detail(self):
        return self.select_related(
            "series",
            "place__parent__parent",
            "place__country",
            "place__city",
            "host__country",
            "chair",
            "parent",
        ).prefetch_related(
            Prefetch("children", queryset=Meeting.objects.order_by("start_date", "pk")),
            Prefetch(
                "participations",
                queryset=Participation.objects.for_meeting(),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("project").order_by("order", "pk"),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.for_meeting(),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
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

    def attended_by(self, city):
        """Meetings a delegation of the city took part in."""
        return self.filter(Exists(Participation.objects.filter(meeting=OuterRef("pk"), city=city)))

    def in_country(self, country):
        """Meetings held in the country or hosted by one of its organisations."""
        return self.filter(Q(place__country=country) | Q(host__country=country))

    def for_calendar(self):
        """Meetings whose day is known: a calendar entry on a guessed day would mislead."""
        return (
            self.filter(date_precision=DatePrecision.DAY)
            .select_related("place__parent__parent", "host")
            .order_by("start_date", "title", "pk")
        )


class Meeting(Tracked):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    ordinal = models.PositiveIntegerField(
        null=True, blank=True, help_text="Its number in the series: 6 for the sixth."
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.HELD
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    date_precision = precision_field()
    mode = models.CharField(max_length=20, choices=MeetingMode.choices, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    chair = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="chaired_meetings"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The meeting this one prepared or was part of.",
    )
    summary = models.TextField(blank=True)

    objects = SlugManager.from_queryset(MeetingQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        constraints = [
            *dates_within_limits("meeting", "start_date", "end_date"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                name="meeting_start_before_end",
            ),
            models.CheckConstraint(
                condition=in_choices("kind", MeetingKind), name="meeting_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("status", MeetingStatus), name="meeting_status_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("mode", MeetingMode, blank=True), name="meeting_mode_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("date_precision", DatePrecision),
                name="meeting_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(series__isnull=False),
                name="meeting_ordinal_needs_series",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="meeting_not_own_parent"),
            models.UniqueConstraint(
                fields=["series", "ordinal"], name="meeting_unique_ordinal_in_series"
            ),
        ]
        indexes = [
            models.Index(fields=["start_date"], name="meeting_start_idx"),
            models.Index(fields=["-start_date", "title", "id"], name="meeting_list_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tracker:meeting-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def date_display(self):
        start = format_date(self.start_date, self.date_precision)
        if self.end_date and self.end_date != self.start_date:
            return f"{start} to {format_date(self.end_date, self.date_precision)}"
        return start


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


def once_per_meeting_and_role(*fields):
    """A UniqueConstraint per kind of participant: the same one, in the same role,
    takes part in a meeting once. (Rows naming another kind of participant hold
    NULL here, and NULLs never clash.)"""
    return [
        models.UniqueConstraint(
            fields=["meeting", field, "role"],
            name=f"participation_unique_{field}",
            violation_error_message=duplicate_participant_message(field),
        )
        for field in fields
    ]


def duplicate_participant_message(field):
    return f"This {field} already takes part in this meeting in this role."


class ParticipationQuerySet(models.QuerySet):
    def latest_of(self, shown, **participant):
        """At most `shown` participations matching `participant`, the latest meeting first,
        with their meetings. Two queries: the few rows are chosen first, by their keys,
        so that nothing is joined to the thousands of others (as a subquery, the
        planner joins first)."""
        order = ("-meeting__start_date", "pk")
        chosen = list(
            Participation.objects.filter(**participant)
            .order_by(*order)
            .values_list("pk", flat=True)[:shown]
        )
        return self.filter(pk__in=chosen).select_related("meeting").order_by(*order)

    def for_meeting(self):
        return self.select_related(
            "person",
            "organisation__country",
            "country",
            "city__country",
            "behalf_country",
            "behalf_organisation",
            "post__organisation",
        ).order_by("role", "pk")


class Participation(Keyed):
    """One participant of a meeting: a person, an organisation, or a delegation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
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
    role = models.CharField(max_length=20, choices=ParticipantRole.choices)
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
    note = models.CharField(max_length=300, blank=True)

    objects = KeyManager.from_queryset(ParticipationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one(*PARTICIPANT_FIELDS),
                name="participation_exactly_one_participant",
                violation_error_message=(
                    "A participation names exactly one participant: a person, an organisation, "
                    "a country delegation or a city delegation."
                ),
            ),
            models.CheckConstraint(
                condition=in_choices("role", ParticipantRole), name="participation_role_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("attendance", AttendanceMode, blank=True),
                name="participation_attendance_valid",
            ),
            *once_per_meeting_and_role(*PARTICIPANT_FIELDS),
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
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    project = models.ForeignKey(
        "Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_unique_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class StatementKind(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "direct quote"
    PARAPHRASE = "paraphrase", "paraphrase"
    PRESS_RELEASE = "press_release", "press release"


class StatementQuerySet(models.QuerySet):
    def for_meeting(self):
        return self.select_related(
            "speaker_person",
            "speaker_organisation",
            "post__organisation",
            "agenda_item",
            "source",
        ).order_by(F("made_on").asc(nulls_last=True), "pk")

    def for_list(self):
        return self.for_meeting().select_related("meeting")

    def for_detail(self):
        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class Statement(Keyed):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="statements"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    speaker_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    speaker_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The post the speaker held when speaking.",
    )
    kind = models.CharField(max_length=20, choices=StatementKind.choices)
    text = models.TextField()
    language = models.CharField(max_length=10, default="en")
    made_on = models.DateField(null=True, blank=True)
    made_precision = precision_field()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")

    objects = KeyManager.from_queryset(StatementQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "made_on", "pk"]
        constraints = [
            *dates_within_limits("statement", "made_on"),
            models.CheckConstraint(
                condition=exactly_one("speaker_person", "speaker_organisation"),
                name="statement_exactly_one_speaker",
                violation_error_message=(
                    "A statement has exactly one speaker: a person or an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=in_choices("kind", StatementKind), name="statement_kind_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("made_precision", DatePrecision),
                name="statement_precision_valid",
            ),
        ]
        indexes = [models.Index(fields=["made_on", "id"], name="statement_list_order_idx")]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{self.speaker}: {text}"

    @property
    def speaker(self):
        return self.speaker_person or self.speaker_organisation

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError({"agenda_item": "This agenda item belongs to another meeting."})
        if (
            self.post_id
            and self.speaker_person_id
            and self.post.person_id != self.speaker_person_id
        ):
            raise ValidationError({"post": "This post is held by someone other than the speaker."})


# --- Projects ----------------------------------------------------------------


class FocusArea(models.TextChoices):
    CIVIC_SOCIAL = "civic_social", "civic and social"
    HEALTH = "health", "health and well-being"
    SAFETY = "safety", "safety and security"
    ENVIRONMENT = "environment", "quality environment"
    INFRASTRUCTURE = "infrastructure", "built infrastructure"
    INDUSTRY = "industry", "industry and innovation"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    IN_DEVELOPMENT = "in_development", "in development"
    ACTIVE = "active", "active"
    COMPLETED = "completed", "completed"
    CANCELLED = "cancelled", "cancelled"


class ProjectQuerySet(models.QuerySet):
    def for_list(self):
        return (
            self.select_related("city__country")
            .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
            .order_by("title", "pk")
        )

    def for_detail(self):
        return self.select_related("city__country").prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch(
                "organisation_roles",
                queryset=ProjectOrganisation.objects.select_related("organisation").order_by(
                    "role", "organisation__name", "pk"
                ),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting").order_by(
                    "-meeting__start_date", "order", "pk"
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )

    def in_country(self, country):
        """Projects of the country's cities, or naming the country."""
        linked = Project.countries.through.objects.filter(project=OuterRef("pk"), country=country)
        return self.filter(Q(city__country=country) | Exists(linked))


class Project(Tracked):
    """A smart-city project of one city, or a network initiative of none."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    focus_area = models.CharField(max_length=20, choices=FocusArea.choices, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="Empty for a network-wide initiative.",
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="projects")
    organisations = models.ManyToManyField(
        Organisation, through="ProjectOrganisation", blank=True, related_name="projects"
    )
    description = models.TextField(blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)

    objects = SlugManager.from_queryset(ProjectQuerySet)()
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            *dates_within_limits(
                "project", "planned_start", "planned_end", "actual_start", "actual_end"
            ),
            models.CheckConstraint(
                condition=in_choices("status", ProjectStatus), name="project_status_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("focus_area", FocusArea, blank=True),
                name="project_focus_area_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=F("planned_end")),
                name="project_planned_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_start__lte=F("actual_end")),
                name="project_actual_start_before_end",
            ),
        ]
        indexes = [models.Index(fields=["title", "id"], name="project_list_order_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tracker:project-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def is_network_initiative(self):
        return self.city_id is None


class ProjectRole(models.TextChoices):
    LEAD = "lead", "lead"
    PARTNER = "partner", "partner"
    FUNDER = "funder", "funder"
    IMPLEMENTER = "implementer", "implementer"


class ProjectOrganisation(Keyed):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_roles"
    )
    role = models.CharField(max_length=20, choices=ProjectRole.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="project_organisation_unique"
            ),
            models.CheckConstraint(
                condition=in_choices("role", ProjectRole), name="project_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


# --- Membership of the network -----------------------------------------------


class CityMembershipQuerySet(models.QuerySet):
    def network_timeline(self):
        """[(date, cities in the network after that day's changes)], from one query."""
        changes = (
            self.filter(status__in=DECISIVE_STATUSES)
            .order_by("date", "pk")
            .values_list("date", "city_id", "status")
        )
        in_network = set()
        timeline = []
        for day, city_id, status in changes:
            if status in ACTIVE_STATUSES:
                in_network.add(city_id)
            else:
                in_network.discard(city_id)
            if timeline and timeline[-1][0] == day:
                timeline[-1] = (day, len(in_network))
            else:
                timeline.append((day, len(in_network)))
        return timeline

    def for_list(self):
        return self.select_related("city", "decided_by").order_by("date", "city__name", "pk")

    def for_detail(self):
        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class CityMembership(Keyed):
    """One dated change in a city's standing in the network."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    date = models.DateField()
    date_precision = precision_field()
    decided_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_decisions",
    )
    note = models.CharField(max_length=300, blank=True)

    objects = KeyManager.from_queryset(CityMembershipQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["city", "date", "pk"]
        constraints = [
            *dates_within_limits("membership", "date"),
            models.CheckConstraint(
                condition=in_choices("status", MembershipStatus), name="membership_status_valid"
            ),
            models.CheckConstraint(
                condition=in_choices("date_precision", DatePrecision),
                name="membership_precision_valid",
            ),
        ]
        indexes = [models.Index(fields=["city", "date"], name="membership_city_date_idx")]

    def __str__(self):
        return f"{self.city}: {self.get_status_display()} ({self.date_display})"

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)


class PartnershipStatus(models.TextChoices):
    EXPLORING = "exploring", "exploring cooperation"
    ACTIVE = "active", "active"
    ENDED = "ended", "ended"


class PartnershipQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("country", "organisation").order_by("since", "pk")

    def for_detail(self):
        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class Partnership(Keyed):
    """A country or organisation working with the network from outside it."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    status = models.CharField(max_length=20, choices=PartnershipStatus.choices)
    since = models.DateField()
    since_precision = precision_field()
    until = models.DateField(null=True, blank=True)
    until_precision = precision_field()
    note = models.CharField(max_length=300, blank=True)

    objects = KeyManager.from_queryset(PartnershipQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["since", "pk"]
        constraints = [
            *dates_within_limits("partnership", "since", "until"),
            models.CheckConstraint(
                condition=exactly_one("country", "organisation"),
                name="partnership_exactly_one_partner",
                violation_error_message=(
                    "A partnership has exactly one partner: a country or an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=in_choices("status", PartnershipStatus), name="partnership_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__lte=F("until")),
                name="partnership_since_before_until",
            ),
            models.CheckConstraint(
                condition=in_choices("since_precision", DatePrecision)
                & in_choices("until_precision", DatePrecision),
                name="partnership_precision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_status_display()})"

    @property
    def partner(self):
        return self.country or self.organisation


# --- Citations ---------------------------------------------------------------

# Every cited model, by the name of its foreign key on Citation.
CITED_FIELDS = (
    "country",
    "city",
    "place",
    "organisation",
    "composition_part",
    "person",
    "post",
    "meeting_series",
    "meeting",
    "participation",
    "agenda_item",
    "statement",
    "project",
    "project_organisation",
    "membership",
    "partnership",
)


class CitationQuerySet(models.QuerySet):
    def for_record(self):
        return self.select_related("source").order_by("pk")

    def about_meeting(self, meeting):
        """Citations of the meeting and of its participations, agenda and statements."""
        return self.for_record().filter(
            Q(meeting=meeting)
            | Q(participation__meeting=meeting)
            | Q(agenda_item__meeting=meeting)
            | Q(statement__meeting=meeting)
        )


class Citation(Keyed):
    """A source backing one record, with the excerpt that backs it.

    It points at exactly one record (a database constraint); `note` says
    where a fact is inferred rather than stated.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    excerpt = models.TextField(blank=True, help_text="The source's words that back the fact.")
    note = models.TextField(blank=True, help_text="What is inferred, and from what.")

    country = models.ForeignKey(
        Country, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    city = models.ForeignKey(City, models.CASCADE, null=True, blank=True, related_name="citations")
    place = models.ForeignKey(
        Place, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    composition_part = models.ForeignKey(
        CompositionPart, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    person = models.ForeignKey(
        Person, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    post = models.ForeignKey(Post, models.CASCADE, null=True, blank=True, related_name="citations")
    meeting_series = models.ForeignKey(
        MeetingSeries, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    participation = models.ForeignKey(
        Participation, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    statement = models.ForeignKey(
        Statement, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    project = models.ForeignKey(
        Project, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    project_organisation = models.ForeignKey(
        ProjectOrganisation, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    membership = models.ForeignKey(
        CityMembership, models.CASCADE, null=True, blank=True, related_name="citations"
    )
    partnership = models.ForeignKey(
        Partnership, models.CASCADE, null=True, blank=True, related_name="citations"
    )

    objects = KeyManager.from_queryset(CitationQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one(*CITED_FIELDS),
                name="citation_exactly_one_record",
                violation_error_message="A citation backs exactly one record.",
            ),
        ]

    def __str__(self):
        return f"{self.source} on {self.record}"

    @property
    def record(self):
        for name in CITED_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None


for _model in (
    Source,
    Country,
    City,
    Place,
    Organisation,
    CompositionPart,
    Person,
    Post,
    MeetingSeries,
    Meeting,
    Participation,
    AgendaItem,
    Statement,
    Project,
    ProjectOrganisation,
    CityMembership,
    Partnership,
    Citation,
):
    apply_input_limits(_model)


# --- Cache validation --------------------------------------------------------


class DataVersion(models.Model):
    """A single row whose counter every write to the tracker raises.

    Cached public responses and their ETags are keyed on it, so a page is
    served from the cache only while nothing it could show has changed.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return f"data version {self.version}"
