"""What a record's page reads of the meetings and participations it lists in short:
only the columns it shows (a meeting linked and dated, a participant named and
linked), not every column of every joined row. The API's detail of the same
record shows the same rows from the same reads."""

from django.db.models import Prefetch

from .base import format_range

# what a reference to a meeting, linked and dated, reads of it
MEETING_REF_FIELDS = tuple(
    f"meeting__{field}" for field in ("title", "slug", "start_date", "end_date", "date_precision")
)


class MeetingExcerpts:
    """For `MeetingQuerySet`."""

    def dated_refs(self, keys):
        """The meetings of `keys` as a page links and dates them, as values:
        {key: (title, slug, start date, its dates at their precision)}."""
        return dated_refs(self.filter(pk__in=keys).dated_values())

    def dated_values(self):
        """These meetings as `dated_refs()` reads them, for `dated_refs()`."""
        return self.values_list("pk", "title", "slug", "start_date", "end_date", "date_precision")


def dated_refs(rows):
    """{key: (title, slug, start date, its dates at their precision)} of the rows of
    `MeetingQuerySet.dated_values()`."""
    return {
        pk: (title, slug, start, format_range(start, end, precision))
        for pk, title, slug, start, end, precision in rows
    }


class ParticipationExcerpts:
    """For `ParticipationQuerySet`."""

    def for_excerpt(self):
        """Participations as a record's page lists its delegations: their role and
        attendance, and only what the list shows of each meeting (linked and dated)."""
        return self.select_related("meeting").only(
            "key", "meeting", "role", "attendance", "note", *MEETING_REF_FIELDS
        )

    def for_representations(self):
        """Participations as a record's page lists those on its behalf: who took part
        (named and linked), in which post, at which meeting (linked and dated)."""
        from .meetings import PARTICIPANT_FIELDS
        from .people import Post

        named = ("name", "slug")
        return (
            self.select_related("meeting", "person", "organisation", "country", "city")
            .only(
                *("key", "meeting", "role", "attendance", "post", *MEETING_REF_FIELDS),
                *(
                    f"{kind}__{field}"
                    for kind in ("person", "organisation", "city")
                    for field in named
                ),
                *("country__name", "country__code", *PARTICIPANT_FIELDS),
            )
            .prefetch_related(
                Prefetch(
                    "post",
                    queryset=Post.objects.select_related("organisation").only(
                        "key", "role", "organisation__name", "organisation__slug"
                    ),
                )
            )
        )
