"""The network itself: each city's membership changes, and partnerships."""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, When, Window
from django.db.models.functions import Coalesce, Lag
from simple_history.models import HistoricalRecords

from .base import (
    PRECISION_MESSAGE,
    DatePrecision,
    Keyed,
    KeyManager,
    apply_input_limits,
    check,
    dates_within_limits,
    exactly_one,
    format_date,
    in_choices,
    precision_field,
)
from .people import Organisation
from .places import City, Country


class MembershipStatus(models.TextChoices):
    IDENTIFIED = "identified", "identified as a future participant"
    PILOT = "pilot", "pilot city"
    MEMBER = "member", "member"
    WITHDRAWN = "withdrawn", "withdrawn"


# Statuses that make a city part of the network, and those that change it.
# "Identified" records a claim about the future and changes nothing.
ACTIVE_STATUSES = (MembershipStatus.PILOT, MembershipStatus.MEMBER)
DECISIVE_STATUSES = (*ACTIVE_STATUSES, MembershipStatus.WITHDRAWN)

# A city's network status, the one definition the public filter, the admin filter and
# every label use. A city's status on a day is its last decisive change on or before
# it (`CityQuerySet.with_status_on`); with none, it is "identified" if some change
# identified it, else "none": no membership change recorded at all.
IN_NETWORK = "in_network"
NO_STATUS = "none"
NETWORK_STATUS_CHOICES = [
    (IN_NETWORK, "in the network (pilot or member)"),
    *MembershipStatus.choices,
    (NO_STATUS, "no recorded status"),
]


def network_status_label(value):
    """The words for a city's `network_status` annotation: "pilot city", "member"..."""
    return MembershipStatus(value).label if value else ""


def network_status_is(value):
    """The condition that a city annotated by `with_status_on` has the network status
    `value`, one of NETWORK_STATUS_CHOICES."""
    changes = CityMembership.objects.filter(city=OuterRef("pk"))
    if value == IN_NETWORK:
        return Q(network_status__in=ACTIVE_STATUSES)
    if value == NO_STATUS:
        return Q(network_status__isnull=True) & ~Q(Exists(changes))
    if value == MembershipStatus.IDENTIFIED:
        identified = changes.filter(status=MembershipStatus.IDENTIFIED)
        return Q(network_status__isnull=True) & Q(Exists(identified))
    return Q(network_status=value)


PRECISION_ORDER = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)


