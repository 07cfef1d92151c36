"""Every constraint says what is wrong in its own words, and the admin, the API and
the forms all show those words (never Django's "Constraint ... is violated")."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint
from django.forms import modelform_factory
from django.test import RequestFactory
from django.urls import get_resolver
from rest_framework import serializers as drf_serializers

from tests.factories import make_city
from tracker import admin as tracker_admin
from tracker import models

CONSTRAINTS = [
    (model, constraint)
    for model in apps.get_app_config("tracker").get_models()
    if not model.__name__.startswith("Historical")
    for constraint in model._meta.constraints
]
IDS = [constraint.name for _model, constraint in CONSTRAINTS]
DEFAULT = BaseConstraint.default_violation_error_message


def record_serializers(model):
    """The API's record serializers (those whose writes are checked by the model's
    `full_clean()`) for `model`, wherever the API module keeps them."""
    get_resolver().url_patterns  # noqa: B018  (imports the API and its serializers)
    found, todo = [], [drf_serializers.ModelSerializer]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        meta = getattr(cls, "Meta", None)
        if (
            cls.__module__.startswith("tracker")
            and getattr(meta, "model", None) is model
            and any(klass.__name__ == "RecordSerializer" for klass in cls.__mro__)
        ):
            found.append(cls)
    return found


@pytest.fixture
def only(monkeypatch):
    """Make `constraint` the one constraint of its model that fails, as the database would."""

    def refuse(model, constraint):
        for other in model._meta.constraints:
            monkeypatch.setattr(other, "validate", lambda *args, **kwargs: None)

        def fail(*args, **kwargs):
            raise ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )

        monkeypatch.setattr(constraint, "validate", fail)

    return refuse


def shown(errors, constraint):
    """The error texts a form or serializer shows, and whether they sit on the field."""
    field = models.ERROR_FIELDS.get(constraint.name)
    texts = [str(text) for messages in errors.values() for text in messages]
    return texts, field


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=IDS)
def test_every_constraint_declares_its_own_message(model, constraint):
    message = str(constraint.get_violation_error_message())
    assert constraint.violation_error_message not in (None, DEFAULT)
    assert constraint.name not in message and "violated" not in message
    field = models.ERROR_FIELDS.get(constraint.name)
    assert field is None or field in {f.name for f in model._meta.get_fields()}


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=IDS)
def test_the_model_the_forms_and_the_admin_show_the_constraints_message(model, constraint, only):
    only(model, constraint)
    message = str(constraint.get_violation_error_message())
    field = models.ERROR_FIELDS.get(constraint.name)

    with pytest.raises(ValidationError) as raised:
        model().validate_constraints()
    assert raised.value.message_dict == {field or "__all__": [message]}

    form = modelform_factory(model, fields="__all__")(data={})
    assert not form.is_valid()
    assert message in shown(form.errors, constraint)[0]

    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True)
    admin_form = model_admin.get_form(request)(data={})
    assert not admin_form.is_valid()
    texts = shown(admin_form.errors, constraint)[0]
    assert texts.count(message) == 1, texts
    if field in admin_form.fields:
        assert message in admin_form.errors[field]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS, ids=IDS)
def test_the_api_shows_the_constraints_message(model, constraint, only):
    only(model, constraint)
    message = str(constraint.get_violation_error_message())
    for serializer_class in record_serializers(model):
        serializer = serializer_class(context={"request": None})
        try:
            serializer.validate({})
        except (drf_serializers.ValidationError, ValidationError) as error:
            # what DRF's run_validation answers for either kind of error
            detail = drf_serializers.as_serializer_error(error)
            assert message in str(detail), (serializer_class, detail)
            assert "violated" not in str(detail)
        else:
            pytest.fail(f"{serializer_class.__name__} let a write past {constraint.name}")


@pytest.mark.django_db
def test_a_participant_row_naming_none_gets_the_constraints_message(api_superuser):
    response = api_superuser.post(
        "/api/v1/meetings/",
        {
            "slug": "m",
            "title": "M",
            "kind": "workshop",
            "start_date": "2023-07-12",
            "participants": [{"role": "delegate"}],
        },
        format="json",
    )
    assert response.status_code == 400
    (message,) = response.json()["errors"]["participants[0]"]
    assert message.startswith(models.ONE_PARTICIPANT_MESSAGE)


def test_the_admin_keeps_no_messages_of_its_own():
    assert not hasattr(tracker_admin.base, "CONSTRAINT_MESSAGES")
    assert not hasattr(tracker_admin.TrackedForm, "explain_constraint_errors")


@pytest.mark.django_db
def test_a_city_named_twice_in_a_country_gets_the_same_words_everywhere(api_superuser):
    city = make_city(name="Kep")
    message = "A city with this country and name already exists."
    clash = models.City(name="Kep", slug="kep-again", country=city.country)
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    assert raised.value.message_dict["name"] == [message]

    response = api_superuser.post(
        "/api/v1/cities/",
        {"slug": "kep-again", "name": "Kep", "country": city.country.code},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": [message]}
