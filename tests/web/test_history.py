"""The network's history 2018-2025 as the pages show it, read back from the pages."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from tests.builders import ANNUAL_MEETINGS, REPORTED_TOTALS, SOURCED_FACTS
from tracker import models

pytestmark = pytest.mark.django_db


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_every_annual_meeting_shows_its_date_place_chair_and_outcomes(client, source_data):
    assert models.Meeting.objects.filter(kind="annual").count() == len(ANNUAL_MEETINGS) == 8
    for slug, (ordinal, date, place, chair, outcomes) in ANNUAL_MEETINGS.items():
        meeting = models.Meeting.objects.get(slug=slug)
        page = page_text(client, meeting.get_absolute_url())
        assert f"ASCN Annual Meeting, no. {ordinal}" in page
        assert f"<dd>{date}</dd>" in page, slug
        assert place in page, slug
        if chair:
            assert re.search(rf"<dt>Chair</dt><dd><a [^>]+>{re.escape(chair)}</a>", page), slug
        else:
            assert '<dt>Chair</dt><dd><span class="none">Not recorded</span>' in page, slug
        shown = re.findall(r'<li id="outcome-[^"]+"><strong>([^<]+):</strong>', page)
        labels = [capfirst(models.OutcomeKind(kind).label) for kind in outcomes]
        assert shown == labels, slug
        if not outcomes:
            assert "No outcome recorded" in page


def test_the_home_page_shows_each_reported_total_beside_the_cities_named(client, source_data):
    page = page_text(client, reverse("tracker:home"))
    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)( <span class=\"differ\">\(sources differ\))?",
        page,
    )
    shown = {day: (int(reported), int(named)) for day, reported, named, _ in rows}
    assert shown == REPORTED_TOTALS
    differing = {day for day, _, _, differ in rows if differ}
    assert differing == {"6 April 2025", "11 August 2025"}
    assert "32 named, as of 2025" in page
    assert "today" not in page.lower()


def test_a_sample_of_facts_links_to_its_sources_address(client, source_data):
    for (kind, slug), url in SOURCED_FACTS.items():
        record = getattr(models, kind.capitalize()).objects.get(slug=slug)
        page = page_text(client, record.get_absolute_url())
        assert f'href="{url}"' in page, (kind, slug)


def test_every_source_has_an_address_and_every_citation_says_what_it_is(source_data):
    assert not models.Source.objects.filter(url="").exists()
    kinds = set(models.Citation.objects.values_list("excerpt_kind", flat=True))
    assert kinds == {"quotation", "summary"}


def test_a_summary_is_never_shown_in_quotation_marks(client, source_data):
    """Every excerpt on the sixth meeting's page: quotations in marks, summaries without."""
    meeting = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023")
    page = page_text(client, meeting.get_absolute_url())
    citations = models.Citation.objects.about_meeting(meeting).exclude(excerpt="")
    summaries = {c.excerpt for c in citations if not c.is_quotation}
    quotations = {c.excerpt for c in citations if c.is_quotation}
    assert summaries and quotations
    for text in summaries:
        assert f'<span class="excerpt-kind">Our summary:</span> {text}</p>' in page, text
        assert f"“{text}" not in page and f'"{text}' not in page, text
    for text in quotations:
        assert f'<span class="excerpt-kind">Quotation:</span> “{text}”' in page, text


def test_a_source_page_shows_each_excerpt_as_what_it_is(client, source_data):
    source = models.Source.objects.get(
        slug="jakarta-post-2023-07-13-home-ministry-holds-sixth-ascn-meeting"
    )
    page = page_text(client, source.get_absolute_url())
    assert "Our summary:</span> It was held at the Hotel InterContinental" in page
    assert "“It was held at the Hotel InterContinental" not in page


def wrong_days(*rows):
    """ "1 April 2018" for each date known only to its month or year."""
    return {
        f"{day.day} {day:%B %Y}"
        for day, precision in rows
        if day and precision != models.DatePrecision.DAY
    }


