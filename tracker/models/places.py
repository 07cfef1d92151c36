"""Countries, network cities and the places meetings happen in."""

from decimal import Decimal

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..folding import folded_names
from ..urlcache import page_url
from . import shown
from .api_reads import CityApiReads
from .base import (
    SlugManager,
    Tracked,
    apply_input_limits,
    check,
    count_of,
    in_choices,
    plain_rows,
    unique,
)


class CountryQuerySet(models.QuerySet):
    def for_list(self):
        from .people import Organisation

        return self.annotate(
            city_count=count_of(City, "country"),
            organisation_count=count_of(Organisation, "country"),
        ).order_by("name", "pk")

    def for_page(self):
        """What a country's page reads with the country: its names, partnerships and
        citations; the first rows of its long lists come from each list's
        `for_excerpt()` (selectors.country_page)."""
        return self.prefetch_related(*self.partnerships_and_citations())

    def partnerships_and_citations(self):
        from .names import PlaceName
        from .network import Partnership
        from .sources import Citation

        return (
            Prefetch("names", queryset=PlaceName.objects.for_record()),
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
    name = models.CharField(max_length=100, unique=True, help_text="The name, as sources spell it.")
    official_name = models.CharField(
        max_length=200, blank=True, help_text="The official long name."
    )
    is_asean_member = models.BooleanField(
        "ASEAN member", default=False, help_text="Whether the country is an ASEAN member state."
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Its names and those of the places it lies in, folded for search.",
    )

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "countries"
        constraints = [
            check(
                Q(code__regex=r"^[A-Z][A-Z]$"),
                "country_code_iso_alpha2",
                "Two capital letters: the ISO 3166-1 alpha-2 code.",
                "code",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("tracker:country-detail", self.code.lower())

    def names_for_search(self):
        return folded_names(self.name, self.official_name, *other_names(self))

    def save(self, *args, **kwargs):
        self.search_names = self.names_for_search()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.code,)


# Each coordinate a map has shown, by its text: one Decimal for each value, kept
# between requests, with its hash.
COORDINATES = {}
COORDINATES_MAX = 100_000
# a City's latitude and longitude: `DecimalField(decimal_places=5)`
COORDINATE_PLACES = Decimal("0.00001")


def shared_coordinate(text):
    """The latitude or longitude the database writes as `text` (None for NULL), as
    its DecimalField reads it: the same object for the same text every time."""
    if text is None:
        return None
    value = COORDINATES.get(text)
    if value is None:
        if len(COORDINATES) >= COORDINATES_MAX:
            COORDINATES.clear()
        value = COORDINATES[text] = Decimal(text).quantize(COORDINATE_PLACES)
    return value


# The last few maps' rows as read (coordinates as text) and as `for_map()` gives
# them: [(read, given)], the latest last
MAP_ROWS = []
MAP_ROWS_KEPT = 4


def rows_as_before(read):
    """`for_map()`'s rows of `read` (its rows with coordinates as text): the very
    list given the last time the same rows were read (the network's map is read
    again and again unchanged, and what is drawn from it is kept by that list),
    else a new one, each coordinate a `shared_coordinate`."""
    for kept, given in reversed(MAP_ROWS):
        if kept == read:
            return given
    shared = shared_coordinate
    given = [
        (pk, name, slug, shared(lat), shared(lon), status, country)
        for pk, name, slug, lat, lon, status, country in read
    ]
    MAP_ROWS[:] = [*MAP_ROWS[1 - MAP_ROWS_KEPT :], (read, given)]
    return given


class CityQuerySet(CityApiReads, models.QuerySet):
    def with_status_on(self, day):
        """Annotate `network_status`: the last decisive membership change on or before `day`."""
        from .network import DECISIVE_STATUSES, CityMembership

        latest = (
            CityMembership.objects.filter(
                city=OuterRef("pk"), status__in=DECISIVE_STATUSES, date__lte=day
            )
            .order_by("-date", "-pk")
            .values("status")[:1]
        )
        return self.annotate(network_status=Subquery(latest))

    def for_excerpt(self, day=None):
        """Cities as a record's page lists the first of them (linked, with their network
        status on `day`, today by default, and placed on its map): only those columns,
        by name."""
        return (
            self.with_status_on(day or timezone.localdate())
            .only("name", "slug", "country", "latitude", "longitude")
            .order_by("name", "pk")
        )

    def with_network_status(self, value, day=None):
        """Cities whose network status on `day` (today) is `value` (`NETWORK_STATUS_CHOICES`)."""
        from .network import network_status_is

        return self.with_status_on(day or timezone.localdate()).filter(network_status_is(value))

    def for_map(self, day, compiled=None):
        """These cities with their network status on `day`, in name order, as plain
        rows (a map draws thousands): (pk, name, slug, latitude, longitude, network
        status, country name).

        Two plain queries, the cities and their decisive membership changes up to
        `day`, each city given the status of its latest change here: cheaper for the
        database than the latest change looked up for each of thousands of cities.
        Each latitude and longitude is the same `Decimal` for the same value on every
        request (`shared_coordinate`): read as text, not made a new Decimal each time,
        whose hash, worked out again for each of thousands of cities, the map's cache
        of each city's markup needs (milliseconds). `compiled(part, queryset)`, if
        given, is the queryset to run for each part ("cities", "changes"): one whose
        SQL was compiled once for a list's filter, say."""
        from .network import DECISIVE_STATUSES, CityMembership

        def read(part, queryset):
            return plain_rows(queryset if compiled is None else compiled(part, queryset))

        cities = self.order_by("name", "pk").values_list(
            "pk",
            "name",
            "slug",
            Cast("latitude", models.TextField()),
            Cast("longitude", models.TextField()),
            "country__name",
        )
        changes = CityMembership.objects.filter(status__in=DECISIVE_STATUSES, date__lte=day)
        if self.query.where:
            changes = changes.filter(city__in=self.order_by().values("pk"))
        # in date order, so that each city keeps the status of its latest change
        status = dict(
            read("changes", changes.order_by("date", "pk").values_list("city_id", "status"))
        )
        rows = [
            (pk, name, slug, lat, lon, status.get(pk), country)
            for pk, name, slug, lat, lon, country in read("cities", cities)
        ]
        return rows_as_before(rows)

    def members_on(self, day):
        """Cities in the network on `day`: one query."""
        from .network import ACTIVE_STATUSES

        return self.with_status_on(day).filter(network_status__in=ACTIVE_STATUSES)

    def for_list(self):
        from .projects import Project

        return (
            self.select_related("country")
            .with_status_on(timezone.localdate())
            .annotate(
                project_count=count_of(Project, "city"),
            )
            .order_by("name", "pk")
        )

    def for_list_table(self):
        """`for_list()` reading only what the list page's table shows (the name, the
        country's name, code and membership of ASEAN), not every column of each city
        and country."""
        return self.for_list().only(
            "name", "slug", "country__name", "country__code", "country__is_asean_member"
        )

    def for_detail(self):
        from .meetings import Participation
        from .names import PlaceName
        from .network import CityMembership
        from .projects import Project
        from .sources import Citation

        return (
            self.select_related("country")
            .with_status_on(timezone.localdate())
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=CityMembership.objects.select_related("decided_by")
                    .only(*shown.own_and(CityMembership, *shown.linked("decided_by")))
                    .prefetch_related(Prefetch("citations", Citation.objects.for_record()))
                    .order_by("date", "pk"),
                ),
                # of its projects and delegations, only what the page and the API show
                Prefetch(
                    "projects",
                    queryset=Project.objects.only(
                        "title", "slug", "status", "focus_area", "city"
                    ).order_by("title", "pk"),
                ),
                Prefetch(
                    "delegations",
                    queryset=Participation.objects.select_related(
                        "meeting", "behalf_country", "behalf_organisation"
                    )
                    .only("key", "city", "role", "attendance", "note", *shown.OF_DELEGATION)
                    .order_by("-meeting__start_date", "pk"),
                ),
                Prefetch("citations", queryset=Citation.objects.for_record()),
                Prefetch("names", queryset=PlaceName.objects.for_record()),
            )
        )