def as_date(value):
    """A date read by a raw query: a `date` already, or SQLite's ISO text."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# the whole network's timeline as SQL, by database: {alias: (SQL, parameters)}
WHOLE_TIMELINE_SQL = {}


class CityMembershipQuerySet(models.QuerySet):
    def network_timeline(self):
        """[(date, cities in the network after that day's changes, the date's precision)],
        from one query; a day whose changes are known at different precisions takes the
        coarsest.

        Each decisive change counts +1 when it brings its city into the network, -1
        when it takes it out (against the city's previous change: `LAG`), and the
        database sums them day by day: one row a day, not one a change.

        The SQL of the whole table's timeline is written once a process (it has no
        value of a request in it)."""
        whole = not self.query.where
        if whole and self.db in WHOLE_TIMELINE_SQL:
            statement = WHOLE_TIMELINE_SQL[self.db]
        else:
            statement = self.timeline_sql()
            if whole:
                WHOLE_TIMELINE_SQL[self.db] = statement
        if statement is None:
            return []
        with connections[self.db].cursor() as cursor:
            cursor.execute(*statement)
            return [
                (as_date(day), count, PRECISION_ORDER[rank])
                for day, count, rank in cursor.fetchall()
            ]

    def timeline_sql(self):
        """`network_timeline()`'s (SQL, parameters), or None if it reads no row."""
        active = Case(When(status__in=ACTIVE_STATUSES, then=1), default=0)
        changes = (
            self.filter(status__in=DECISIVE_STATUSES)
            .annotate(
                delta=active
                - Coalesce(
                    Window(Lag(active), partition_by=F("city_id"), order_by=[F("date"), F("pk")]),
                    0,
                ),
                rank=Case(
                    *(When(date_precision=p, then=n) for n, p in enumerate(PRECISION_ORDER)),
                    default=len(PRECISION_ORDER) - 1,
                ),
            )
            .order_by()
            .values("date", "delta", "rank")
        )
        try:
            sql, params = changes.query.sql_with_params()
        except EmptyResultSet:
            return None
        return (
            "SELECT c.date, CAST(SUM(SUM(c.delta)) OVER (ORDER BY c.date) AS integer), "
            f"MIN(c.rank) FROM ({sql}) c GROUP BY c.date ORDER BY c.date",
            params,
        )

    def for_list(self):
        return self.select_related("city", "decided_by").order_by("date", "city__name", "pk")

    def for_detail(self):
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class CityMembership(Keyed):
    """One dated change in a city's standing in the network."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="memberships", help_text="The city."
    )
    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, help_text="The status."
    )
    date = models.DateField(
        help_text="The day it happened (the first day of its period at a coarser precision)."
    )
    date_precision = precision_field(
        help_text="How precisely the source gives the date: year, month or day."
    )
    decided_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_decisions",
        help_text="The organisation that decided the change.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the record.")

    objects = KeyManager.from_queryset(CityMembershipQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["city", "date", "pk"]
        constraints = [
            *dates_within_limits("membership", "date"),
            check(
                in_choices("status", MembershipStatus),
                "membership_status_valid",
                "Choose a membership status from the list.",
                "status",
            ),
            check(
                in_choices("date_precision", DatePrecision),
                "membership_precision_valid",
                PRECISION_MESSAGE,
                "date_precision",
            ),
        ]
        indexes = [
            # a city's changes in order, their status and precision read from the
            # index alone: a city's status on a day, and the network's timeline
            models.Index(
                fields=["city", "date", "id"],
                include=["status", "date_precision"],
                name="membership_city_date_idx",
            ),
            # every city's latest change up to a day, read in date order from the
            # index alone: the map's statuses
            models.Index(
                fields=["date", "id"], include=["city", "status"], name="membership_date_order_idx"
            ),
        ]

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
        from .sources import Citation

        return self.for_list().prefetch_related(
            Prefetch("citations", queryset=Citation.objects.for_record())
        )


class Partnership(Keyed):
    """A country or organisation working with the network from outside it."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text="The country.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text="The organisation.",
    )
    status = models.CharField(
        max_length=20, choices=PartnershipStatus.choices, help_text="The status."
    )
    since = models.DateField(help_text="The day it began.")
    since_precision = precision_field(help_text="How precisely the start is known.")
    since_is_first_record = models.BooleanField(
        default=False,
        help_text="The start is only the earliest date a source records the partner, "
        "not when the partnership began.",
    )
    until = models.DateField(null=True, blank=True, help_text="The day it ended, if it has.")
    until_precision = precision_field(help_text="How precisely the end is known.")
    note = models.CharField(max_length=300, blank=True, help_text="A remark on the record.")

    objects = KeyManager.from_queryset(PartnershipQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["since", "pk"]
        constraints = [
            *dates_within_limits("partnership", "since", "until"),
            check(
                exactly_one("country", "organisation"),
                "partnership_exactly_one_partner",
                "A partnership has exactly one partner: a country or an organisation.",
            ),
            check(
                in_choices("status", PartnershipStatus),
                "partnership_status_valid",
                "Choose a partnership status from the list.",
                "status",
            ),
            check(
                Q(until__isnull=True) | Q(since__lte=F("until")),
                "partnership_since_before_until",
                "A partnership cannot end before it begins.",
                "until",
            ),
            check(
                in_choices("since_precision", DatePrecision)
                & in_choices("until_precision", DatePrecision),
                "partnership_precision_valid",
                PRECISION_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_status_display()})"

    @property
    def partner(self):
        return self.country or self.organisation

    @property
    def since_display(self):
        """ "since March 2018", or "first recorded 12 July 2023" when no start is known."""
        day = format_date(self.since, self.since_precision)
        return f"first recorded {day}" if self.since_is_first_record else f"since {day}"


for _model in (CityMembership, Partnership):
    apply_input_limits(_model)