def test_no_date_known_to_its_month_or_year_shows_a_day(client, source_data):
    coarse = wrong_days(
        *models.Meeting.objects.values_list("start_date", "date_precision"),
        *models.CityMembership.objects.values_list("date", "date_precision"),
        *models.Partnership.objects.values_list("since", "since_precision"),
        *models.Post.objects.values_list("start_date", "start_precision"),
        *models.Source.objects.values_list("published_on", "published_precision"),
        *models.ReportedTotal.objects.values_list("date", "date_precision"),
        *models.Organisation.objects.values_list("founded_on", "founded_precision"),
    )
    exact = {
        models.format_date(day)
        for day in models.Meeting.objects.filter(date_precision="day").values_list(
            "start_date", flat=True
        )
    }
    coarse -= exact
    assert "1 April 2018" in coarse and "1 June 2024" in coarse
    urls = [reverse("tracker:home"), reverse("tracker:about")]
    urls += [reverse("tracker:source-list") + f"?page={n}" for n in (1, 2)]
    for model in (models.Meeting, models.City, models.Organisation, models.Person):
        urls += [record.get_absolute_url() for record in model.objects.all()]
    urls += [c.get_absolute_url() for c in models.Country.objects.all()]
    for url in urls:
        page = page_text(client, url)
        shown = {day for day in coarse if day in page}
        assert not shown, (url, shown)


def test_a_one_year_post_shows_the_year_once(client, source_data):
    person = models.Person.objects.get(slug="sar-kheng")
    page = page_text(client, person.get_absolute_url())
    assert '<span class="meta">2022</span>' in page
    assert "2022 to 2022" not in page
    assert models.Post.objects.get(key="post-sar-kheng-ascn-chair-2022").dates_display == "2022"


def test_partners_show_their_start_or_when_first_recorded(client, source_data):
    page = page_text(client, models.Country.objects.get(code="AU").get_absolute_url())
    assert "Active, since March 2018" in page
    korea = page_text(client, models.Country.objects.get(code="KR").get_absolute_url())
    assert "Active, first recorded 25 November 2019" in korea
    assert "12 July 2023" not in page


def test_an_organisations_meetings_include_its_peoples(client, source_data):
    ascn = models.Organisation.objects.get(slug="ascn")
    page = page_text(client, ascn.get_absolute_url())
    assert "Through its people" in page
    for slug in ("third-ascn-annual-meeting-2020", "seventh-ascn-annual-meeting-2024"):
        assert models.Meeting.objects.get(slug=slug).get_absolute_url() in page
    listed = page_text(client, reverse("tracker:organisation-list") + "?q=secretariat")
    count = re.search(r"ASEAN Secretariat</a>.*?Meetings taken part in[^>]*>(\d+)<", listed, re.S)
    assert int(count.group(1)) >= 3


def test_a_country_lists_each_meeting_it_took_part_in_once(client, source_data):
    cambodia = models.Country.objects.get(code="KH")
    page = page_text(client, cambodia.get_absolute_url())
    sixth = models.Meeting.objects.get(slug="sixth-ascn-annual-meeting-2023").get_absolute_url()
    section = page.split('id="delegations-heading"')[1].split("</section>")[0]
    assert section.count(f'href="{sixth}"') == 1
    assert "delegation, delegate" in section and "represented by" in section


def test_the_about_page(client, source_data, settings):
    settings.CORRECTIONS_EMAIL = "corrections@example.org"
    page = page_text(client, reverse("tracker:about"))
    assert "mailto:corrections@example.org" in page
    assert "Meetings from <strong" in page and ">2018</strong> to <strong>2025</strong>" in page
    counts = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page))
    assert int(counts["Meetings"]) == models.Meeting.objects.count()
    assert int(counts["Sources"]) == models.Source.objects.count()
    source = models.Source.objects.get(slug="jpnn-2023-07-ascn-chair")
    source.note = "Corrected."
    source.save()
    page = page_text(client, reverse("tracker:about"))
    now = timezone.localtime()
    assert f'Last updated: <time datetime="{now:%Y-%m-%d}' in page
    footer = page.split('class="site-footer"')[1]
    assert reverse("tracker:about") in footer and reverse("api-docs") in footer


def test_the_source_list_filters_by_publisher_language_and_year(client, source_data):
    url = reverse("tracker:source-list")
    indonesian = page_text(client, url + "?language=id")
    assert "Pengembangan Kota Cerdas Jadi Isu Utama Annual Meeting ASCN" in indonesian
    assert "ASEAN bolsters development" not in indonesian
    by_year = page_text(client, url + "?year=2019&publisher=korea")
    assert "Korea" in by_year and "2023" not in by_year.split("<tbody>")[1].split("</tbody>")[0]
    bad = client.get(url + "?year=abc")
    assert bad.status_code == 400


def test_search_shows_a_paraphrase_without_quotation_marks(client, source_data):
    page = page_text(client, reverse("tracker:search") + "?q=urbanisation")
    assert "<mark>urbanisation</mark>" in page
    page = re.sub(r"</?mark>", "", page)
    paraphrase = "Emphasised the need to confront the challenges of urbanisation head on."
    assert f'<span class="paraphrase">{paraphrase}</span> <span class="meta">(paraphrase)' in page
    assert f"“{paraphrase}" not in page
