"""The long lists of a record's page, each row written here as one string of HTML
(as the map's markers and the lists' tables are): an organisation's page lists
hundreds of meetings and projects, and a template's loop costs several times
what a formatted string does for each row. The HTML is the one the templates
wrote, escaped as they escape it (`html.escape`: `'` as `&#x27;`); each list's
template loops over the rows, with the text it shows when there is none."""

from html import escape

from django.utils.safestring import mark_safe

from tracker import models
from tracker.models.base import format_range
from tracker.templatetags.tracker_tags import network_status
from tracker.urlcache import url_maker


def labels(choices):
    """A choice's label by its value, as `get_FOO_display()` gives it."""
    return {value: str(label) for value, label in choices}


def label(table, value):
    """The label of `value` in `table` (from `labels()`); the value itself if it has none."""
    return table.get(value, value)


PARTICIPANT_ROLES = labels(models.ParticipantRole.choices)
ATTENDANCE = labels(models.AttendanceMode.choices)
PROJECT_ROLES = labels(models.ProjectRole.choices)


class Links:
    """One page's addresses of records, each URL pattern reversed once."""

    def __init__(self):
        self.meeting = url_maker("tracker:meeting-detail")
        self.person = url_maker("tracker:person-detail")
        self.project = url_maker("tracker:project-detail")
        self.country = url_maker("tracker:country-detail")
        self.city = url_maker("tracker:city-detail")
        self.organisation = url_maker("tracker:organisation-detail")


def meeting_dated(links, title, slug, start, end, precision):
    """A meeting (as plain values), linked, then the start of its `meta` span with its dates."""
    return (
        f'<a href="{escape(links.meeting(slug))}">{escape(title)}</a>'
        f' <span class="meta">{escape(format_range(start, end, precision))}'
    )


def hosted_meeting_row(links, row):
    """A meeting it hosted (a row of `Organisation.objects.page_lists()`'s `hosted`)."""
    return mark_safe(f"<li>{meeting_dated(links, *row)}</span></li>")


def participation_row(links, row):
    """A meeting the organisation took part in (a row of its `participations`): its
    role, on whose behalf, how."""
    *meeting, role, country_code, country_name, attendance = row
    line = f"<li>{meeting_dated(links, *meeting)} · {escape(label(PARTICIPANT_ROLES, role))}"
    if country_code is not None:
        url = links.country(country_code.lower())
        line += f', on behalf of <a href="{escape(url)}">{escape(country_name)}</a>'
    if attendance:
        line += f" · {escape(label(ATTENDANCE, attendance))}"
    return mark_safe(f"{line}</span></li>")


def through_person_row(links, row):
    """A meeting one of its people took part in for it (a row of `organisation_page()`'s
    `through_people`): who, in which role and post."""
    (title, slug, _, dates), role, person_slug, person_name, post_role = row
    meeting_url, person_url = escape(links.meeting(slug)), escape(links.person(person_slug))
    line = (
        f'<li><a href="{meeting_url}">{escape(title)}</a> <span class="meta">{escape(dates)} · '
        f'<a href="{person_url}">{escape(person_name)}</a>, '
        f"{escape(label(PARTICIPANT_ROLES, role))}"
    )
    if post_role is not None:
        line += f" as {escape(post_role)}"
    return mark_safe(f"{line}</span></li>")


def project_role_row(links, row):
    """A project it has a role in (a row of its `projects`)."""
    title, slug, role = row
    return mark_safe(
        f'<li><a href="{escape(links.project(slug))}">{escape(title)}</a>'
        f' <span class="meta">{escape(label(PROJECT_ROLES, role))}</span></li>'
    )


def organisation_rows(page):
    """The rows of an organisation's long lists (from `organisation_page()`)."""
    links = Links()
    return {
        "hosted": [hosted_meeting_row(links, row) for row in page["hosted"]],
        "participations": [participation_row(links, row) for row in page["participations"]],
        "through_people": [through_person_row(links, row) for row in page["through_people"]],
        "projects": [project_role_row(links, row) for row in page["projects"]],
    }


