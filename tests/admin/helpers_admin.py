"""Helpers shared by the tests split from test_admin."""

from django.urls import reverse

ROLES = ("superuser", "editor", "viewer")


def model_id(model):
    return model.__name__


def admin_url(model, view, *args):
    return reverse(f"admin:tracker_{model._meta.model_name}_{view}", args=args)


def errors_of(response):
    """Every error on the page: the form's, and each inline row's."""
    found = [str(e) for e in response.context["adminform"].form.non_field_errors()]
    for field_errors in response.context["adminform"].form.errors.values():
        found.extend(str(e) for e in field_errors)
    for inline in response.context["inline_admin_formsets"]:
        found.extend(str(e) for e in inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                found.extend(str(e) for e in field_errors)
    return found
