"""The JSON API under /api/v1/.

`serializers/` (what each record shows and how a write is read, by subject),
`views.py` (the viewsets), `urls.py` (the router), `errors.py`,
`pagination.py`, `filtering.py`, `throttles.py`, `caching.py` and
`schema.py`. Nothing is imported here, so that DRF's settings can name a
module of the package without importing the rest.
"""
