"""The JSON API under /api/v1/: viewsets, router, and the rules they share.

- Reads are open to anyone; a write needs an authenticated user (token or
  session) holding the model's add, change or delete permission.
- Lists filter with the same FilterSets as the HTML pages, search with `q`,
  sort with `ordering`, and page with `page` and `page_size`; a value the
  API cannot use is a 400 that says why, never a filter silently ignored.
- Every viewset reads through its model's `for_list()` or `for_detail()`, or,
  where a read answer shows less than the pages read, through its
  `for_api_list()` or `for_api_detail()` (tracker/models/api_reads.py).
- Errors are RFC 9457 problem details (`application/problem+json`): `type`,
  `title`, `status`, `detail`, a stable `code`, and for a 400 `errors`
  (`{field: [messages]}`); see tracker/api/errors.py.
- Anonymous and authenticated clients are throttled at the rates set by
  `API_THROTTLE_ANON` and `API_THROTTLE_USER`; an anonymous client is known
  by its address (`tracker.clients.client_address`). Every counted answer
  carries `RateLimit` and `RateLimit-Policy` headers.
- Every list page has a `Link` header (first, prev, next, last); any site's
  scripts may call the API (CORS, settings `CORS_*`).
"""

from django.contrib import admin
from django.contrib.admin.utils import get_deleted_objects
from django.db import transaction
from django.utils.text import get_text_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, routers, status, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from tracker import filters, models, paging, selectors
from tracker.models.api_reads import cite_meeting
from tracker.selectors import prepared
from tracker.tokens import ApiToken

from .caching import CachedReads
from .errors import PreconditionFailed, PreconditionRequired
from .filtering import FilterBackend, check_detail_query
from .pagination import Pagination
from .serializers import meetings, network, outcomes, people, places, projects, sources
from .serializers.tokens import TokenSerializer


