"""The API's router: one list and detail address per record type, and the root."""

from rest_framework import routers

from . import views


class Router(routers.DefaultRouter):
    APIRootView = views.RootView


router = Router()
router.register("countries", views.CountryViewSet, basename="country")
router.register("cities", views.CityViewSet, basename="city")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("posts", views.PostViewSet, basename="post")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("sources", views.SourceViewSet, basename="source")
