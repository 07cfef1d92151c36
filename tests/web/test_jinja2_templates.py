"""The public pages' Jinja2 templates print what Django's templates printed, and the
admin's and the API docs' templates stay Django's."""

import datetime

import pytest
from django.template import Context, engines, loader
from django.template import Template as DjangoTemplate
from django.test import RequestFactory

JINJA2 = "tracker.jinja2"
DJANGO = "django.template.backends.django"


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("base.html", JINJA2),
        ("404.html", JINJA2),
        ("plain_error.html", JINJA2),
        ("tracker/city_detail.html", JINJA2),
        ("tracker/includes/_sources.html", JINJA2),
        ("admin/base_site.html", DJANGO),
        ("admin/index.html", DJANGO),
        ("drf_spectacular/swagger_ui.html", DJANGO),
        ("rest_framework/api.html", DJANGO),
    ],
)
def test_public_templates_are_jinja2_and_the_admins_stay_django(name, backend):
    assert type(loader.get_template(name)).__module__ == backend


def jinja(source, **context):
    return engines["jinja2"].from_string(source).render(context)


def django(source, **context):
    return DjangoTemplate(source).render(Context(context))


@pytest.mark.parametrize(
    "value",
    [
        'O\'Brien & <b>"Partners"</b>',
        "plain",
        12345,
        3.5,
        None,
        True,
        datetime.date(2023, 6, 26),
        datetime.datetime(2023, 6, 26, 9, 30, tzinfo=datetime.UTC),
    ],
)
def test_a_value_prints_escaped_and_localised_as_django_prints_it(value):
    assert jinja("{{ value }}", value=value) == django("{{ value }}", value=value)


def test_a_missing_variable_and_its_attributes_print_nothing():
    assert jinja("[{{ missing }}{{ missing.name }}{{ missing.name|default('x') }}]") == "[x]"


def test_filters_give_djangos_text():
    value = datetime.datetime(2023, 6, 26, 9, 30, tzinfo=datetime.UTC)
    assert jinja('{{ v|date("j F Y, H:i e") }}', v=value) == django(
        '{{ v|date:"j F Y, H:i e" }}', v=value
    )
    assert jinja("{{ n }} cit{{ n|pluralize('y,ies') }}", n=2) == "2 cities"
    assert jinja("{{ v|default('?') }}", v="") == "?"
    assert jinja("{{ v|yesno('Yes,No') }}", v=False) == "No"
    assert jinja('{{ e|join(" ") }}', e=["a<b", "c'd"]) == django(
        '{{ e|join:" " }}', e=["a<b", "c'd"]
    )


def test_regroup_groups_consecutive_items_in_their_order_as_djangos_does():
    class Name:
        def __init__(self, name, script):
            self.name, self.script = name, script

        def get_script_display(self):
            return self.script

    names = [Name("a", "Latin"), Name("b", "Latin"), Name("c", "Thai"), Name("d", "Latin")]
    source = (
        "{% set groups = regroup(names, 'get_script_display') %}{% for g in groups %}"
        "{{ g.grouper }}:{% for n in g.list %}{{ n.name }}{% endfor %};{% endfor %}"
    )
    assert jinja(source, names=names) == "Latin:ab;Thai:c;Latin:d;"


def test_querystring_changes_the_requests_query_string():
    request = RequestFactory().get("/cities/?country=kh&page=3&ordering=name")
    template = engines["jinja2"].from_string(
        "{{ querystring(page=None, ordering='-name') }}|{{ querystring(page=4) }}"
    )
    assert template.render({}, request) == (
        "?country=kh&amp;ordering=-name|?country=kh&amp;page=4&amp;ordering=name"
    )
