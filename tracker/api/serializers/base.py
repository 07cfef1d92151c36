"""What every record's serializer shares: references and links.

A related record is written as its identifier (a slug, an ISO code or a key)
and read back as a short reference (`Ref`) with its own links. A write is
checked with the model's `full_clean()`, so the API accepts exactly what the
admin accepts.
"""

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker import models, records
from tracker.urlcache import page_url, url_maker

# --- References between records ---------------------------------------------

# The API endpoint of each model that has one: basename and lookup (from the registry).
ENDPOINTS = {record.model: (record.basename, record.identify) for record in records.RECORDS}

# The type name of every record a reference can point at.
REF_TYPES = {
    models.Source: "source",
    **{models.Citation._meta.get_field(name).related_model: name for name in models.CITED_FIELDS},
}


# A path whose absolute address is the site's root and the path as it is
# (what `build_absolute_uri` gives it: nothing to resolve, quote or encode).
PLAIN_PATH = re.compile(r"/(?![/.])[-a-zA-Z0-9_/%]*")


class Links:
    """One request's record addresses: each URL pattern reversed once
    (`url_maker`), the site's root read once, not for every row, and each
    record's reference made once."""

    def __init__(self, request):
        self.request = request
        self.root = request.build_absolute_uri("/")[:-1]
        self.makers = {}
        self.refs = {}

    @classmethod
    def of(cls, request):
        """The request's links, kept on the request for the whole response."""
        plain = getattr(request, "_request", request)  # DRF's request, or Django's
        links = getattr(plain, "api_links", None)
        if links is None:
            links = plain.api_links = cls(request)
        return links

    def absolute(self, path):
        if PLAIN_PATH.fullmatch(path):
            return self.root + path
        return self.request.build_absolute_uri(path)

    def ref(self, obj):
        """The reference to `obj`, made once per record for the whole response (a
        person's page names the same meetings, countries and organisations again and
        again): a copy of it each time."""
        key = (type(obj), obj.pk)
        made = self.refs.get(key)
        if made is None:
            made = self.refs[key] = make_ref(obj, self.request)
        return dict(made)

    def detail(self, basename, ident):
        maker = self.makers.get(basename)
        if maker is None:
            maker = self.makers[basename] = url_maker(f"api:{basename}-detail")
        return self.absolute(maker(ident))


def detail_url(basename, ident, request):
    """The API address of the record `ident` of the endpoint `basename`: its URL
    pattern reversed once (`page_url`), not for every row of a list or download."""
    if request is None:
        return page_url(f"api:{basename}-detail", ident)
    return Links.of(request).detail(basename, ident)


def api_url(obj, request):
    """The record's address in the API, or None if it has no endpoint."""
    basename, lookup = ENDPOINTS.get(type(obj), (None, None))
    if basename is None:
        return None
    return detail_url(basename, lookup(obj), request)


def html_url(obj, request):
    """The record's public page, or None if it has none."""
    if not hasattr(obj, "get_absolute_url"):
        return None
    path = obj.get_absolute_url()
    return Links.of(request).absolute(path) if request else path


def identifier(obj):
    """The record's stable identifier: ISO code, slug or key."""
    if isinstance(obj, models.Country):
        return obj.code
    return getattr(obj, "slug", None) or obj.key


def label(obj):
    """A short human label, read from the row itself (never a join)."""
    for attribute in ("name", "title"):
        value = getattr(obj, attribute, None)
        if value:
            return value
    if isinstance(obj, models.Post):
        return obj.role
    if isinstance(obj, models.Statement):
        return obj.text if len(obj.text) <= 80 else obj.text[:77] + "..."
    if isinstance(obj, models.CompositionPart):
        return str(obj)
    if isinstance(obj, models.CityMembership | models.Partnership):
        return obj.get_status_display()
    if isinstance(obj, models.Participation | models.ProjectOrganisation):
        return obj.get_role_display()
    return str(obj)


def ref(obj, request):
    if request is None or obj.pk is None:
        return make_ref(obj, request)
    return Links.of(request).ref(obj)


def make_ref(obj, request):
    return {
        "type": REF_TYPES[type(obj)],
        "id": identifier(obj),
        "name": label(obj),
        "url": api_url(obj, request),
        "html_url": html_url(obj, request),
    }


class RefSerializer(serializers.Serializer):
    """The shape of a reference, for the schema; `ref()` builds the data."""

    type = serializers.ChoiceField(
        choices=sorted(set(REF_TYPES.values())), help_text="What kind of record this is."
    )
    id = serializers.CharField(
        help_text="Its stable identifier: an ISO country code, a slug or a key."
    )
    name = serializers.CharField(help_text="Its name or title.")
    url = serializers.URLField(
        allow_null=True, help_text="The record in this API; null if the API has no endpoint."
    )
    html_url = serializers.URLField(
        allow_null=True, help_text="The record's public page; null if it has none."
    )

    class Meta:
        ref_name = "Ref"


@extend_schema_field(RefSerializer)
class RefField(serializers.RelatedField):
    """A read-only reference to the related record (or records, with many=True)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        kwargs["read_only"] = True
        return super().many_init(*args, **kwargs)

    def to_representation(self, value):
        return ref(value, self.context.get("request"))


class Related(serializers.SlugRelatedField):
    """A related record: written as its identifier, read as a reference.

    `summary` is the serializer it is read with (a `Ref` unless given).
    """

    def __init__(self, slug_field="slug", summary=None, upper=False, **kwargs):
        self.summary = summary
        self.upper = upper
        super().__init__(slug_field=slug_field, **kwargs)

    def to_internal_value(self, data):
        if self.upper and isinstance(data, str):
            data = data.upper()
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)

    def to_representation(self, obj):
        if self.summary is not None:
            return self.summary(obj, context=self.context).data
        return ref(obj, self.context.get("request"))


def related_country(**kwargs):
    kwargs.setdefault("help_text", "The country, by its ISO 3166-1 alpha-2 code.")
    return Related(slug_field="code", upper=True, queryset=models.Country.objects.all(), **kwargs)


@extend_schema_field(OpenApiTypes.URI)
class SelfLink(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "This record in the API.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return api_url(value, self.context.get("request"))


@extend_schema_field(OpenApiTypes.URI)
class PageLink(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        kwargs.setdefault("help_text", "This record's public page on the site.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return html_url(value, self.context.get("request"))


class OptionalURLField(serializers.URLField):
    """A web address that may be missing: null when there is none."""

    def __init__(self, **kwargs):
        kwargs.update(allow_blank=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def run_validation(self, data=serializers.empty):
        return super().run_validation("" if data is None else data) or ""
