"""The record serializers' base: rows read by a plan worked out once, declared
fields that say what their model field says, JSON types checked on writes.

A write is checked with the model's `full_clean()`, so the API accepts exactly
what the admin accepts.
"""

import copy
import datetime
import inspect

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor
from django.db.models.manager import BaseManager
from django.dispatch import receiver
from django.utils import timezone
from django.utils.encoding import force_str
from rest_framework import ISO_8601, relations, serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.settings import api_settings

from .base import OptionalURLField, PageLink, RefField, Related, SelfLink, api_url, html_url, ref

# --- Reading rows ------------------------------------------------------------


class PlannedReads:
    """A model serializer's reads, each field's way of reading a row worked out once.

    DRF finds every field's value of every row through the same general
    machinery (`get_attribute` with its checks, a serializer built per nested
    row), and builds every nested serializer's fields again for each response.
    This reads the same values the same way, but decides per field how, once
    per serializer class (`read_template`): a plain attribute, a choice's label
    from a table, a reference or link with the request's `Links`, a nested
    serializer by its own plan, and DRF's own field for anything else. A
    declared field whose output may depend on the request in other ways (a
    method field, an excerpt) is bound for each response, as DRF binds it, and
    the other fields are read by the template; a class with such a field that
    DRF builds from the model plans its reads from its own fields, once per
    response. The output is DRF's, key for key.
    """

    def to_representation(self, instance):
        plan = self.__dict__.get("read_plan")
        if plan is None:
            plan = self.read_plan = self.plan_reads()
        row = {}
        for name, read, show in plan:
            try:
                value = read(instance)
            except SkipField:
                continue
            row[name] = None if value is None else show(value)
        return row

    def plan_reads(self):
        template = read_template(type(self))
        if template is not None:
            request = self.context.get("request")
            return [
                self.bound_read(name, request)
                if make_shower is BOUND
                else (name, make_reader(), make_shower(request, self.context))
                for name, make_reader, make_shower in template
            ]
        model = getattr(getattr(self, "Meta", None), "model", None)
        request = self.context.get("request")
        return [
            (field.field_name, reader(field, model), shower(field, request))
            for field in self._readable_fields
        ]

    def bound_read(self, name, request):
        """The read of the declared field `name`, bound to this serializer as DRF binds
        it (a copy of the declaration), for a field whose output only it knows."""
        field = copy.deepcopy(self._declared_fields[name])
        field.bind(name, self)
        model = getattr(getattr(self, "Meta", None), "model", None)
        return (name, reader(field, model), shower(field, request))


# The fields whose output is theirs alone: not the request's, nor the serializer's.
PLAIN_FIELDS = {
    serializers.BigIntegerField,
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.EmailField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.ReadOnlyField,
    serializers.SlugField,
    serializers.SlugRelatedField,
    serializers.URLField,
}

_templates = {}


# In a template: a declared field whose output only it knows, bound for each response.
BOUND = object()


def read_template(cls):
    """The reads of the serializer class `cls`, for any response: [(name, a
    function giving the field's reader, a function of the request and the
    context giving its shower)], where a declared field whose output may depend
    on the response in a way only it knows is BOUND for each response; None if
    such a field is not declared (DRF builds it from the model)."""
    if cls not in _templates:
        _templates[cls] = build_template(cls)
    return _templates[cls]


@receiver(setting_changed)
def forget_templates(**kwargs):
    # DRF's fields read some settings when built (COERCE_DECIMAL_TO_STRING)
    _templates.clear()


def build_template(cls):
    prototype = cls()
    model = getattr(getattr(cls, "Meta", None), "model", None)
    template = []
    for field in prototype._readable_fields:
        make_shower = template_shower(field)
        if make_shower is None:
            if field.field_name not in cls._declared_fields:
                return None
            template.append((field.field_name, None, BOUND))
            continue
        if not is_label(field):
            read = reader(field, model)
            template.append((field.field_name, lambda read=read: read, make_shower))
        else:
            # a choice's labels are read in the response's language
            template.append(
                (field.field_name, lambda field=field: reader(field, model), make_shower)
            )
    return template


def is_label(field):
    attrs = field.source_attrs
    return len(attrs) == 1 and attrs[0].startswith("get_") and attrs[0].endswith("_display")


def planned(serializer):
    """Whether a nested serializer reads by a template of its own."""
    return isinstance(serializer, PlannedReads) and read_template(type(serializer)) is not None


