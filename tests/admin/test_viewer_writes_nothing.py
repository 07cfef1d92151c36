"""A Viewer writes nothing through the admin: not by a page's form, an action, a
delete, nor by reverting a record from its history."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import MAKERS, form_values, make_city, make_source, make_staff, post_data
from tracker import models

pytestmark = pytest.mark.django_db

ATTEMPT = {
    "username": "mallory",
    "ip_address": "192.0.2.7",
    "user_agent": "curl",
    "http_accept": "*/*",
    "path_info": "/admin/login/",
}

# A record of each model the admin shows that is not a tracker record; a new
# admin without a maker here fails the walk below until one is added.
OTHER_MAKERS = {
    Group: lambda: Group.objects.create(name="Translators"),
    User: lambda: make_staff("ursula"),
    models.ApiToken: lambda: models.ApiToken.objects.issue(make_staff("tom"))[0],
    AccessAttempt: lambda: AccessAttempt.objects.create(
        **ATTEMPT, get_data="", post_data="", failures_since_start=1
    ),
    AccessLog: lambda: AccessLog.objects.create(**ATTEMPT),
    AccessFailureLog: lambda: AccessFailureLog.objects.create(**ATTEMPT),
}

# The views that only read: they may answer a Viewer's POST with their page.
READ_VIEWS = ("changelist", "history", "export")  # export: a file of what the Viewer may see


def database():
    """Every row of every table but the sessions', to compare before and after."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model is not Session
    }


def make_record(model):
    maker = MAKERS.get(model) or OTHER_MAKERS.get(model)
    assert maker, f"No maker for {model._meta.label}: add one to walk its admin"
    record = maker()
    if hasattr(record, "history"):
        # Saved twice, so its history holds an older version to revert to.
        record.save()
    return record


def admin_urls(model_admin, record):
    """(name, url) of each view the model's admin adds to the site, for this record."""
    for pattern in model_admin.get_urls():
        if pattern.name is None:  # the old-style redirect to the change page
            continue
        args = [record.pk]
        if pattern.pattern.regex.groups > 1:  # an old version: the earliest
            args.append(record.history.earliest().history_id)
        args = args[: pattern.pattern.regex.groups]
        yield pattern.name, reverse(f"admin:{pattern.name}", args=args)


def plausible_data(client, url):
    """What a browser would send from this page's form, as a superuser sees it."""
    response = client.get(url)
    context = response.context or {}
    if "inline_admin_formsets" in context:
        return post_data(response)
    if "adminform" in context:
        return form_values(context["adminform"].form)
    return {}


def posts(name, url, record, model_admin, superuser):
    """The POSTs a Viewer might try on this view."""
    if name.endswith("_changelist"):
        names = [name for name, _action in model_admin.admin_site.actions]
        for action in model_admin.actions or []:
            names.append(action if isinstance(action, str) else action.__name__)
        for action_name in names:
            yield {"action": action_name, "_selected_action": [record.pk], "index": "0"}
        yield {"_save": "Save", "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}
    elif name.endswith("_delete"):
        yield {"post": "yes"}
    else:
        data = plausible_data(superuser, url)
        if "loaded_version" in data or name.endswith("_simple_history"):
            data["loaded_version"] = str(getattr(record, "version", ""))
        yield data


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_a_viewer_changes_nothing_through_any_admin_view(clients, model):
    model_admin = admin.site.get_model_admin(model)
    record = make_record(model)
    viewer, superuser = clients["viewer"], clients["superuser"]
    refused = []
    for name, url in admin_urls(model_admin, record):
        for data in posts(name, url, record, model_admin, superuser):
            before = database()
            response = viewer.post(url, data)
            wrote = database() != before
            read_only = name.endswith(READ_VIEWS) and response.status_code in (200, 302)
            if wrote or not (response.status_code == 403 or read_only):
                refused.append((name, data.get("action"), response.status_code, wrote))
    assert refused == []


# --- Reverting from history ------------------------------------------------------


def revert_page(client, record):
    old = record.history.earliest()
    url = reverse(
        f"admin:tracker_{record._meta.model_name}_simple_history", args=[record.pk, old.history_id]
    )
    return url, client.get(url)


def test_a_viewer_cannot_revert_a_city_to_an_old_version(clients):
    city = make_city(name="Old name")
    city.name = "New name"
    city.save()
    url, page = revert_page(clients["viewer"], city)
    assert page.status_code == 200
    data = {**form_values(page.context["adminform"].form), "loaded_version": str(city.version)}
    response = clients["viewer"].post(url, data)
    assert response.status_code == 403
    city.refresh_from_db()
    assert (city.name, city.version) == ("New name", 2)
    assert city.history.count() == 2


def test_a_viewer_cannot_point_a_source_at_an_outside_address(clients):
    source = make_source(url="https://asean.org/report.pdf")
    source.save()
    url, page = revert_page(clients["viewer"], source)
    data = form_values(page.context["adminform"].form)
    data.update(url="https://evil.example/", loaded_version=str(source.version))
    response = clients["viewer"].post(url, data)
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.url == "https://asean.org/report.pdf"


def test_a_viewer_sees_an_old_version_without_a_revert_button(clients):
    city = make_city(name="Old name")
    city.save()
    _url, page = revert_page(clients["viewer"], city)
    assert page.status_code == 200
    assert b"Old name" in page.content
    assert b'name="_save"' not in page.content


def test_an_editor_still_reverts_a_city(clients):
    city = make_city(name="Old name")
    city.name = "New name"
    city.save()
    url, page = revert_page(clients["editor"], city)
    data = {**form_values(page.context["adminform"].form), "loaded_version": str(city.version)}
    response = clients["editor"].post(url, data)
    assert response.status_code == 302
    city.refresh_from_db()
    assert city.name == "Old name"
    assert city.history.latest().history_user.username == "edith"


def test_staff_without_the_view_permission_cannot_open_an_old_version(db):
    city = make_city()
    city.save()
    nobody = make_staff("nadia")
    client = Client()
    client.force_login(nobody)
    _url, page = revert_page(client, city)
    assert page.status_code == 403
