"""/api/v1/export/: the list of downloads, and the downloads themselves, streamed.

The downloads are made by `tracker.exports` as they are sent. They are
throttled as the pages' exports are (`tracker.throttling`: PAGE_THROTTLE_EXPORT
per anonymous client) on top of the API's own rates, and never cached.
"""

from django.http import StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, views
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from tracker import exports, records
from tracker.exports import jsonl, popolo, tables


class AnyAccept(DefaultContentNegotiation):
    """A download is what it is, whatever the client says it accepts."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Download(views.APIView):
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = AnyAccept
    media_type = ""
    extension = ""

    def stream(self, request, **kwargs):
        raise NotImplementedError

    def filename(self, **kwargs):
        return f"ascn-tracker.{self.extension}"

    def get(self, request, **kwargs):
        if request.query_params:
            names = ", ".join(sorted(request.query_params))
            raise exceptions.ValidationError(
                {"detail": f"A download takes no parameters (got: {names})."}
            )
        response = StreamingHttpResponse(
            self.stream(request, **kwargs), content_type=f"{self.media_type}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename(**kwargs)}"'
        response["Cache-Control"] = "no-store"
        return response


def download_schema(summary, media_type, parameters=(), body=OpenApiTypes.STR):
    """The schema of a download: its body a text of `media_type`, or, for a JSON
    document, `body` (an object)."""
    return extend_schema(
        summary=summary,
        parameters=list(parameters),
        responses={(200, media_type): OpenApiResponse(body)},
    )


KIND = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    enum=[record.name for record in records.RECORDS],
    description="The record type.",
)


class JsonLinesDownload(Download):
    """Every record, one JSON object per line, with the citations that back it."""

    media_type = "application/x-ndjson"
    extension = "jsonl"

    @download_schema("Download every record as JSON Lines", media_type)
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def stream(self, request, **kwargs):
        return jsonl.lines(request)


class PopoloDownload(Download):
    """People, organisations, posts, memberships, meetings (events) and statements
    (speeches) as one Popolo JSON document."""

    media_type = "application/json"
    extension = "popolo.json"

    @download_schema(
        "Download people, organisations and meetings as Popolo JSON",
        media_type,
        body=OpenApiTypes.OBJECT,
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def stream(self, request, **kwargs):
        return popolo.document(request)


class CsvDownload(Download):
    """One record type as CSV: ISO 8601 dates, identifiers and URLs."""

    media_type = "text/csv"
    extension = "csv"

    def record(self, kind):
        record = records.BY_NAME.get(kind)
        if record is None:
            choices = ", ".join(r.name for r in records.RECORDS)
            raise exceptions.NotFound(f"No download {kind}.csv: the types are {choices}.")
        return record

    def filename(self, kind):
        return f"ascn-tracker-{kind}.csv"

    @download_schema("Download one record type as CSV", media_type, [KIND])
    def get(self, request, kind):
        self.record(kind)
        return super().get(request, kind=kind)

    def stream(self, request, kind):
        return tables.rows(request, self.record(kind))


class ExportView(views.APIView):
    """The downloads of the whole dataset, their formats and their licence."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(summary="List the downloads", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        downloads = [
            {**{k: v for k, v in d.items() if k != "path"}, "url": absolute(request, d["path"])}
            for d in exports.downloads()
        ]
        return Response(
            {
                "licence": exports.licence(),
                "attribution": "ASCN Tracker; each fact comes from the sources it cites.",
                "downloads": downloads,
                "page": absolute(request, reverse("tracker:data")),
            }
        )


def absolute(request, path):
    return request.build_absolute_uri(path)
