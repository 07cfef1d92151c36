"""The API filters' cases for outcomes of meetings: each makes two outcomes and says
which a filter keeps."""

import datetime

from tests.factories import make_city, make_country, make_meeting, make_organisation, make_project
from tracker import models


def _outcomes():
    cambodia = make_country(code="KH", name="Cambodia")
    city = make_city(name="Siem Reap", slug="siem-reap", country=cambodia)
    sixth = make_meeting(slug="sixth", start_date=datetime.date(2023, 7, 1))
    seventh = make_meeting(slug="seventh", start_date=datetime.date(2024, 10, 2))
    first = models.Outcome.objects.create(
        meeting=sixth,
        kind=models.OutcomeKind.CHAIR_HANDOVER,
        description="Cambodia hands over the chair.",
        country=cambodia,
        city=city,
    )
    second = models.Outcome.objects.create(
        meeting=seventh,
        kind=models.OutcomeKind.DOCUMENT_ADOPTED,
        description="Toolkit adopted.",
        organisation=make_organisation(slug="secretariat"),
        project=make_project(slug="toolkit"),
    )
    return first, second


def case_outcome_q():
    a, b = _outcomes()
    return {"q": "toolkit"}, [b.key], [a.key]


def case_outcome_meeting():
    a, b = _outcomes()
    return {"meeting": "sixth"}, [a.key], [b.key]


def case_outcome_year():
    a, b = _outcomes()
    return {"year": "2024"}, [b.key], [a.key]


def case_outcome_kind():
    a, b = _outcomes()
    return {"kind": "chair_handover"}, [a.key], [b.key]


def case_outcome_city():
    a, b = _outcomes()
    return {"city": "siem-reap"}, [a.key], [b.key]


def case_outcome_country():
    a, b = _outcomes()
    return {"country": "kh"}, [a.key], [b.key]


def case_outcome_organisation():
    a, b = _outcomes()
    return {"organisation": "secretariat"}, [b.key], [a.key]


def case_outcome_project():
    a, b = _outcomes()
    return {"project": "toolkit"}, [b.key], [a.key]


OUTCOME_CASES = [
    case_outcome_q,
    case_outcome_meeting,
    case_outcome_year,
    case_outcome_kind,
    case_outcome_city,
    case_outcome_country,
    case_outcome_organisation,
    case_outcome_project,
]
