from django.urls import path, register_converter

from . import feeds, views


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
    path("", views.home, name="home"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<country_code:code>/", views.CountryDetailView.as_view(), name="country-detail"
    ),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/feed.ics", feeds.meeting_feed_ics, name="meeting-feed-ics"),
    path("meetings/feed.atom", feeds.MeetingAtomFeed(), name="meeting-feed-atom"),
    path("meetings/<slug:slug>.ics", feeds.meeting_ics, name="meeting-ics"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("search/", views.search, name="search"),
]
