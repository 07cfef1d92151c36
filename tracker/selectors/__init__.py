"""Read models: what each public page (and the API's view of the same record)
shows, built on the models' `for_list()`, `for_detail()` and `for_page()`."""

from .about import about_page
from .excerpts import LATEST_SHOWN, excerpt, list_url
from .footnotes import detail_footnotes, footnotes
from .lists import (
    city_list,
    city_list_page,
    country_list,
    filter_key,
    meeting_list,
    meeting_list_page,
    organisation_list,
    organisation_list_page,
    person_list,
    person_list_page,
    project_list,
    project_list_page,
    rows_of,
    source_list,
    statement_list,
)
from .pages import (
    COUNTRY_LISTS,
    by_meeting,
    city_page,
    countries_for_page,
    country_page,
    home_page,
    meeting_page,
    organisation_page,
    outcomes_concerning,
    person_page,
    place_page,
    project_page,
)
from .search import search_results
from .sources import source_page

__all__ = [
    "about_page",
    "by_meeting",
    "COUNTRY_LISTS",
    "LATEST_SHOWN",
    "city_list",
    "city_list_page",
    "city_page",
    "countries_for_page",
    "country_list",
    "filter_key",
    "country_page",
    "detail_footnotes",
    "footnotes",
    "excerpt",
    "home_page",
    "list_url",
    "meeting_list",
    "meeting_list_page",
    "meeting_page",
    "organisation_list",
    "organisation_list_page",
    "organisation_page",
    "outcomes_concerning",
    "person_list",
    "person_list_page",
    "person_page",
    "place_page",
    "project_list",
    "project_list_page",
    "project_page",
    "rows_of",
    "search_results",
    "source_list",
    "source_page",
    "statement_list",
]