class City(Tracked):
    name = models.CharField(max_length=120, help_text="The name, as sources spell it.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cities", help_text="The country."
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="Latitude in decimal degrees.",
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="Longitude in decimal degrees.",
    )
    time_zone = models.CharField(max_length=64, blank=True, help_text="IANA name, if known.")
    population = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The population GeoNames gives, if known."
    )
    geonames_id = models.PositiveIntegerField(
        "GeoNames ID",
        null=True,
        blank=True,
        help_text="The GeoNames record its coordinates, population and other names come from.",
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Its names and those of the places it lies in, folded for search.",
    )

    objects = SlugManager.from_queryset(CityQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "cities"
        constraints = [
            unique(
                ["country", "name"],
                "city_unique_in_country",
                "A city with this country and name already exists.",
                "name",
            ),
            check(
                Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                "city_latitude_range",
                "A latitude lies between -90 and 90.",
                "latitude",
            ),
            check(
                Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                "city_longitude_range",
                "A longitude lies between -180 and 180.",
                "longitude",
            ),
        ]
        indexes = [
            # the list's order; the map reads every city in it from the index alone
            models.Index(
                fields=["name", "id"],
                include=["slug", "latitude", "longitude", "country"],
                name="city_list_order_idx",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("tracker:city-detail", self.slug)

    def names_for_search(self):
        return folded_names(
            self.name, *other_names(self), self.country.search_names if self.country_id else ""
        )

    def save(self, *args, **kwargs):
        self.search_names = self.names_for_search()
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)


def other_names(record):
    """The names kept for a saved country or city in other spellings and scripts."""
    return list(record.names.values_list("name", flat=True)) if record.pk else []


class PlaceQuerySet(models.QuerySet):
    # places sit at most three deep (a venue in a locality in a region)
    PARENTS = "parent__parent__parent"

    def for_list(self):
        return self.select_related("country", "city", self.PARENTS).order_by("name", "pk")

    def for_detail(self):
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("children", queryset=Place.objects.order_by("name", "pk")),
            Prefetch("citations", queryset=Citation.objects.for_record()),
        )


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

    name = models.CharField(max_length=200, help_text="The name, as sources spell it.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The stable identifier in URLs.")
    kind = models.CharField(
        max_length=10, choices=PlaceKind.choices, help_text="What kind of record this is."
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="places", help_text="The country."
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="places",
        help_text="The city.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The record this one is part of.",
    )
    search_names = models.TextField(
        blank=True,
        editable=False,
        help_text="Its names and those of the places it lies in, folded for search.",
    )

    objects = SlugManager.from_queryset(PlaceQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            check(
                in_choices("kind", PlaceKind),
                "place_kind_valid",
                "Choose a kind of place from the list.",
                "kind",
            ),
            check(
                ~Q(parent=F("pk")),
                "place_not_own_parent",
                "A place cannot be inside itself.",
                "parent",
            ),
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.name}, {self.parent}"
        return self.name

    def get_absolute_url(self):
        return page_url("tracker:place-detail", self.slug)

    def names_for_search(self):
        return folded_names(
            self.name,
            *(
                getattr(self, field).search_names
                for field in ("parent", "city", "country")
                if getattr(self, f"{field}_id")
            ),
        )

    def save(self, *args, **kwargs):
        self.search_names = self.names_for_search()
        super().save(*args, **kwargs)

    @property
    def ancestors(self):
        """Its parent, the parent's parent, and so on (a loop in the data stops it)."""
        found, place = [], self.parent
        while place is not None and place not in found and place != self:
            found.append(place)
            place = place.parent
        return found

    def natural_key(self):
        return (self.slug,)


for _model in (Country, City, Place):
    apply_input_limits(_model)
