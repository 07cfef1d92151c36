"""Public responses cached for exactly as long as the data they show.

Every write to a tracker record (a save, a delete, a many-to-many change, a
fixture load) raises, once its transaction commits, the counter of its kind
of row (`RecordVersion`, one per model: "statement", "city"...) and the
overall counter in `DataVersion`. A page is keyed on the counters of the
kinds of row it shows (`tracker.records.reads`: a city's page reads cities,
countries, memberships... but no statements), so an edit invalidates the
pages that show what it changed and leaves the others cached. An anonymous
GET is answered from the cache when a response for the same URL, accepted
formats (which of the types the site serves the `Accept` header names:
never the raw header, so varying it cannot fill the cache), day and
versions of what it reads is there; its ETag carries the same parts (unless
the response has its own: an API record's version), so a client that has it
gets a 304. A client that accepts gzip (every browser) gets the cached answer
compressed: compressed once, when first asked for, and kept beside it (the
home page of the scale-1 benchmark's 2,032 cities: 716,752 bytes, 106,119
compressed). A
request that carries a session cookie or credentials, or that writes, is
never served from or stored in the cache, and neither is a response that
sets a cookie or is not a 200, nor one to a query string with a parameter
its view does not read (`vouch`).

The middleware answers the HTML pages, feeds and exports. The API asks the
same `Slot` itself (tracker.api.caching), once its throttles have counted the
request, so a cached API answer is still throttled; this module knows nothing
of the API.
"""

import hashlib
import re
from functools import cache as cache_once

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from .models import ApiToken, DataVersion, RecordVersion

CACHED_METHODS = ("GET", "HEAD")
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/static/", "/api/docs/", "/api/schema/")
# Answered from the cache by the API itself, once its throttles have counted the request.
API_PREFIX = "/api/"
# A cached answer is kept compressed too, for the clients that accept gzip, if it
# is text of at least this many bytes (a shorter one gains nothing).
COMPRESSED_TYPES = ("text/", "application/json", "application/atom+xml", "application/xml")
MIN_COMPRESSED_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def current_version():
    return DataVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def scope_of(model):
    """The counter a write to `model` raises: its model's name ("statement");
    a many-to-many table's is its model's."""
    model = model._meta.auto_created or model
    return model._meta.concrete_model._meta.model_name


def record_versions():
    """{scope: version} of every kind of row written since the counters began.

    Every cacheable request reads them, hit or miss: as SQL text written once
    from the model's metadata (`versions_sql`), since the ORM would compile the
    same query for every request, a third of a cached answer's time."""
    with connections[router.db_for_read(RecordVersion)].cursor() as cursor:
        cursor.execute(versions_sql())
        return dict(cursor.fetchall())


@cache_once
def versions_sql():
    quote = connections[router.db_for_read(RecordVersion)].ops.quote_name
    meta = RecordVersion._meta
    scope, version = (quote(meta.get_field(name).column) for name in ("scope", "version"))
    return f"SELECT {scope}, {version} FROM {quote(meta.db_table)}"


def raise_counter(manager, name, value, **lookup):
    if not manager.filter(**lookup).update(version=F("version") + 1):
        try:
            with transaction.atomic():
                manager.create(**{name: value}, version=1)
        except IntegrityError:  # another process created it first
            manager.filter(**lookup).update(version=F("version") + 1)


def every_scope():
    """The scope of every model whose writes show on public pages."""
    from django.apps import apps

    return {
        scope_of(model)
        for model in apps.get_app_config("tracker").get_models()
        if model not in (DataVersion, RecordVersion, ApiToken)
        and not model.__name__.startswith("Historical")
    }


def bump(scopes=None):
    """Raise the overall counter and those of `scopes`: of every kind of row if
    none are named (after bulk writes that send no signals: a restore, generated data)."""
    raise_counter(DataVersion.objects, "pk", 1, pk=1)
    scopes = every_scope() if scopes is None else set(scopes)
    present = set(RecordVersion.objects.filter(scope__in=scopes).values_list("scope", flat=True))
    if present:
        RecordVersion.objects.filter(scope__in=present).update(version=F("version") + 1)
    for scope in sorted(scopes - present):
        raise_counter(RecordVersion.objects, "scope", scope, scope=scope)


class Bump:
    """One transaction's pending bump: the kinds of row it wrote."""

    def __init__(self, scope):
        self.scopes = {scope}

    def __call__(self):
        bump(self.scopes)


def bump_on_commit(sender, **kwargs):
    """Receiver for every tracker write: one bump when the transaction commits."""
    if sender._meta.app_label != "tracker" or sender in (DataVersion, RecordVersion, ApiToken):
        return  # API tokens are no public data: issuing one leaves the cache as it is
    if sender.__name__.startswith("Historical"):
        return  # a history row always comes with the write it records
    connection = transaction.get_connection(router.db_for_write(sender))
    scope = scope_of(sender)
    # at most one pending bump per transaction; a rolled-back savepoint drops
    # its callbacks, so a later write in the transaction schedules a new one
    if connection.in_atomic_block:
        for callback in connection.run_on_commit:
            if isinstance(callback[1], Bump):
                callback[1].scopes.add(scope)
                return
    transaction.on_commit(Bump(scope), using=connection.alias)


