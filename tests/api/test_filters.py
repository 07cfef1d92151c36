"""API filters: what comes back, what does not."""

import pytest

from tests.api.filter_cases import (
    case_city_asean,
    case_city_country,
    case_city_q,
    case_city_status_identified,
    case_city_status_in_network,
    case_city_status_member,
    case_city_status_none,
    case_city_status_withdrawn,
    case_country_asean,
    case_country_q,
    case_meeting_host_country,
    case_meeting_kind,
    case_meeting_mode,
    case_meeting_participant,
    case_meeting_q,
    case_meeting_status,
    case_meeting_year,
    case_membership_city,
    case_membership_country,
    case_membership_date_from,
    case_membership_date_to,
    case_membership_decided_by,
    case_membership_q,
    case_membership_status,
    case_organisation_country,
    case_organisation_kind,
    case_organisation_q,
    case_partner_country,
    case_partner_kind,
    case_partner_organisation,
    case_partner_q,
    case_partner_status,
    case_person_country,
    case_person_kind,
    case_person_organisation,
    case_person_q,
    case_post_held_on,
    case_post_organisation,
    case_post_person,
    case_post_q,
    case_project_city,
    case_project_country,
    case_project_country_through_countries,
    case_project_focus_area,
    case_project_network_initiative,
    case_project_q,
    case_project_status,
    case_source_kind,
    case_source_language,
    case_source_publisher,
    case_source_q,
    case_source_year,
    case_statement_kind,
    case_statement_language,
    case_statement_meeting,
    case_statement_q,
    case_statement_source,
    case_statement_speaker_organisation,
    case_statement_speaker_person,
    case_total_date_from,
    case_total_date_to,
    case_total_q,
)
from tests.api.filter_cases_outcomes import OUTCOME_CASES
from tests.api.filter_cases_places import MEETING_CASES, PLACE_CASES
from tests.api.helpers_read import idents

pytestmark = pytest.mark.django_db


# --- Filters: what comes back, what does not ------------------------------------


FILTER_CASES = {
    "countries": [case_country_q, case_country_asean],
    "cities": [
        case_city_q,
        case_city_country,
        case_city_asean,
        case_city_status_member,
        case_city_status_in_network,
        case_city_status_withdrawn,
        case_city_status_identified,
        case_city_status_none,
    ],
    "meetings": [
        case_meeting_q,
        case_meeting_year,
        case_meeting_kind,
        case_meeting_mode,
        case_meeting_status,
        case_meeting_host_country,
        case_meeting_participant,
        *MEETING_CASES,
    ],
    "projects": [
        case_project_q,
        case_project_city,
        case_project_country,
        case_project_country_through_countries,
        case_project_status,
        case_project_focus_area,
        case_project_network_initiative,
    ],
    "people": [case_person_q, case_person_country, case_person_organisation, case_person_kind],
    "organisations": [case_organisation_q, case_organisation_country, case_organisation_kind],
    "posts": [case_post_q, case_post_person, case_post_organisation, case_post_held_on],
    "memberships": [
        case_membership_q,
        case_membership_city,
        case_membership_country,
        case_membership_status,
        case_membership_decided_by,
        case_membership_date_from,
        case_membership_date_to,
    ],
    "partners": [
        case_partner_q,
        case_partner_status,
        case_partner_country,
        case_partner_organisation,
        case_partner_kind,
    ],
    "statements": [
        case_statement_q,
        case_statement_meeting,
        case_statement_speaker_person,
        case_statement_speaker_organisation,
        case_statement_kind,
        case_statement_language,
        case_statement_source,
    ],
    "sources": [
        case_source_q,
        case_source_kind,
        case_source_publisher,
        case_source_year,
        case_source_language,
    ],
    "network-totals": [case_total_q, case_total_date_from, case_total_date_to],
    "places": PLACE_CASES,
    "outcomes": OUTCOME_CASES,
}


@pytest.mark.parametrize(
    ("endpoint", "case"),
    [(endpoint, case) for endpoint, cases in FILTER_CASES.items() for case in cases],
    ids=lambda value: value.__name__.removeprefix("case_") if callable(value) else value,
)
def test_filter_keeps_matches_and_drops_the_rest(api, endpoint, case):
    params, wanted, unwanted = case()
    everything = set(idents(api.get(f"/api/v1/{endpoint}/", {"page_size": 100})))
    assert set(wanted) | set(unwanted) <= everything  # both are there unfiltered
    found = set(idents(api.get(f"/api/v1/{endpoint}/", {**params, "page_size": 100})))
    assert set(wanted) <= found
    assert not set(unwanted) & found


def test_every_filter_of_every_list_is_tested():
    from tracker.api.urls import router

    for prefix, viewset, _ in router.registry:
        names = set(viewset.filterset_class.base_filters) - {"ordering"}
        tested = {name for case in FILTER_CASES[prefix] for name in case_params(case)}
        assert names <= tested, (prefix, names - tested)


def case_params(case):
    # The parameter a case filters by, read from its name (case_<model>_<param>[_variant]).
    names = case.__name__.split("_", 2)[2]
    return {
        name
        for name in (
            "q",
            "asean",
            "country",
            "status",
            "year",
            "kind",
            "mode",
            "host_country",
            "participant",
            "city",
            "focus_area",
            "network_initiative",
            "organisation",
            "person",
            "held_on",
            "decided_by",
            "date_from",
            "date_to",
            "meeting",
            "speaker",
            "language",
            "source",
            "publisher",
            "place",
            "parent",
            "project",
        )
        if names == name or names.startswith(name + "_")
    }
