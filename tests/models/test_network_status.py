"""One definition of a city's network status: the public filter, the admin filter
and every label agree on every status."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import make_city, make_membership
from tracker import filters, models

Status = models.MembershipStatus


@pytest.fixture
def cities(db):
    """A city for every case: no change at all, identified only, each decisive status,
    identified then admitted, and admitted only in the future."""
    today = timezone.localdate()
    past, later = today - datetime.timedelta(days=400), today + datetime.timedelta(days=400)
    made = {"none": make_city(slug="none")}
    for name, changes in {
        "identified": [(Status.IDENTIFIED, past)],
        "pilot": [(Status.PILOT, past)],
        "member": [(Status.IDENTIFIED, past), (Status.MEMBER, today)],
        "withdrawn": [(Status.MEMBER, past), (Status.WITHDRAWN, today)],
        "future": [(Status.PILOT, later)],
    }.items():
        made[name] = make_city(slug=name)
        for status, day in changes:
            make_membership(city=made[name], status=status, date=day)
    return made


def public(value):
    filterset = filters.CityFilter(data={"status": value}, queryset=models.City.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {city.slug for city in filterset.qs}


def admin_list(value):
    model_admin = admin.site._registry[models.City]
    request = RequestFactory().get("/", {"network_status": value})
    request.user = User(is_superuser=True, is_staff=True)
    changelist = model_admin.get_changelist_instance(request)
    return {city.slug for city in changelist.get_queryset(request)}


EXPECTED = {
    "in_network": {"pilot", "member"},
    "identified": {"identified"},
    "pilot": {"pilot"},
    "member": {"member"},
    "withdrawn": {"withdrawn"},
    "none": {"none"},  # not the identified-only city, nor the one admitted next year
}


@pytest.mark.parametrize("value", [value for value, _label in models.NETWORK_STATUS_CHOICES])
def test_both_filters_return_the_same_cities_for_every_status(cities, value):
    assert public(value) == admin_list(value) == EXPECTED[value]


def test_both_filters_offer_the_same_choices_in_the_same_words():
    public_choices = list(filters.CityFilter.base_filters["status"].extra["choices"])
    admin_filter = admin.site._registry[models.City].list_filter[0]
    admin_choices = list(admin_filter.lookups(None, None, None))
    assert public_choices == admin_choices == list(models.NETWORK_STATUS_CHOICES)
    assert set(dict(public_choices)) == {*Status.values, "in_network", "none"}


@pytest.mark.parametrize("value", [None, "", *Status.values])
def test_every_label_is_the_models(value):
    expected = Status(value).label if value else ""
    assert models.network_status_label(value) == expected
    city = models.City(name="Kep")
    city.network_status = value
    assert admin.site._registry[models.City].network_status(city) == expected
    rendered = Template("{% load tracker_tags %}{{ value|network_status }}").render(
        Context({"value": value})
    )
    assert rendered == expected


def test_the_map_reads_the_same_status_as_the_query(cities):
    """`for_map` works out each city's status in Python (two plain queries, for a map
    of thousands); it must give what `with_status_on` gives, on every case above,
    including two decisive changes on one day (the later entry wins) and a filtered
    set of cities."""
    today = timezone.localdate()
    tie = make_city(slug="tie")
    make_membership(city=tie, status=Status.PILOT, date=today)
    make_membership(city=tie, status=Status.WITHDRAWN, date=today)
    expected = dict(models.City.objects.with_status_on(today).values_list("slug", "network_status"))
    mapped = {row[2]: row[5] for row in models.City.objects.for_map(today)}
    assert mapped == expected
    assert mapped["tie"] == Status.WITHDRAWN
    assert mapped["withdrawn"] == Status.WITHDRAWN and mapped["future"] is None
    some = models.City.objects.filter(slug__in=["member", "future"])
    assert {row[2]: row[5] for row in some.for_map(today)} == {
        "member": Status.MEMBER,
        "future": None,
    }


def test_the_network_timeline_counts_each_city_once_a_day(db):
    """The chart's timeline: after each day's changes, how many cities are in the
    network. A pilot city made a member still counts once; a withdrawal takes a city
    out and a return brings it back; an identification or a withdrawal of a city never
    in changes nothing; a day whose changes are known at several precisions takes
    the coarsest."""
    day = datetime.date
    first, second, third = make_city(slug="a"), make_city(slug="b"), make_city(slug="c")
    for city, status, date, precision in [
        (first, Status.PILOT, day(2018, 4, 28), "day"),
        (second, Status.PILOT, day(2018, 4, 28), "day"),
        (third, Status.WITHDRAWN, day(2018, 4, 28), "day"),
        (first, Status.MEMBER, day(2019, 1, 1), "year"),
        (third, Status.IDENTIFIED, day(2019, 1, 1), "day"),
        (second, Status.WITHDRAWN, day(2019, 1, 1), "month"),
        (second, Status.MEMBER, day(2020, 3, 1), "month"),
        (third, Status.MEMBER, day(2020, 3, 1), "day"),
        (first, Status.WITHDRAWN, day(2021, 6, 30), "day"),
    ]:
        make_membership(city=city, status=status, date=date, date_precision=precision)
    assert models.CityMembership.objects.network_timeline() == [
        (day(2018, 4, 28), 2, "day"),
        (day(2019, 1, 1), 1, "year"),
        (day(2020, 3, 1), 3, "month"),
        (day(2021, 6, 30), 2, "day"),
    ]
    assert models.CityMembership.objects.none().network_timeline() == []
