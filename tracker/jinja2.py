"""The public pages' templates: Jinja2, through Django's own Jinja2 backend.

Django's template engine resolves each variable through a chain of lookups and
renders each tag as a node; the same context renders in 15-50 % less time here
(bench/README.md). The public pages
(`templates/*.html` and `templates/tracker/**`) compile to Python with Jinja2
instead and render the same HTML: values are localised and escaped as Django
escapes them (`'` as `&#x27;`), a missing variable is empty, and the filters and
tags they use are the functions below. The admin's and the API docs' templates
(`templates/admin/**`, `templates/drf_spectacular/**` and every app's) stay
Django templates: this backend never serves them.

Settings: `TEMPLATES` lists `JinjaTemplates` first, with
`"environment": "tracker.jinja2.environment"`.
"""

import html
from functools import lru_cache
from itertools import groupby

import jinja2
from django.conf import settings
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.template.defaulttags import querystring as django_querystring
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from markupsafe import Markup

from tracker.templatetags import tracker_tags
from tracker.urlcache import urlconf_and_prefix
from tracker.web import charts


class PublicLoader(jinja2.FileSystemLoader):
    """The public pages only: top-level templates and `tracker/...`. Any other name
    (`admin/...`, `drf_spectacular/...`) is left to the Django templates backend."""

    def get_source(self, environment, template):
        if "/" in template and not template.startswith("tracker/"):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


class Template(django_jinja2.Template):
    """A template that, like Django's, tells `template_rendered` listeners (the test
    client, for `response.context`) what it rendered and with what."""

    @property
    def name(self):
        return self.template.name

    def render(self, context=None, request=None):
        if context is None:
            context = {}
        rendered = super().render(context, request)
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=context)
        return rendered


class JinjaTemplates(django_jinja2.Jinja2):
    """Django's Jinja2 backend, its templates sending `template_rendered`."""

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)

    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)


def finalize(value):
    """What `{{ value }}` prints, as Django's templates print it: localised, then
    escaped unless it is safe, quotes as Django escapes them (`&#x27;`, `&quot;`,
    where Jinja2 would write `&#39;` and `&#34;`). Jinja2 escapes what this returns:
    the same for every other character."""
    if value.__class__ is str:
        if "'" in value or '"' in value:
            return Markup(html.escape(value))
        return value
    if hasattr(value, "__html__"):
        return value
    if value.__class__ is int and not settings.USE_THOUSAND_SEPARATOR:
        return value
    value = localize(template_localtime(value))
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value)))


@lru_cache(maxsize=256)
def fixed_url(name, urlconf, prefix):
    return reverse(name, urlconf=urlconf)


def url(name, *args, **kwargs):
    """`{% url name arg %}`: a view without arguments is reversed once per URL
    configuration and script prefix."""
    if args or kwargs:
        return reverse(name, args=args, kwargs=kwargs)
    return fixed_url(name, *urlconf_and_prefix())


@jinja2.pass_context
def querystring(context, query_dict=None, **kwargs):
    """`{% querystring page=2 format=None %}`: the request's query string changed."""
    if query_dict is None:
        query_dict = context["request"].GET
    return django_querystring(None, query_dict, **kwargs)


def regroup(items, attribute):
    """`{% regroup items by attribute as groups %}`: consecutive items with the same
    attribute (called if it is a method), as [{"grouper": value, "list": [items]}]."""

    def key(item):
        value = getattr(item, attribute)
        return value() if callable(value) else value

    return [{"grouper": value, "list": list(group)} for value, group in groupby(items, key)]


@jinja2.pass_context
def network_chart(context, timeline, totals=()):
    """The home page's step chart (see `tracker.web.charts`)."""
    template = context.environment.get_template("tracker/includes/_network_chart.html")
    return Markup(template.render(charts.network_chart(timeline, totals)))


def date(value, arg=None):
    """Django's `date` filter, in the current time zone as Django's templates give it."""
    return defaultfilters.date(template_localtime(value), arg)


def default(value, arg):
    """Django's `default`: `arg` when the value is false, not only undefined."""
    return value or arg


def join(value, arg):
    """Django's `join`, escaping as Django's templates do."""
    return defaultfilters.join(value, arg, autoescape=True)


FILTERS = {
    "capfirst": defaultfilters.capfirst,
    "date": date,
    "default": default,
    "floatformat": defaultfilters.floatformat,
    "join": join,
    "pluralize": defaultfilters.pluralize,
    "truncatewords": defaultfilters.truncatewords,
    "urlencode": defaultfilters.urlencode,
    "yesno": defaultfilters.yesno,
    "highlight": tracker_tags.highlight,
    "network_status": tracker_tags.network_status,
    "summary_of": tracker_tags.summary_of,
}

GLOBALS = {
    "footnote": tracker_tags.footnote,
    "network_chart": network_chart,
    "precise_date": tracker_tags.precise_date,
    "querystring": querystring,
    "regroup": regroup,
    "static": static,
    "url": url,
}


def environment(**options):
    """The Jinja2 environment of the public pages."""
    options["loader"] = PublicLoader(options["loader"].searchpath)
    options.update(
        undefined=jinja2.ChainableUndefined,  # a missing variable is empty, as in Django
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env = jinja2.Environment(**options)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env
