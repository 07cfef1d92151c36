"""Writing a meeting's participants."""

from tracker import models


def row_values(row):
    """The field values a participant row writes: those it leaves out are blanked."""
    blank = dict.fromkeys((*models.PARTICIPANT_FIELDS, "behalf_country"))
    blank.update(behalf_organisation=None, post=None, attendance="", note="")
    return {**blank, **{name: value for name, value in row.items() if name != "key"}}


def write_participants(meeting, rows):
    """Make the meeting's participants exactly `rows`; the caller holds the transaction.

    Each row is a dict of Participation field values. A row whose `key` is one
    of the meeting's participants changes that row in place (keeping its
    sources); a row without a key adds a participant; the participants no row
    names are removed. Fields a row leaves out are blanked.
    """
    # Read afresh, not from a prefetch: the rows as they are now.
    current = {p.key: p for p in models.Participation.objects.filter(meeting=meeting)}
    kept = {row["key"] for row in rows if row.get("key")}
    for key, participation in current.items():
        if key not in kept:
            participation.delete()
    # Rows already there first: a new row may take the participant another row gives up.
    for row in sorted(rows, key=lambda row: not row.get("key")):
        values = row_values(row)
        participation = current.get(row.get("key")) or models.Participation(meeting=meeting)
        for name, value in values.items():
            setattr(participation, name, value)
        participation.save()