def template_shower(field):
    """A function of the request and the context giving `field`'s shower, or None."""
    if isinstance(field, SelfLink | PageLink | RefField):
        return lambda request, context: shower(field, request)
    if isinstance(field, Related):
        if field.summary is None:
            return lambda request, context: shower(field, request)
        if not issubclass(field.summary, PlannedReads) or read_template(field.summary) is None:
            return None
        summary = field.summary
        return lambda request, context: summary(context=context).to_representation
    if isinstance(field, serializers.ManyRelatedField):
        child = field.child_relation
        if isinstance(child, RefField) or (isinstance(child, Related) and child.summary is None):
            return lambda request, context: shower(field, request)
        return None
    if isinstance(field, serializers.ListSerializer):
        if not planned(field.child):
            return None
        child_class = type(field.child)

        def make_list_shower(request, context):
            child = child_class(context=context)

            def show_rows(rows):
                if isinstance(rows, BaseManager):
                    rows = rows.all()
                return [child.to_representation(row) for row in rows]

            return show_rows

        return make_list_shower
    if isinstance(field, serializers.BaseSerializer):
        if not planned(field):
            return None
        nested_class = type(field)
        return lambda request, context: nested_class(context=context).to_representation
    if type(field) is serializers.DateTimeField:
        return lambda request, context: datetime_shower(field)
    if type(field) in PLAIN_FIELDS or type(field) is OptionalURLField:
        return lambda request, context: field.to_representation
    return None


def datetime_shower(field):
    """DRF's `DateTimeField.to_representation` for one response, its time zone (the
    response's current one, unless the field sets its own) read once, not per value."""
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if output_format is None or output_format.lower() != ISO_8601 or zone is None:
        return field.to_representation

    def show(value):
        if not isinstance(value, datetime.datetime) or not timezone.is_aware(value):
            return field.to_representation(value)
        try:
            written = value.astimezone(zone).isoformat()
        except OverflowError:
            return field.to_representation(value)  # DRF's error
        return written[:-6] + "Z" if written.endswith("+00:00") else written

    return show


def reader(field, model):
    """How `field` reads its value from a row: what DRF's `get_attribute` gives."""
    if isinstance(field, serializers.ManyRelatedField):
        # the related rows (prefetched), or none for an unsaved row
        return or_prefetched(field.source_attrs, drf_reader(field))
    if isinstance(field, relations.RelatedField) and field.use_pk_only_optimization():
        return drf_reader(field)
    attrs = field.source_attrs
    if not attrs:
        return lambda obj: obj  # source="*"
    if len(attrs) > 1 or model is None:
        return drf_reader(field)
    attr = attrs[0]
    label = choice_label(model, attr)
    if label is not None:
        return label
    method = getattr(model, attr, None)
    if inspect.isfunction(method):
        if simple_method(method):
            return lambda obj: getattr(obj, attr)()  # `__str__`, called as DRF calls it
        return drf_reader(field)

    def read(obj):
        try:
            value = getattr(obj, attr)
        except ObjectDoesNotExist:
            return None
        except (KeyError, AttributeError):
            return drf_reader(field)(obj)  # DRF's default, null or skip
        if callable(value) and is_simple_callable(value):
            return drf_reader(field)(obj)
        return value

    if isinstance(getattr(model, attr, None), ReverseManyToOneDescriptor):
        return or_prefetched(attrs, read)  # rows related many to one (or many to many)
    return read


def or_prefetched(attrs, read):
    """`read`, but for a row whose related rows at `attrs` (one name) were prefetched:
    those rows, which is what their manager's `all()` gives, without making the
    manager."""
    if len(attrs) != 1:
        return read
    (attr,) = attrs

    def read_prefetched(obj):
        prefetched = obj.__dict__.get("_prefetched_objects_cache")
        if prefetched is not None and attr in prefetched:
            return prefetched[attr]
        return read(obj)

    return read_prefetched


def simple_method(function):
    """Whether DRF calls the method as a field's value (it needs no argument)."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    return all(
        p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters
    )


def drf_reader(field):
    def read(obj):
        value = field.get_attribute(obj)
        if isinstance(value, relations.PKOnlyObject) and value.pk is None:
            return None
        return value

    return read


def choice_label(model, attr):
    """For a `get_<field>_display` source: the label of the row's choice, as
    Django's `_get_FIELD_display` gives it, from a table built once."""
    if not (attr.startswith("get_") and attr.endswith("_display")):
        return None
    try:
        model_field = model._meta.get_field(attr[4:-8])
    except FieldDoesNotExist:
        return None
    if not model_field.flatchoices:
        return None
    try:
        labels = {
            value: force_str(label, strings_only=True) for value, label in model_field.flatchoices
        }
    except TypeError:  # an unhashable choice: Django's own way
        return None
    name = model_field.attname

    def read(obj):
        value = getattr(obj, name)
        try:
            return labels.get(value, value)
        except TypeError:
            return getattr(obj, attr)()

    return read