class RecordViewSet(CachedReads, viewsets.ModelViewSet):
    """A model's list, detail and writes, read through its QuerySet methods."""

    model = None
    list_serializer_class = None
    detail_serializer_class = None
    lookup_field = "slug"
    # Any segment routes here, so that every unknown identifier gets the API's JSON 404.
    lookup_value_regex = r"[^/]+"
    pagination_class = Pagination
    filter_backends = [FilterBackend]
    noun = "record"
    # the QuerySet method a list reads through (`for_list()` unless the API shows less)
    list_method = "for_list"

    @property
    def _ignore_model_permissions(self):
        # DRF's model permissions ask nothing of a read (DjangoModelPermissions.perms_map),
        # but would build the list's queryset (annotations, joins) only to learn its model.
        request = getattr(self, "request", None)
        return request is not None and request.method in permissions.SAFE_METHODS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # a method the address does not take has no action: its answer is the 405
        if self.action is not None and self.action != "list":
            check_detail_query(request)

    def list(self, request, *args, **kwargs):
        return self.cached(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached(self.read_detail, request, *args, **kwargs)

    def read_detail(self, request, *args, **kwargs):
        instance = self.get_object()
        return self.answer(instance, self.get_serializer(instance).data)

    def answer(self, instance, data, status_code=status.HTTP_200_OK, headers=()):
        """A detail or a write's answer, with the record's version as its strong ETag."""
        return Response(data, status=status_code, headers={"ETag": etag(instance), **dict(headers)})

    def get_queryset(self):
        if self.action == "list":
            return selectors.rows_of(self.model, self.list_method)  # built once a day
        return self.detail_queryset()

    @property
    def reading(self):
        """Whether the request only reads (its answer may read only what it shows);
        a view with no request (made to read its querysets) reads as a write does."""
        request = getattr(self, "request", None)
        return request is not None and request.method in permissions.SAFE_METHODS

    def detail_queryset(self):
        """A record as its detail reads it."""
        return self.model.objects.for_detail()

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return self.detail_serializer_class

    def filter_queryset(self, queryset):
        # Filters, search and ordering belong to lists; a record is found by its identifier.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def lookup_value(self):
        return self.kwargs[self.lookup_url_kwarg or self.lookup_field]

    def get_object(self):
        value = self.lookup_value()
        try:
            obj = self.read_one(value) if self.reading else self.find(value)
        except paging.RecordMissing:
            message = f"No {self.noun} with {self.lookup_field} {value!r}."
            raise exceptions.NotFound(message) from None
        self.check_object_permissions(self.request, obj)
        return obj

    def find(self, value):
        return paging.find(self.get_queryset(), self.lookup_field, value)

    def read_one(self, value):
        """The record a read shows and what its queryset prefetches, the record and
        each one-to-many relation read by a query compiled once a day."""
        record = prepared.find_one(
            self.model, self.get_queryset, self.lookup_field, value, type(self)
        )
        prepared.prefetch_for_one(record, self.get_queryset()._prefetch_related_lookups, type(self))
        return record

    # Writes: validated by the serializer (the model's full_clean), saved in a
    # savepoint so a refusal by the database leaves the request usable, and
    # answered with the record as a detail read shows it.

    def read(self, instance, status_code=status.HTTP_200_OK):
        fresh = self.detail_queryset().get(pk=instance.pk)
        data = self.get_serializer(fresh).data
        headers = {"Location": data["url"]} if status_code == status.HTTP_201_CREATED else {}
        return self.answer(fresh, data, status_code, headers)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        return self.read(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self.check_version(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if serializer.changes_nothing():
            # The record as it is: no save, no new version, no history row.
            return self.read(instance)
        with transaction.atomic():
            instance = serializer.save()
        return self.read(instance)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.check_version(request, instance)
        self.check_cascade_permissions(request, instance)
        with transaction.atomic():
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def check_cascade_permissions(self, request, instance):
        """Refuse a delete that would take with it records the user may not delete.

        The admin's own rule and collector (`get_deleted_objects`): each record
        the delete cascades to needs its model's delete permission if the admin
        shows that model. History rows and many-to-many links are not in the
        admin and need none; they go with their record, as in the admin.
        """
        _records, _counts, not_allowed, _protected = get_deleted_objects(
            [instance], request, admin.site
        )
        if not_allowed:
            kinds = get_text_list(sorted(str(name) for name in not_allowed), "and")
            self.permission_denied(
                request,
                message=f'Deleting the {self.noun} "{instance}" would also delete records '
                f"you may not delete: {kinds}. Nothing was deleted.",
            )

    def check_version(self, request, instance):
        """Refuse a write not based on the record as it is: it must send the ETag it
        read in If-Match (428 without it, 412 if the record has changed since).
        `If-Match: *` says, on purpose, "whatever the version"."""
        header = request.headers.get("If-Match", "").strip()
        current = etag(instance)
        if not header:
            raise PreconditionRequired(
                f"Send the ETag you read in If-Match: If-Match: {current} if you read "
                f"version {instance.version}. Without it, this write could overwrite a "
                "change you have not seen."
            )
        if header != "*" and current not in (tag.strip() for tag in header.split(",")):
            raise PreconditionFailed(
                f"The record is at version {instance.version} (ETag {current}), not "
                f"{header}: read it again before writing."
            )


def etag(instance):
    """A record's ETag: its version, which every save raises by one."""
    return f'"{instance.version}"'


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the record as you read it, such as `"3"` (its version); '
    "`*` to write whatever the version. Without it the write is refused (428); if "
    "someone else saved first, it is refused too (412).",
)
WRITE_RULE = (
    'Needs the change permission and `If-Match: "<version>"`, the ETag the record was '
    "read with: without it the write is refused (428), and if someone else saved first, "
    "it is refused too (412). A write that changes nothing leaves the record, its "
    "version and its history as they are."
)


def described(noun, plural):
    """One description per action, for the schema."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"{plural.capitalize()}, filtered, searched with `q`, sorted with "
            "`ordering` and paginated.",
        ),
        retrieve=extend_schema(summary=f"Read a {noun}"),
        create=extend_schema(summary=f"Create a {noun}", description="Needs the add permission."),
        update=extend_schema(
            summary=f"Replace a {noun}", description=WRITE_RULE, parameters=[IF_MATCH]
        ),
        partial_update=extend_schema(
            summary=f"Update a {noun}", description=WRITE_RULE, parameters=[IF_MATCH]
        ),
        destroy=extend_schema(
            summary=f"Delete a {noun}",
            description="Needs the delete permission, and the delete permission of every "
            "record the delete would take with it (403 names those missing), and "
            '`If-Match: "<version>"` (428 without it, 412 if stale); refused (409) while '
            "other records depend on it.",
            parameters=[IF_MATCH],
        ),
    )


@described("country", "countries")
class CountryViewSet(RecordViewSet):
    """Countries, addressed by ISO 3166-1 alpha-2 code (either case)."""

    model = models.Country
    list_serializer_class = places.CountryListSerializer
    detail_serializer_class = places.CountryDetailSerializer
    filterset_class = filters.CountryFilter
    lookup_field = "code"
    noun = "country"

    def lookup_value(self):
        return super().lookup_value().upper()

    def detail_queryset(self):
        # as the country's page reads it (selectors.country_page): capped lists
        return selectors.countries_for_page()


@described("city", "cities")
class CityViewSet(RecordViewSet):
    """Cities of the network, with their membership history, projects and sources."""

    model = models.City
    list_serializer_class = places.CityListSerializer
    detail_serializer_class = places.CityDetailSerializer
    filterset_class = filters.CityFilter
    noun = "city"

    def detail_queryset(self):
        if self.reading:
            return selectors.rows_of(self.model, "for_api_detail")  # only what it shows
        return super().detail_queryset()


@described("place", "places")
class PlaceViewSet(RecordViewSet):
    """Places meetings are held in that are not simply a network city: regions,
    localities and venues, each within its parents."""

    model = models.Place
    list_serializer_class = places.PlaceListSerializer
    detail_serializer_class = places.PlaceDetailSerializer
    filterset_class = filters.PlaceFilter
    noun = "place"

    def get_object(self):
        place = super().get_object()
        place.meetings_there = selectors.place_page(place)["meetings"]["rows"]
        return place


@described("organisation", "organisations")
class OrganisationViewSet(RecordViewSet):
    model = models.Organisation
    list_serializer_class = people.OrganisationListSerializer
    detail_serializer_class = people.OrganisationDetailSerializer
    filterset_class = filters.OrganisationFilter
    noun = "organisation"


@described("person", "people")
class PersonViewSet(RecordViewSet):
    model = models.Person
    list_serializer_class = people.PersonListSerializer
    detail_serializer_class = people.PersonDetailSerializer
    filterset_class = filters.PersonFilter
    noun = "person"

    def detail_queryset(self):
        if self.reading:
            return selectors.rows_of(self.model, "for_api_detail")  # only what it shows
        return super().detail_queryset()


@described("post", "posts")
class PostViewSet(RecordViewSet):
    """Posts: a role a person holds in an organisation, between two dates."""

    model = models.Post
    list_serializer_class = people.PostSerializer
    detail_serializer_class = people.PostDetailSerializer
    filterset_class = filters.PostFilter
    lookup_field = "key"
    noun = "post"


PARTICIPANTS_WRITE = (
    " With `participants`, the meeting's participants are written in the same "
    "transaction as the meeting: all of them or, if any row is invalid (a 400 that "
    "names the row), nothing. Sending `participants` also needs the add, change and "
    "delete permissions on participations."
)


@extend_schema_view(
    create=extend_schema(description="Needs the add permission." + PARTICIPANTS_WRITE),
    update=extend_schema(description=WRITE_RULE + PARTICIPANTS_WRITE),
    partial_update=extend_schema(description=WRITE_RULE + PARTICIPANTS_WRITE),
)
@described("meeting", "meetings")
class MeetingViewSet(RecordViewSet):
    """Meetings, each with its participants, agenda, statements and sources."""

    model = models.Meeting
    list_serializer_class = meetings.MeetingListSerializer
    detail_serializer_class = meetings.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter
    noun = "meeting"
    list_method = "for_api_list"

    def detail_queryset(self):
        # each participant, agenda item and statement with the sources that back it
        if self.reading:
            return selectors.rows_of(self.model, "for_api_detail")  # only what it shows
        return self.model.objects.for_detail().with_row_citations()

    def get_object(self):
        meeting = super().get_object()
        if self.reading:
            cite_meeting(meeting)  # the citations of it and its rows, in one query
        return meeting

    def check_participant_permissions(self, request):
        if not isinstance(request.data, dict) or "participants" not in request.data:
            return
        needed = [f"tracker.{action}_participation" for action in ("add", "change", "delete")]
        if not request.user.has_perms(needed):
            self.permission_denied(
                request,
                message="Writing participants needs the add, change and delete permissions "
                "on participations.",
            )

    def create(self, request, *args, **kwargs):
        self.check_participant_permissions(request)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.check_participant_permissions(request)
        return super().update(request, *args, **kwargs)


@described("project", "projects")
class ProjectViewSet(RecordViewSet):
    model = models.Project
    list_serializer_class = projects.ProjectSerializer
    detail_serializer_class = projects.ProjectDetailSerializer
    filterset_class = filters.ProjectFilter
    noun = "project"
    list_method = "for_api_list"


@described("membership change", "membership changes")
class MembershipViewSet(RecordViewSet):
    """Dated changes in cities' standing in the network."""

    model = models.CityMembership
    list_serializer_class = network.MembershipSerializer
    detail_serializer_class = network.MembershipDetailSerializer
    filterset_class = filters.MembershipFilter
    lookup_field = "key"
    noun = "membership change"


@described("partnership", "partnerships")
class PartnerViewSet(RecordViewSet):
    """Countries and organisations working with the network from outside it."""

    model = models.Partnership
    list_serializer_class = network.PartnershipSerializer
    detail_serializer_class = network.PartnershipDetailSerializer
    filterset_class = filters.PartnershipFilter
    lookup_field = "key"
    noun = "partnership"


@described("reported network total", "reported network totals")
class ReportedTotalViewSet(RecordViewSet):
    """The number of cities a source says the network had on a date; the cities the
    sources name are the membership changes."""

    model = models.ReportedTotal
    list_serializer_class = network.ReportedTotalSerializer
    detail_serializer_class = network.ReportedTotalDetailSerializer
    filterset_class = filters.ReportedTotalFilter
    lookup_field = "key"
    noun = "reported network total"


@described("outcome of a meeting", "outcomes of meetings")
class OutcomeViewSet(RecordViewSet):
    """What meetings adopted, decided, signed or handed over, each with what it concerns."""

    model = models.Outcome
    list_serializer_class = outcomes.OutcomeListSerializer
    detail_serializer_class = outcomes.OutcomeDetailSerializer
    filterset_class = filters.OutcomeFilter
    lookup_field = "key"
    noun = "outcome"


@described("statement", "statements")
class StatementViewSet(RecordViewSet):
    model = models.Statement
    list_serializer_class = meetings.StatementSerializer
    detail_serializer_class = meetings.StatementDetailSerializer
    filterset_class = filters.StatementFilter
    lookup_field = "key"
    noun = "statement"
    list_method = "for_api_list"


@described("source", "sources")
class SourceViewSet(RecordViewSet):
    """The reports and documents every fact cites."""

    model = models.Source
    list_serializer_class = sources.SourceListSerializer
    detail_serializer_class = sources.SourceDetailSerializer
    filterset_class = filters.SourceFilter
    noun = "source"


class TokenView(generics.GenericAPIView):
    """Exchange a username and password for a new API token.

    Each request issues a new token; a user keeps at most ten, the oldest
    going first.
    """

    serializer_class = TokenSerializer
    permission_classes = []

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = ApiToken.objects.issue(serializer.validated_data["user"])
        return Response(self.get_serializer({"token": key, "expires": token.expires}).data)


class RootView(CachedReads, routers.APIRootView):
    """The ASCN Tracker API: a link to each list, the schema and its docs."""

    def get(self, request, *args, **kwargs):
        return self.cached(self.links, request, *args, **kwargs)

    def links(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["changes"] = reverse("api:changes", request=request)
        response.data["export"] = reverse("api:export", request=request)
        response.data["schema"] = reverse("api-schema", request=request)
        response.data["docs"] = reverse("api-docs", request=request)
        return response


def viewsets_by_model():
    """The viewset of each model; the router registers them from `tracker.records`."""
    return {viewset.model: viewset for viewset in RecordViewSet.__subclasses__()}
