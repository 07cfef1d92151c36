"""What the search box finds: for each kind of record, how many match and the
first few, counted by that list's own FilterSet so a count matches the list
it links to; and the statements quoting the words."""

from tracker import filters

from .excerpts import list_url
from .lists import (
    city_list,
    country_list,
    meeting_list,
    organisation_list,
    person_list,
    project_list,
    statement_list,
)

# A heading, the list it links to, the list's FilterSet and its rows.
SEARCHED = (
    ("Cities", "city-list", filters.CityFilter, city_list),
    ("Countries", "country-list", filters.CountryFilter, country_list),
    ("Meetings", "meeting-list", filters.MeetingFilter, meeting_list),
    ("Projects", "project-list", filters.ProjectFilter, project_list),
    ("People", "person-list", filters.PersonFilter, person_list),
    ("Organisations", "organisation-list", filters.OrganisationFilter, organisation_list),
)
SHOWN_PER_GROUP = 10


def search_results(query, shown=SHOWN_PER_GROUP):
    """{"groups": one per kind of record, "quotes": the statements, "total": all matches}."""
    groups = []
    for heading, list_name, filterset_class, rows in SEARCHED:
        results = filterset_class({"q": query}, queryset=rows()).qs
        groups.append(
            {
                "heading": heading,
                "count": results.count(),
                "results": results[:shown],
                "more_url": list_url(list_name, q=query),
            }
        )
    matching = filters.search(statement_list(), ("text",), query)
    quotes = {"count": matching.count(), "results": matching[:shown]}
    total = sum(group["count"] for group in groups) + quotes["count"]
    return {"groups": groups, "quotes": quotes, "total": total}
