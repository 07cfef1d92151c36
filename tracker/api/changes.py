"""The changes feed, /api/v1/changes/: every record created, changed or deleted,
oldest first, for clients that keep a copy of the data in sync.

It is read from the records' history (django-simple-history), not from a
table of tombstones. The history already holds one row per save and per
delete of every record, with its time and its kind ("+" created, "~" changed,
"-" deleted), written by every path that writes (the admin, the API, fixture
loads, imports), and it is kept as long as the records' own history pages
need it. A tombstone table would be a second record of the same deletes,
written by a signal or by every delete path, that could disagree with the
history and would need its own retention rule.

The feed is one UNION ALL over the history tables of the record types the API
serves, filtered by `since` on each (each history table has an index on its
date), ordered by time, type and history row, and paged like every list:
two queries per page (its count and its rows), however many changes there
are. An entry names the record as it was then: a record whose slug changed
appears under its old slug in older entries.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import CharField, F, Value
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers

from tracker import records

from .filtering import IsoDateTimeField
from .pagination import Pagination
from .serializers.base import detail_url

SINCE_HELP = (
    "Only changes made at or after this time: an ISO 8601 date (2024-05-01, midnight "
    "UTC) or date and time (2024-05-01T12:00:00Z; without an offset, UTC)."
)
COLUMNS = ("history_date", "record_type", "history_id", "record_ident", "history_type")
ACTIONS = {"+": "created", "~": "updated", "-": "deleted"}
AT = serializers.DateTimeField()  # one for every row


def changes_since(since=None, types=None):
    """Every history row of the API's record types, as one ordered queryset of dicts."""
    parts = []
    for record in records.RECORDS:
        if types and record.name not in types:
            continue
        history = record.model.history.model.objects.all()
        if since is not None:
            history = history.filter(history_date__gte=since)
        parts.append(
            history.annotate(
                record_type=Value(record.name, output_field=CharField()),
                record_ident=F(record.lookup),
            )
            .values_list(*COLUMNS)
            .order_by()
        )
    first, *rest = parts
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("history_date", "record_type", "history_id")


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[record.name for record in records.RECORDS], help_text="The kind of record."
    )
    id = serializers.CharField(help_text="Its identifier (slug, ISO code or key) at that time.")
    url = serializers.URLField(
        help_text="The record in this API (a 404 once it is deleted, or if it was renamed)."
    )
    action = serializers.ChoiceField(
        choices=list(ACTIONS.values()), help_text="What happened to the record."
    )
    at = serializers.DateTimeField(help_text="When it happened.")

    def to_representation(self, row):
        at, kind, _history_id, ident, action = row
        record = records.BY_NAME[kind]
        ident = ident.lower() if record.lookup == "code" else ident
        return {
            "type": kind,
            "id": ident,
            "url": detail_url(record.basename, ident, self.context.get("request")),
            "action": ACTIONS[action],
            "at": AT.to_representation(at),
        }


class ChangesPagination(Pagination):
    # A union cannot be filtered by key afterwards, as the deep paginator does.
    django_paginator_class = Paginator


class ChangesView(generics.GenericAPIView):
    """Every record created, changed or deleted, oldest first.

    Keep a copy in sync by reading from where the last read stopped: pass
    `since` the `at` of the last entry you kept (entries at that same time
    come again; skip those you have). A deleted record appears here with the
    action `deleted`; a list's `updated_since` cannot show it.
    """

    serializer_class = ChangeSerializer
    permission_classes = [permissions.AllowAny]  # a read for anyone, like every list
    pagination_class = ChangesPagination
    known = {"since", "type", "page", "page_size"}

    @extend_schema(
        summary="List changes to records",
        responses=ChangeSerializer(many=True),
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATETIME, description=SINCE_HELP),
            OpenApiParameter(
                "type",
                str,
                many=True,
                enum=[record.name for record in records.RECORDS],
                description="Only changes to records of these types (repeat it for several).",
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        errors = {
            name: ["Unknown parameter. This list takes: " + ", ".join(sorted(self.known)) + "."]
            for name in request.query_params
            if name not in self.known
        }
        since = None
        raw = request.query_params.get("since")
        if raw is not None:
            try:
                since = IsoDateTimeField().clean(raw)
            except forms.ValidationError as error:
                errors["since"] = error.messages
        types = request.query_params.getlist("type")
        unknown = sorted(set(types) - set(records.BY_NAME))
        if unknown:
            errors["type"] = [
                f"Unknown type {', '.join(unknown)}. Choose from: "
                + ", ".join(record.name for record in records.RECORDS)
                + "."
            ]
        if errors:
            raise exceptions.ValidationError(errors)
        rows = changes_since(since, set(types))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
