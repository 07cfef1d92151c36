"""
Every record carries `url` (itself in the API) and, where it has a public
page, `html_url`. A related record is written as its identifier (a slug, an
ISO code or a key) and read back as a short reference (`Ref`) with its own
links, so a consumer follows links instead of guessing URLs. Detail
serializers embed what a consumer needs, read from the rows that the
models' `for_detail()` prefetched: none of them makes a query of its own.

Writes are validated as the admin validates them: field by field, then the
model's `full_clean()` (its `clean()`, unique checks and database
constraints), so the API accepts exactly what the admin accepts.
"""
