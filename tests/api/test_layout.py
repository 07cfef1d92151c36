"""The API package keeps to DRF's own machinery, and the response cache keeps out of the API."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers as drf_serializers

import tracker
import tracker.api.serializers
from tests.factories import make_meeting
from tracker import models
from tracker.api.errors import exception_handler
from tracker.api.serializers.base import ENDPOINTS, REF_TYPES
from tracker.api.throttles import AnonThrottle, UserThrottle
from tracker.api.urls import router
from tracker.api.views import RecordViewSet, RootView, TokenView

TRACKER = Path(tracker.__file__).parent


def imported_modules(path):
    """Every module a source file imports, relative imports resolved against tracker."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "tracker." * bool(node.level) + (node.module or "")
            names.append(base.rstrip("."))
            names += [f"{base.rstrip('.')}.{alias.name}" for alias in node.names]
    return names


def serializer_classes():
    package = tracker.api.serializers
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, drf_serializers.Serializer) and cls.__module__ == module.__name__:
                yield cls


# --- The response cache --------------------------------------------------------------------------


def test_the_response_cache_imports_nothing_from_the_api():
    imported = imported_modules(TRACKER / "cache.py")
    assert not [name for name in imported if name.startswith(("tracker.api", "api"))]


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "100/min"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_cached_api_answer_comes_after_the_throttle(cached, client, django_assert_num_queries):
    make_meeting()
    first = client.get("/api/v1/meetings/")
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the data version: the answer comes from the cache
        second = client.get("/api/v1/meetings/")
    assert (second.status_code, second.content, second["ETag"]) == (
        200,
        first.content,
        first["ETag"],
    )

    # The third read is over the rate: refused although its answer (and a 304) is cached.
    third = client.get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == 429
    assert "Retry-After" in third
    assert "throttled" in third.json()["detail"].lower()


@pytest.mark.django_db(transaction=True)
def test_a_cached_api_answer_gives_a_304_to_a_client_holding_it(cached, client):
    make_meeting()
    etag = client.get("/api/v1/").get("ETag")
    assert etag
    assert client.get("/api/v1/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_signed_in_api_reads_are_never_cached(cached, client, admin_user):
    meeting = make_meeting(title="Before")
    client.get("/api/v1/meetings/")
    # a change the cache cannot see (no save signal): only a fresh read shows it
    models.Meeting.objects.filter(pk=meeting.pk).update(title="After")
    assert client.get("/api/v1/meetings/").json()["results"][0]["title"] == "Before"
    client.force_login(admin_user)
    response = client.get("/api/v1/meetings/")
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "After"


# --- DRF's own machinery -------------------------------------------------------------------------


@pytest.mark.django_db
def test_django_validation_errors_take_drfs_shape_and_the_apis_keys():
    error = DjangoValidationError({"__all__": ["The dates are reversed."], "name": ["Too long."]})
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "type": "/api/problems/validation_error",
        "title": "Invalid input",
        "status": 400,
        "code": "validation_error",
        "detail": "The dates are reversed.; name: Too long.",
        "errors": {"non_field_errors": ["The dates are reversed."], "name": ["Too long."]},
    }


def test_no_hand_written_error_helper_or_description_table_comes_back():
    source = "\n".join(path.read_text() for path in (TRACKER / "api").rglob("*.py"))
    for name in ("def error_dict", "\nDESCRIPTIONS = ", "class Described"):
        assert name not in source
    assert not (TRACKER / "serializers.py").exists()
    assert not (TRACKER / "api.py").exists()


def test_every_api_view_takes_drfs_default_throttles_and_permissions(settings):
    views = [viewset for _, viewset, _ in router.registry] + [RootView, TokenView]
    for view in [*views, SpectacularAPIView]:
        throttles = [type(throttle) for throttle in view().get_throttles()]
        assert throttles == [AnonThrottle, UserThrottle], view
    for view in views:
        for cls in view.__mro__:
            if cls.__module__.startswith("tracker."):
                assert "throttle_classes" not in vars(cls), cls
                assert "parser_classes" not in vars(cls), cls
    assert "permission_classes" not in vars(RecordViewSet)
    assert "DEFAULT_FILTER_BACKENDS" not in settings.REST_FRAMEWORK


# --- Descriptions and the record types -----------------------------------------------------------


def test_fields_that_are_no_model_field_describe_themselves():
    """Model fields are described by their help_text; the others, where they are declared."""
    undescribed = []
    for cls in serializer_classes():
        model = getattr(getattr(cls, "Meta", None), "model", None)
        if model is None and issubclass(cls, drf_serializers.ModelSerializer):
            continue  # an abstract base
        for name, field in cls().fields.items():
            try:
                model._meta.get_field(field.source)
                continue
            except (AttributeError, FieldDoesNotExist):
                pass
            if not field.help_text:
                undescribed.append(f"{cls.__name__}.{name}")
    assert undescribed == []


def test_a_declared_field_says_what_its_model_field_says():
    from tracker.api.serializers.people import StatementBriefSerializer

    field = StatementBriefSerializer().fields["post"]
    assert field.help_text == models.Statement._meta.get_field("post").help_text


def test_the_record_types_are_listed_once_for_every_endpoint():
    assert {viewset.model for _, viewset, _ in router.registry} == set(ENDPOINTS)
    assert set(ENDPOINTS) <= set(REF_TYPES)
    definitions = [
        path
        for path in TRACKER.rglob("*.py")
        if "ENDPOINTS = {" in path.read_text() or "REF_TYPES = {" in path.read_text()
    ]
    assert definitions == [TRACKER / "api" / "serializers" / "base.py"]
