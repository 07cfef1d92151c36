"""The staff admin: every tracker record, its related records inline, its history.

Three things hold for every record here, whatever its model:

- **No lost edits.** Each form, and each inline row, carries the version of
  the record it was opened on (a hidden `loaded_version` field). A form
  whose record has moved on since is refused with a form error that says
  who changed what, and keeps the user's input; saving again then replaces
  their version knowingly. The database holds the same check (see
  `Tracked`), so a save racing past the form's check is refused too: the
  admin rolls the whole page back and shows the same form error. The admin
  saves the parent record on every submit, so any save of a page raises the
  parent's version: a page opened before someone else saved it is refused
  as a whole, even if the two people touched different inline rows.
- **No query per row.** Changelists select what they show
  (`list_select_related`), foreign keys are Select2 autocompletes that
  render only the chosen option, and those options come from the objects
  the form already holds, so a change form costs the same number of queries
  with 5 inline rows or 500.
- **History and export.** History pages show each change's old and new
  values; every changelist exports its current selection as CSV.

API tokens are listed (who, issued, expires) without key or digest, for
staff to revoke (`tokens.py`).
"""

from . import records, tokens  # noqa: F401  (registers every model)
from .base import STALE_MESSAGE, VERSION_FIELD, CitationInline, TrackedForm, export_csv

__all__ = ["STALE_MESSAGE", "VERSION_FIELD", "CitationInline", "TrackedForm", "export_csv"]