def is_cacheable(request):
    return (
        request.method in CACHED_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


# The media types the site answers in, by the short name a cache key uses;
# any other type in `Accept` is "other".
SERVED_TYPES = {
    "text/html": "html",
    "application/json": "json",
    "text/calendar": "ics",
    "application/atom+xml": "atom",
    "text/csv": "csv",
    "*/*": "any",
    "text/*": "text",
    "application/*": "application",
}


def accepted_formats(request):
    """Which served types the `Accept` header names, e.g. "any+html": a few
    hundred values at most, whatever the header says."""
    names = set()
    for item in request.headers.get("Accept", "").split(","):
        media_type = item.split(";", 1)[0].strip().lower()
        names.add(SERVED_TYPES.get(media_type, "other"))
    return "+".join(sorted(names))


def route_reads(request):
    """The scopes the page at the request's path shows (None: any of them)."""
    from .records import reads

    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return reads(match.view_name)


def version_of(request):
    """The versions of what the request's page shows, as one string."""
    versions = record_versions()
    scopes = route_reads(request)
    if scopes is None:
        scopes = versions
    return ",".join(f"{scope}:{versions.get(scope, 0)}" for scope in sorted(scopes))


def fingerprint(request, version):
    parts = (
        str(version),
        timezone.localdate().isoformat(),  # pages say what is "upcoming" and "today"
        request.get_host(),
        request.get_full_path(),
        accepted_formats(request),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def vouch(request, known):
    """A view's word that it reads every parameter of the request's query string
    (`known`: the names it reads). An answer to a query string is kept only on
    that word, so parameters no page reads (`?x=1`, `?x=2`...) cannot each make
    an entry of their own."""
    request.reads_whole_query = set(request.GET) <= set(known)


def etag_matches(header, etag):
    """Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 13.1.2)."""
    if not header or not etag:
        return False
    if header.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag.removeprefix("W/") in tags


def not_modified_or(request, response):
    """A 304 if the request's If-None-Match names the response's ETag, else the response."""
    etag = response.get("ETag")
    if response.status_code == 200 and etag_matches(request.headers.get("If-None-Match"), etag):
        return HttpResponseNotModified(headers={"ETag": etag})
    return response


class Slot:
    """A cacheable request's place in the cache: its key and its ETag."""

    def __init__(self, request):
        digest = fingerprint(request, version_of(request))
        self.request = request
        self.etag = f'"{digest}"'
        self.key = f"page:{digest}"
        self.gzip = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))

    @classmethod
    def of(cls, request):
        """The request's slot, or None if the cache may not answer or keep it."""
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable(request):
            return None
        return cls(request)

    def answer(self, response):
        """A 304 if the client holds this version already, else the response."""
        return not_modified_or(self.request, response)

    def get(self):
        """The cached answer (compressed for a client that accepts gzip), or None."""
        if self.gzip:
            compressed = cache.get(f"{self.key}:gzip")
            if compressed is not None:
                return self.answer(compressed)
        cached = cache.get(self.key)
        if cached is None:
            return None
        if self.gzip and compressible(cached):
            compressed = compressed_copy(cached)
            cache.set(f"{self.key}:gzip", compressed, settings.PAGE_CACHE_SECONDS)
            return self.answer(compressed)
        return self.answer(cached)

    def store(self, response, kept=None):
        """Keep a rendered 200 that sets no cookie; answer with it (or a 304).

        `kept` gives what the cache keeps of the response (by default the response
        itself): the API keeps its body and headers, not the data it was rendered from.
        """
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        if self.request.GET and not getattr(self.request, "reads_whole_query", False):
            return response
        # a response that knows its own ETag (an API record's version) keeps it
        response.headers.setdefault("ETag", self.etag)
        response.headers.setdefault("Cache-Control", "no-cache")
        if compressible(response):  # the same address may answer compressed
            patch_vary_headers(response, ("Accept-Encoding",))
        cache.set(self.key, kept(response) if kept else response, settings.PAGE_CACHE_SECONDS)
        return self.answer(response)


def compressible(response):
    """Whether a cached answer is worth keeping compressed too."""
    return (
        not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").startswith(COMPRESSED_TYPES)
        and len(response.content) >= MIN_COMPRESSED_BYTES
    )


def compressed_copy(response):
    """The cached answer gzip-compressed, as Django's GZipMiddleware would send it:
    its ETag made weak (the same content, another encoding)."""
    compressed = HttpResponse(
        compress_string(response.content), status=response.status_code, headers=response.headers
    )
    compressed["Content-Encoding"] = "gzip"
    compressed["Content-Length"] = str(len(compressed.content))
    etag = response.get("ETag")
    if etag and not etag.startswith("W/"):
        compressed["ETag"] = f"W/{etag}"
    return compressed


class PublicResponseCacheMiddleware:
    """The cache for the HTML pages, feeds and exports.

    The API caches its own reads (tracker.api.caching) once DRF has
    authenticated and throttled the request, so this leaves /api/ alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        slot = None if request.path.startswith(API_PREFIX) else Slot.of(request)
        if slot is None:
            return self.get_response(request)
        cached = slot.get()
        if cached is not None:
            return cached
        return slot.store(self.get_response(request))
