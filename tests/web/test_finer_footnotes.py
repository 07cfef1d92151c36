"""Footnotes on the facts their citations back, not only on a page's title: a person's
posts, and a project's description, organisations' roles and the meetings that
discussed it, each lead to the sources that back them."""

import re

import pytest

from tests.factories import (
    make_citation,
    make_city,
    make_meeting,
    make_organisation,
    make_person,
    make_post,
    make_project,
    make_project_organisation,
    make_source,
)
from tracker import models

pytestmark = pytest.mark.django_db


def sources_of_row(page, anchor):
    """The URLs of the sources the footnote markers of the row `anchor` lead to."""
    row = page.split(f'id="{anchor}"')[1].split("</li>")[0]
    numbers = re.findall(r'<a href="#(source-\d+)"', row)
    return [
        re.search(r'class="source-title" href="([^"]+)"', page.split(f'id="{n}"')[1]).group(1)
        for n in numbers
    ]


def test_a_persons_posts_carry_the_markers_of_their_own_sources(client):
    person = make_person()
    cited = make_post(person=person, organisation=make_organisation(), role="Governor")
    uncited = make_post(person=person, organisation=make_organisation(), role="Adviser")
    make_citation(person, source=make_source(url="https://example.org/profile"))
    make_citation(cited, source=make_source(url="https://example.org/appointment"))
    page = client.get(person.get_absolute_url()).content.decode()
    assert sources_of_row(page, f"post-{cited.key}") == ["https://example.org/appointment"]
    assert sources_of_row(page, f"post-{uncited.key}") == []


def test_a_projects_fields_carry_the_markers_of_their_own_sources(client):
    project = make_project(city=make_city(), description="A toolkit for investors.")
    role = make_project_organisation(project=project, role=models.ProjectRole.LEAD)
    item = models.AgendaItem.objects.create(
        meeting=make_meeting(), order=1, title="Toolkit", project=project
    )
    make_citation(project, source=make_source(url="https://example.org/project"))
    make_citation(role, source=make_source(url="https://example.org/lead"))
    make_citation(item, source=make_source(url="https://example.org/agenda"))
    page = client.get(project.get_absolute_url()).content.decode()
    assert sources_of_row(page, f"role-{role.key}") == ["https://example.org/lead"]
    assert sources_of_row(page, f"agenda-{item.key}") == ["https://example.org/agenda"]
    summary = page.split('<p class="summary">')[1].split("</p>")[0]
    assert 'href="#source-1"' in summary  # the project's own source, on its description
    assert re.search(r'class="source-title" href="https://example.org/project"', page)