def shower(field, request):
    """How `field` shows a value that is not None: what DRF's `to_representation` gives."""
    if isinstance(field, SelfLink):
        return lambda obj: api_url(obj, request)
    if isinstance(field, PageLink):
        return lambda obj: html_url(obj, request)
    if isinstance(field, RefField):
        return lambda obj: ref(obj, request)
    if isinstance(field, Related):
        if field.summary is None:
            return lambda obj: ref(obj, request)
        return field.summary(context=field.context).to_representation
    if isinstance(field, serializers.ManyRelatedField):
        child = shower(field.child_relation, request)

        def show_many(rows):
            return [child(row) for row in rows]

        return show_many
    return field.to_representation


class ModelFieldFacts(PlannedReads):
    """Declared fields say what their model field says.

    DRF gives the fields it builds from the model their model field's
    `help_text` (their description in the schema); a declared field (a
    reference, a link) takes it here. A read-only choice says it may be ""
    when its model field may be blank (DRF drops `allow_blank` from read-only
    fields).
    """

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            try:
                model_field = model._meta.get_field(field.source or name)
            except (AttributeError, FieldDoesNotExist):
                continue  # no model, or not a model field
            if not field.help_text:
                field.help_text = getattr(model_field, "help_text", None) or None
            if isinstance(field, serializers.ChoiceField) and field.read_only:
                field.allow_blank = model_field.blank
        return fields


def json_type_error(field, value):
    """What a JSON value should have been for the field, if it is of the wrong type."""
    if value is None:
        return None
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        return None if isinstance(value, list) else "Must be a list."
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(value, bool):
        wrong = isinstance(field, serializers.IntegerField | serializers.FloatField)
        wrong = wrong or isinstance(field, serializers.DecimalField | serializers.CharField)
        return "Must not be true or false." if wrong else None
    if isinstance(field, serializers.IntegerField):
        return None if isinstance(value, int) else "Must be a whole number."
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return None if isinstance(value, int | float) else "Must be a number."
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else "Must be a string."
    return None


# --- The base of every record's serializer -----------------------------------


class JsonTyped:
    # JSON has types: a number where a string belongs is an error, not a string.
    # And a body says only what can be written: a field the serializer does not
    # have, or may not write, is an error that names it, never silently dropped.

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            writable = {name for name, field in self.fields.items() if not field.read_only}
            for name in data:
                if name in writable:
                    continue
                if name in self.fields:
                    errors[name] = ["This field is read-only: leave it out of a write."]
                else:
                    errors[name] = [
                        "Unknown field. The fields you can write here are: "
                        f"{', '.join(sorted(writable))}."
                    ]
            for name, field in self.fields.items():
                if not field.read_only and field.source != "*" and name in data:
                    error = json_type_error(field, data[name])
                    if error:
                        errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class RecordSerializer(JsonTyped, ModelFieldFacts, serializers.ModelSerializer):
    # A record's serializer: a write is checked with the model's full_clean().

    # Sources of nested rows written with the record, left out of its own full_clean().
    nested = ()

    def get_validators(self):
        # The model's unique constraints are checked by full_clean(), which, unlike
        # DRF's UniqueTogetherValidator, lets a nullable field (a meeting's series) be empty.
        return []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {field.name for field in model._meta.many_to_many} | set(self.nested)
        values = {name: value for name, value in attrs.items() if name not in many}
        if self.instance is None:
            candidate = model(**values)
        else:
            candidate = copy.copy(self.instance)
            for name, value in values.items():
                setattr(candidate, name, value)
        # DRF turns a Django ValidationError raised here into field errors
        # (rest_framework.serializers.as_serializer_error).
        candidate.full_clean()
        return attrs

    def changes_nothing(self):
        """Whether saving the validated data would leave the record as it is."""
        if self.instance is None:
            return False
        for name, value in self.validated_data.items():
            if name in self.nested:
                if not self.nested_unchanged(name, value):
                    return False
                continue
            field = self.instance._meta.get_field(name)
            if field.many_to_many:
                current = {related.pk for related in getattr(self.instance, name).all()}
                if current != {related.pk for related in value}:
                    return False
            elif field.is_relation:
                if getattr(self.instance, field.attname) != (value.pk if value else None):
                    return False
            elif getattr(self.instance, field.attname) != value:
                return False
        return True

    def nested_unchanged(self, name, rows):
        """Whether the nested rows under `name` are as they are now (unknown: no)."""
        return False
