"""The people, organisations and meetings as Popolo JSON (popoloproject.com).

One JSON document: `{"persons": [...], "organizations": [...], "posts": [...],
"memberships": [...], "events": [...], "speeches": [...]}`, each object named
by its identifier in the tracker (a slug, or a key for posts and statements),
so the `_id` properties join them.

- persons: people; organizations: organisations (with their parent).
- posts and memberships: a tracker Post is a person holding a role in an
  organisation between two dates, which Popolo splits in two: the post (the
  role in the organisation) and the membership that holds it (the person,
  with the dates). Both take the post's key as their id.
- events: meetings (the host as `organization_id`, the parent meeting as
  `parent_id`, the place as `location`).
- speeches: statements (the speaker as `creator_id` when a person, the words
  in `text`, the meeting as `event_id`; `date` is the day at 00:00 UTC, as
  Popolo asks for a date and time, and only when the day is known).

Every object lists the documents it comes from in `sources`, Popolo links:
the source's own address, or its record in this API where it has none, with
the source's title as the note. Dates known only to the year or the month are
written so ("2021", "2021-05"), as Popolo allows.
"""

import json

from django.db.models import Prefetch
from django.urls import reverse

from tracker import models

from . import date_at, in_chunks, moment


def links(request, obj):
    result = []
    for citation in obj.citations.all():
        source = citation.source
        url = source.url or request.build_absolute_uri(
            reverse("api:source-detail", args=[source.slug])
        )
        result.append({"url": url, "note": source.title})
    return result


def cited(queryset):
    citations = models.Citation.objects.select_related("source").order_by("pk")
    return queryset.prefetch_related(Prefetch("citations", queryset=citations)).order_by("pk")


def stamps(obj):
    return {"created_at": moment(obj.created_at), "updated_at": moment(obj.updated_at)}


def person(request, obj):
    return {
        "id": obj.slug,
        "name": obj.name,
        "sort_name": obj.sort_name or None,
        "summary": obj.summary or None,
        "national_identity": obj.country.name if obj.country else None,
        "links": [{"url": request.build_absolute_uri(obj.get_absolute_url()), "note": "page"}],
        "sources": links(request, obj),
        **stamps(obj),
    }


def organization(request, obj):
    other_names = [{"name": obj.abbreviation, "note": "abbreviation"}] if obj.abbreviation else []
    return {
        "id": obj.slug,
        "name": obj.name,
        "other_names": other_names,
        "classification": obj.kind or None,
        "parent_id": obj.parent.slug if obj.parent else None,
        "founding_date": date_at(obj.founded_on, obj.founded_precision),
        "dissolution_date": date_at(obj.dissolved_on),
        "links": [{"url": request.build_absolute_uri(obj.get_absolute_url()), "note": "page"}],
        "sources": links(request, obj),
        **stamps(obj),
    }


def post(request, obj):
    return {
        "id": obj.key,
        "label": f"{obj.role}, {obj.organisation.name}",
        "role": obj.role,
        "organization_id": obj.organisation.slug,
        "sources": links(request, obj),
        **stamps(obj),
    }


def membership(request, obj):
    return {
        "id": obj.key,
        "person_id": obj.person.slug,
        "organization_id": obj.organisation.slug,
        "post_id": obj.key,
        "role": obj.role,
        "start_date": date_at(obj.start_date, obj.start_precision),
        "end_date": date_at(obj.end_date, obj.end_precision),
        "sources": links(request, obj),
        **stamps(obj),
    }


def event(request, obj):
    return {
        "id": obj.slug,
        "name": obj.title,
        "description": obj.summary or None,
        "start_date": date_at(obj.start_date, obj.date_precision),
        "end_date": date_at(obj.end_date, obj.date_precision),
        "location": str(obj.place) if obj.place else None,
        "status": obj.status or None,
        "classification": obj.kind or None,
        "organization_id": obj.host.slug if obj.host else None,
        "parent_id": obj.parent.slug if obj.parent else None,
        "sources": links(request, obj),
        **stamps(obj),
    }


def speech(request, obj):
    speaker = obj.speaker_person or obj.speaker_organisation
    day = obj.made_on if obj.made_precision == models.DatePrecision.DAY else None
    return {
        "id": obj.key,
        "creator_id": obj.speaker_person.slug if obj.speaker_person else None,
        "role": obj.post.role if obj.post else None,
        "attribution_text": speaker.name if speaker else None,
        "text": obj.text,
        "date": f"{day.isoformat()}T00:00:00Z" if day else None,
        "type": obj.kind or None,
        "event_id": obj.meeting.slug if obj.meeting else None,
        "sources": links(request, obj),
        **stamps(obj),
    }


def collections():
    """Each Popolo collection: its name, its rows and how one is written."""
    place = models.Place.objects.select_related("parent__parent")
    return [
        ("persons", cited(models.Person.objects.select_related("country")), person),
        (
            "organizations",
            cited(models.Organisation.objects.select_related("parent")),
            organization,
        ),
        ("posts", cited(models.Post.objects.select_related("organisation")), post),
        (
            "memberships",
            cited(models.Post.objects.select_related("person", "organisation")),
            membership,
        ),
        (
            "events",
            cited(
                models.Meeting.objects.select_related("host", "parent").prefetch_related(
                    Prefetch("place", queryset=place)
                )
            ),
            event,
        ),
        (
            "speeches",
            cited(
                models.Statement.objects.select_related(
                    "speaker_person", "speaker_organisation", "post", "meeting"
                )
            ),
            speech,
        ),
    ]


def document(request):
    """The JSON document's text, a chunk of objects at a time."""
    yield "{"
    for number, (name, queryset, write) in enumerate(collections()):
        yield f'{"," if number else ""}"{name}":['
        first = True
        for chunk in in_chunks(queryset):
            text = ",".join(json.dumps(write(request, obj), ensure_ascii=False) for obj in chunk)
            yield ("" if first else ",") + text
            first = False
        yield "]"
    yield "}\n"
