"""The services for writes that span records, called as a script or the admin would."""

import pytest
from django.db import transaction

from tests.factories import make_citation, make_meeting, make_participation, make_person
from tracker import models
from tracker.services.meetings import write_participants
from tracker.services.sources import DEFAULT_FIXTURES, fixture_path, load_missing_records

pytestmark = pytest.mark.django_db


def test_write_participants_keeps_changes_adds_and_removes():
    meeting = make_meeting()
    kept = make_participation(meeting=meeting, note="Before.")
    citation = make_citation(kept)
    dropped = make_participation(meeting=meeting)
    newcomer = make_person()

    with transaction.atomic():
        write_participants(
            meeting,
            [
                {"key": kept.key, "person": kept.person, "role": models.ParticipantRole.SPEAKER},
                {"person": newcomer, "role": models.ParticipantRole.DELEGATE},
            ],
        )

    rows = {p.person_id: p for p in meeting.participations.all()}
    assert set(rows) == {kept.person_id, newcomer.pk}
    assert rows[kept.person_id].pk == kept.pk  # changed in place, not replaced
    assert rows[kept.person_id].role == models.ParticipantRole.SPEAKER
    assert rows[kept.person_id].note == ""  # a field the row leaves out is blanked
    assert models.Citation.objects.filter(pk=citation.pk, participation=kept).exists()
    assert not models.Participation.objects.filter(pk=dropped.pk).exists()


def test_write_participants_lets_a_new_row_take_a_place_given_up():
    meeting = make_meeting()
    person = make_person()
    old = make_participation(meeting=meeting, person=person)
    other = make_person()

    write_participants(
        meeting,
        [
            {"key": old.key, "person": other, "role": models.ParticipantRole.DELEGATE},
            {"person": person, "role": models.ParticipantRole.DELEGATE},
        ],
    )

    assert sorted(meeting.participations.values_list("person_id", flat=True)) == sorted(
        [person.pk, other.pk]
    )


def test_load_missing_records_adds_only_what_is_missing(source_data):
    statement = models.Statement.objects.get(key="m6-safrizal-za-collaboration")
    statement.delete()
    added = kept = 0
    for name in DEFAULT_FIXTURES:
        a, k = load_missing_records(fixture_path(name))
        added, kept = added + a, kept + k
    assert added >= 1
    assert kept > 0
    assert models.Statement.objects.filter(key=statement.key).exists()
    assert sum(load_missing_records(fixture_path(n))[0] for n in DEFAULT_FIXTURES) == 0