# --- A country's page ---------------------------------------------------------

PROJECT_STATUSES = labels(models.ProjectStatus.choices)
ORGANISATION_KINDS = labels(models.OrganisationKind.choices)


def linked(record, name, url=None):
    """A link to `record` named `name`; `url` a function of its slug giving its page
    (one per list: its URL pattern read once), or its own `get_absolute_url()`."""
    address = url(record.slug) if url else record.get_absolute_url()
    return f'<a href="{escape(address)}">{escape(name)}</a>'


def city_row(links, city):
    status = city.network_status
    meta = f' <span class="meta">{escape(network_status(status))}</span>' if status else ""
    return mark_safe(f"<li>{linked(city, city.name, links.city)}{meta}</li>")


def project_row(links, project):
    city = f"{escape(project.city.name)} · " if project.city else ""
    status = PROJECT_STATUSES.get(project.status, project.status)
    meta = f'<span class="meta">{city}{escape(status)}</span>'
    return mark_safe(f"<li>{linked(project, project.title, links.project)} {meta}</li>")


def organisation_row(links, organisation):
    kind = ORGANISATION_KINDS.get(organisation.kind, organisation.kind)
    parent = organisation.parent
    part_of = f", part of {escape(parent.name)}" if parent else ""
    link = linked(organisation, organisation.name, links.organisation)
    return mark_safe(f'<li>{link} <span class="meta">{escape(kind)}{part_of}</span></li>')


def person_row(links, person):
    return mark_safe(f"<li>{linked(person, person.name, links.person)}</li>")


def taking_part_row(links, meeting, delegated, representing):
    """A meeting the country took part in: its delegations' roles, who represented it."""
    link = linked(meeting, meeting.title, links.meeting)
    row = f'<li>{link} <span class="meta">{escape(meeting.date_display)}'
    for participation in delegated:
        row += f" · delegation, {escape(label(PARTICIPANT_ROLES, participation.role))}"
        if participation.attendance:
            row += f", {escape(label(ATTENDANCE, participation.attendance))}"
    for participation in representing:
        participant = participation.participant
        row += f" · represented by {linked(participant, str(participant))}"
        if participation.post:
            row += f", {escape(participation.post.role)}"
        if participation.attendance:
            row += f", {escape(label(ATTENDANCE, participation.attendance))}"
    return mark_safe(f"{row}</span></li>")


def country_rows(context):
    """The rows of a country's excerpts (from `country_page()`) and of the meetings
    it took part in (`by_meeting()`)."""
    links = Links()
    return {
        "cities": [city_row(links, city) for city in context["cities"]["rows"]],
        "projects": [project_row(links, project) for project in context["projects"]["rows"]],
        "organisations": [organisation_row(links, o) for o in context["organisations"]["rows"]],
        "people": [person_row(links, person) for person in context["people"]["rows"]],
        "taking_part": [taking_part_row(links, *entry) for entry in context["taking_part"]],
    }


# --- A person's page ----------------------------------------------------------


def person_participation_row(links, participation):
    """A meeting the person took part in: the role, in which post, on whose behalf."""
    role = label(PARTICIPANT_ROLES, participation.role)
    meeting = participation.meeting
    row = (
        f'<li><a href="{escape(links.meeting(meeting.slug))}">{escape(meeting.title)}</a>\n'
        f'      <span class="meta">{escape(meeting.date_display)} · {escape(role)}'
    )
    post = participation.post
    if post:
        row += f" as {escape(post.role)}, {escape(post.organisation.name)}"
    behalf = participation.behalf
    if behalf:
        row += f", on behalf of {linked(behalf, str(behalf))}"
    if participation.attendance:
        row += f" · {escape(label(ATTENDANCE, participation.attendance))}"
    return mark_safe(f"{row}</span></li>")


def person_rows(person):
    """The rows of a person's meetings (from `for_detail()`)."""
    links = Links()
    return {
        "participations": [person_participation_row(links, p) for p in person.participations.all()],
    }
