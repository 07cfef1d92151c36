"""Labels that tell records apart in the admin's autocompletes, choices and lists.

"Ministry of Interior" alone does not say which country's; a post alone does not
say who holds it. Each label names what separates a record from its namesakes,
read from relations the queryset selects (`with_labels`), never a query per row.
"""

from django.db.models import F, Prefetch
from django.utils import timezone

from .. import models

# For each labelled model: the relations its label reads.
SELECTED = {
    models.Organisation: ("country", "parent"),
    models.Post: ("person", "organisation"),
    models.City: ("country",),
    models.Place: ("parent__parent",),
}
POSTS_ATTR = "admin_posts"


def posts_prefetch(prefix=""):
    """A person's posts, newest first, with their organisations: for the current one."""
    return Prefetch(
        f"{prefix}posts",
        queryset=models.Post.objects.select_related("organisation").order_by(
            F("start_date").desc(nulls_last=True), "pk"
        ),
        to_attr=POSTS_ATTR,
    )


def own_labels(queryset):
    """`queryset` with what its own rows' labels read."""
    model = queryset.model
    if model is models.Person:
        return queryset.prefetch_related(posts_prefetch())
    if model in SELECTED:
        return queryset.select_related(*SELECTED[model])
    return queryset


def with_labels(queryset, *fields):
    """`queryset` with what the labels of the records its `fields` point to read."""
    selected, prefetched = [], []
    for name in fields:
        related = queryset.model._meta.get_field(name).related_model
        if related is models.Person:
            prefetched.append(posts_prefetch(f"{name}__"))
        selected += [f"{name}__{path}" for path in SELECTED.get(related, ())]
        if related in SELECTED or related is models.Person:
            selected.append(name)
    return queryset.select_related(*selected).prefetch_related(*prefetched)


def current_post(person):
    posts = getattr(person, POSTS_ATTR, None)
    if posts is None:
        return None
    today = timezone.localdate()
    for post in posts:
        if post.end_date is None or post.end_date >= today:
            return post
    return posts[0] if posts else None


def organisation_label(organisation):
    name = organisation.name
    if organisation.parent_id:
        name = f"{name}, {organisation.parent.name}"
    if organisation.country_id:
        name = f"{name} ({organisation.country.name})"
    return name


def post_label(post):
    dates = post.dates_display
    holder = f" — {post.person.name}" if post.person_id else ""
    return f"{post.role}, {post.organisation.name}{holder}" + (f" ({dates})" if dates else "")


def person_label(person):
    post = current_post(person)
    if post is None:
        return person.name
    return f"{person.name} — {post.role}, {post.organisation.name}"


def city_label(city):
    return f"{city.name} ({city.country.name})" if city.country_id else city.name


def meeting_label(meeting):
    dates = meeting.date_display
    return f"{meeting.title} ({dates})" if dates else meeting.title


LABELS = {
    models.Organisation: organisation_label,
    models.Post: post_label,
    models.Person: person_label,
    models.City: city_label,
    models.Meeting: meeting_label,
}


def label(obj):
    """The label that tells `obj` apart from records of the same name."""
    make = LABELS.get(type(obj))
    return make(obj) if make else str(obj)
