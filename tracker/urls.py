from django.urls import path, register_converter

from .web import details, feeds, home, lists


class CountryCode:
    """Two letters: an ISO 3166-1 alpha-2 code, in either case (upper case redirects)."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CountryCode, "country_code")

app_name = "tracker"

urlpatterns = [
    path("", home.home, name="home"),
    path("cities/", lists.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", details.CityDetailView.as_view(), name="city-detail"),
    path("countries/", lists.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<country_code:code>/", details.CountryDetailView.as_view(), name="country-detail"
    ),
    path("meetings/", lists.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/feed.ics", feeds.meeting_feed_ics, name="meeting-feed-ics"),
    path("meetings/feed.atom", feeds.MeetingAtomFeed(), name="meeting-feed-atom"),
    path("meetings/<slug:slug>.ics", feeds.meeting_ics, name="meeting-ics"),
    path("meetings/<slug:slug>/", details.MeetingDetailView.as_view(), name="meeting-detail"),
    path("projects/", lists.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", details.ProjectDetailView.as_view(), name="project-detail"),
    path("people/", lists.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", details.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", lists.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        details.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("places/<slug:slug>/", details.PlaceDetailView.as_view(), name="place-detail"),
    path("sources/", lists.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", details.SourceDetailView.as_view(), name="source-detail"),
    path("about/", home.about, name="about"),
    path("data/", home.data, name="data"),
    path("search/", home.search, name="search"),
]
