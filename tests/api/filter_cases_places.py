"""The API filters' cases for places and for meetings by place, city, country and
dates at a precision: each makes records and says which a filter keeps."""

import datetime

from tests.factories import make_city, make_country, make_meeting, make_organisation
from tracker import models


def _bali():
    indonesia = make_country(code="ID", name="Indonesia")
    region = models.Place.objects.create(name="Bali", slug="bali", kind="region", country=indonesia)
    city = make_city(name="Denpasar", slug="denpasar", country=indonesia)
    hotel = models.Place.objects.create(
        name="Hotel", slug="hotel", kind="venue", country=indonesia, parent=region, city=city
    )
    cambodia = make_country(code="KH", name="Cambodia")
    hall = models.Place.objects.create(name="Hall", slug="hall", kind="venue", country=cambodia)
    return region, hotel, hall


def case_place_q():
    region, hotel, hall = _bali()
    return {"q": "bali"}, [region.slug, hotel.slug], [hall.slug]


def case_place_kind():
    region, hotel, hall = _bali()
    return {"kind": "region"}, [region.slug], [hotel.slug, hall.slug]


def case_place_country():
    region, hotel, hall = _bali()
    return {"country": "kh"}, [hall.slug], [region.slug, hotel.slug]


def case_place_city():
    region, hotel, hall = _bali()
    return {"city": "denpasar"}, [hotel.slug], [region.slug, hall.slug]


def case_place_parent():
    region, hotel, hall = _bali()
    return {"parent": "bali"}, [hotel.slug], [region.slug, hall.slug]


def _held():
    region, hotel, hall = _bali()
    in_bali = make_meeting(slug="in-bali", place=hotel)
    in_hall = make_meeting(slug="in-hall", place=hall)
    return in_bali, in_hall


def case_meeting_place():
    in_bali, in_hall = _held()
    return {"place": "bali"}, [in_bali.slug], [in_hall.slug]


def case_meeting_city():
    in_bali, in_hall = _held()
    return {"city": "denpasar"}, [in_bali.slug], [in_hall.slug]


def case_meeting_country():
    in_bali, in_hall = _held()
    hosted = make_meeting(slug="hosted", host=make_organisation(country=in_hall.place.country))
    return {"country": "KH"}, [in_hall.slug, hosted.slug], [in_bali.slug]


def _april():
    month = make_meeting(slug="april", start_date=datetime.date(2018, 4, 1), date_precision="month")
    day = make_meeting(slug="march", start_date=datetime.date(2018, 3, 30))
    return month, day


def case_meeting_date_from():
    month, day = _april()
    return {"date_from": "2018-04-15"}, [month.slug], [day.slug]


def case_meeting_date_to():
    month, day = _april()
    return {"date_to": "2018-03-31"}, [day.slug], [month.slug]


PLACE_CASES = [
    case_place_q,
    case_place_kind,
    case_place_country,
    case_place_city,
    case_place_parent,
]
MEETING_CASES = [
    case_meeting_place,
    case_meeting_city,
    case_meeting_country,
    case_meeting_date_from,
    case_meeting_date_to,
]
