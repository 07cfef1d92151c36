"""What every tracker record shares: its version, its dates at a precision, the
helpers its constraints are written with, and the limits on what it may hold.

Records with a public identity (countries, cities, places, organisations,
people, meetings, projects, sources) are addressed by a slug or an ISO code,
which is also their natural key. Dependent rows (posts, participations,
agenda items, statements, memberships, partnerships, citations...) carry a
`key`: a stable identifier that fixtures spell out and new rows get at
random, so that fixtures load idempotently.
"""

import datetime
import functools
import unicodedata
import uuid

from django.core.exceptions import NON_FIELD_ERRORS, EmptyResultSet, ValidationError
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.db.models.query import ValuesListIterable
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .versioning import Versioned


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


def plain_rows(queryset):
    """The rows of `queryset` (a `values_list()` of plain tuples), as `list(queryset)`
    gives them, read in one fetch: for thousands of rows, half the work of the ORM's
    reading them a hundred at a time. Read the ORM's way when a column needs
    converting from what the database gives, or the query selects more columns
    than it gives (for an ordering)."""
    if queryset._iterable_class is not ValuesListIterable:
        return list(queryset)
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    columns = [column for column, *_ in compiler.select[: compiler.col_count]]
    if compiler.has_extra_select or compiler.get_converters(columns):
        return list(queryset)
    if compiler.has_composite_fields(columns):
        return list(queryset)
    with compiler.connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def in_keys(field, rows):
    """Rows whose `field` is the key of one of `rows` (a queryset; or, given with
    `.values(name)`, one of the values of that column), as a condition
    that can be OR-ed with others and still use the field's index: on PostgreSQL
    `field = ANY(ARRAY(subquery))` (an `IN (subquery)`, or a join, under an OR is
    checked row by row over the whole table), elsewhere `IN (subquery)`."""
    keys = rows.order_by()
    if not keys.query.values_select:
        keys = keys.values("pk")
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": keys})
    from django.contrib.postgres.expressions import ArraySubquery

    from ..matching import AnyOf

    return Q(AnyOf(F(field), ArraySubquery(keys)))


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


def period_from(start, precision, end=None, day=None):
    """Records whose period ends on or after `day`: a date known to the year or the
    month stands for that whole year or month ("April 2018" is on or after 15 April
    2018), a dated span for its days (its `end` if it has one)."""
    last = Coalesce(end, start) if end else F(start)
    return (
        Q(**{precision: DatePrecision.YEAR, f"{start}__gte": day.replace(month=1, day=1)})
        | Q(**{precision: DatePrecision.MONTH, f"{start}__gte": day.replace(day=1)})
        | (Q(**{precision: DatePrecision.DAY}) & Q(GreaterThanOrEqual(last, day)))
    )


def period_to(start, day):
    """Records whose period starts on or before `day` (at any precision, its first day)."""
    return Q(**{f"{start}__lte": day})


def format_range(start, end, precision=DatePrecision.DAY, end_precision=None):
    """A period at its precision: "12 to 13 July 2023", "2023" (not "2023 to 2023")."""
    first = format_date(start, precision)
    last = format_date(end, end_precision or precision)
    if not last or last == first:
        return first
    if start.year == end.year and precision == (end_precision or precision):
        if precision == DatePrecision.DAY and start.month == end.month:
            return f"{start.day} to {last}"
        if precision != DatePrecision.YEAR:
            return f"{first.removesuffix(f' {start.year}')} to {last}"
    return f"{first} to {last}"


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


# --- Constraints ----------------------------------------------------------------
#
# Every constraint says what is wrong in its own words (`violation_error_message`),
# and the admin, the API and every form show those words: none has a table of its
# own. A constraint about one field names it, so its error is shown on that field.


PRECISION_MESSAGE = "Choose a precision from the list: year, month or day."


def check(condition, name, message, field=None):
    """A CheckConstraint with its message, shown on `field` if given."""
    return on_field(
        models.CheckConstraint(condition=condition, name=name, violation_error_message=message),
        field,
    )


def unique(fields, name, message, field=None):
    """A UniqueConstraint with its message, shown on `field` if given."""
    return on_field(
        models.UniqueConstraint(fields=fields, name=name, violation_error_message=message),
        field,
    )


def once_per_meeting_and_role(*fields):
    """A UniqueConstraint per kind of participant: the same one, in the same role,
    takes part in a meeting once. (Rows naming another kind of participant hold
    NULL here, and NULLs never clash.)"""
    return [
        unique(
            ["meeting", field, "role"],
            f"participation_unique_{field}",
            duplicate_participant_message(field),
        )
        for field in fields
    ]


def duplicate_participant_message(field):
    return f"This {field} already takes part in this meeting in this role."


# The field each constraint's error belongs on, by the constraint's name. Not an
# attribute of the constraint: Django clones a model's constraints from their
# deconstruction, which migrations also see.
ERROR_FIELDS = {}


