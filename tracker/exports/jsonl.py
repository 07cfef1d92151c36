"""JSON Lines: one line per record of every type, as the API's lists show it,
with the citations that back it embedded as `sources`.

Each line is `{"type": "<record type>", ...}`; types come in the order of
`tracker.records.RECORDS`, records in the order they were created (by key).
"""

import json

from django.db.models import Prefetch

from tracker import models, records

from . import in_chunks


def has_citations(model):
    """Whether `model`'s records cite sources (a source's own `citations` are those
    it backs, not its sources)."""
    return any(
        models.Citation._meta.get_field(name).related_model is model for name in models.CITED_FIELDS
    )


def rows_of(record):
    """The records of one type, read as the API's list reads them, with their citations."""
    queryset = record.model.objects.for_list().order_by("pk")
    if has_citations(record.model):
        citations = models.Citation.objects.select_related("source").order_by("pk")
        queryset = queryset.prefetch_related(Prefetch("citations", queryset=citations))
    return queryset


def lines(request):
    """The download's text, a chunk of lines at a time."""
    from tracker.api.serializers.embedded import CitationSerializer
    from tracker.api.views import viewsets_by_model

    viewsets = viewsets_by_model()
    context = {"request": request}
    for record in records.RECORDS:
        serializer_class = viewsets[record.model].list_serializer_class
        cited = has_citations(record.model)
        for chunk in in_chunks(rows_of(record)):
            data = serializer_class(chunk, many=True, context=context).data
            out = []
            for obj, row in zip(chunk, data, strict=True):
                line = {"type": record.name, **row}
                if cited:
                    line["sources"] = CitationSerializer(
                        obj.citations.all(), many=True, context=context
                    ).data
                out.append(json.dumps(line, ensure_ascii=False, default=str))
            yield "\n".join(out) + "\n"