def on_field(constraint, field):
    if field:
        ERROR_FIELDS[constraint.name] = field
    return constraint


def errors_on_fields(instance, error_dict):
    """`error_dict` from `validate_constraints()`, each constraint's error moved from
    the non-field errors to the field it names."""
    fields = {
        str(constraint.get_violation_error_message()): ERROR_FIELDS[constraint.name]
        for constraint in instance._meta.constraints
        if constraint.name in ERROR_FIELDS
    }
    moved = {}
    for name, errors in error_dict.items():
        for error in errors:
            field = fields.get(" ".join(error.messages)) if name == NON_FIELD_ERRORS else None
            moved.setdefault(field or name, []).append(error)
    return moved


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
        check(
            Q(**{f"{field}__isnull": True})
            | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)}),
            f"{prefix}_{field}_within_limits",
            DATE_LIMITS_MESSAGE,
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


@deconstructible(path="tracker.models.PlainText")
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


def first_day(value, precision):
    """The first day of the period a date stands for at its precision."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


@functools.cache
def dates_with_precision(model):
    """(date field, precision field) of each date the model keeps at a precision:
    `made_precision` goes with `made_on`, `start_precision` with `start_date`, a
    `date_precision` with `date` or, on a meeting, `start_date` and `end_date`."""
    names = {field.name for field in model._meta.concrete_fields}
    pairs = []
    for name in sorted(names):
        if not name.endswith("_precision"):
            continue
        stem = name.removesuffix("_precision")
        candidates = [stem, f"{stem}_on", f"{stem}_date"] + (
            ["start_date"] if stem == "date" else []
        )
        date = next((candidate for candidate in candidates if candidate in names), None)
        if date:
            pairs.append((date, name))
        if stem == "date" and date == "start_date" and "end_date" in names:
            pairs.append(("end_date", name))  # a meeting's last day, at the same precision
    return tuple(pairs)


class Tracked(Versioned):
    """What every tracker record shares: a version for optimistic locking
    (`versioning.Versioned`), when it was created and last changed, and its
    constraints' errors on their fields.

    `created_at` is set once, when the row is inserted, and no save changes it.
    `updated_at` moves with the version: every save that raises the version
    sets it to the time of the save. A fixture load (a raw save) sets both on
    the rows it adds and moves `updated_at` only on the rows it changes, so
    reloading a fixture leaves them as they were. `QuerySet.update()` bypasses
    both, as it bypasses the version.

    A date known only to the month or the year is kept as the first day of that
    month or year (2023-07-12 at month precision is kept as 2023-07-01), in
    `full_clean()` and in `save()`, so the admin, the API and a script agree.
    """

    created_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When the record was added to the tracker.",
    )
    updated_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        db_index=True,
        help_text="When the record was last changed (its version raised).",
    )

    uncompared_fields = ("version", "created_at", "updated_at")

    class Meta:
        abstract = True

    def normalise_dates(self):
        for date, precision in dates_with_precision(type(self)):
            value = getattr(self, date)
            if isinstance(value, datetime.date):
                setattr(self, date, first_day(value, getattr(self, precision)))

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        self.normalise_dates()

    def save(self, *args, **kwargs):
        self.normalise_dates()
        super().save(*args, **kwargs)

    def _save_table(self, raw=False, *args, **kwargs):
        if not raw:
            self.updated_at = timezone.now()
            if self._state.adding:
                self.created_at = self.updated_at
        return super()._save_table(raw, *args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        # An update never moves `created_at`, and always moves `updated_at`,
        # even in a save limited to some fields.
        values = [value for value in values if value[0].attname not in ("created_at", "updated_at")]
        values.append((self._meta.get_field("updated_at"), None, self.updated_at))
        return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)

    def validate_constraints(self, exclude=None):
        """Django's check, with each constraint's error put on its `error_field`."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(errors_on_fields(self, error.error_dict)) from None


class Keyed(Tracked):
    key = models.SlugField(
        max_length=120,
        unique=True,
        default=new_key,
        editable=False,
        help_text="The stable identifier of this row.",
    )

    objects = KeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.key,)


# --- Cache validation --------------------------------------------------------


class DataVersion(models.Model):
    """A single row whose counter every write to the tracker raises.

    Cached public responses and their ETags are keyed on it, so a page is
    served from the cache only while nothing it could show has changed.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            check(Q(id=1), "data_version_single_row", "There is one data version, numbered 1.")
        ]

    def __str__(self):
        return f"data version {self.version}"


class RecordVersion(models.Model):
    """A counter per kind of row (`scope`: a model's name), raised by every
    committed write to it.

    A cached response is keyed on the counters of the kinds of row its page
    shows (tracker.records.PAGE_READS), so an edit to a statement leaves the
    city pages cached. Like `DataVersion`, it is no one's data.
    """

    scope = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.scope} version {self.version}"
