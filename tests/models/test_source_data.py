"""The data built from the sources: it loads, reloads idempotently, and says what they say."""

import datetime

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models import Exists, OuterRef

from tracker import models

pytestmark = pytest.mark.django_db

M6 = "sixth-ascn-annual-meeting-2023"
PREP = "ascn-2023-online-preparatory-gathering"
FIXTURES = ("ascn_2023_article", "pilot_cities_2018")


def snapshot():
    """Every tracker record, serialised by natural key, in a stable order."""
    records = []
    for model in models.Citation._meta.apps.get_app_config("tracker").get_models():
        if model.__name__.startswith("Historical"):
            continue
        records.append(
            serializers.serialize(
                "json",
                model.objects.order_by("pk"),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
        )
    return records


def test_loaddata_twice_changes_nothing():
    call_command("loaddata", *FIXTURES, verbosity=0)
    first = snapshot()
    counts = {m: m.objects.count() for m in (models.Citation, models.City, models.Participation)}
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert snapshot() == first
    assert {m: m.objects.count() for m in counts} == counts
    assert counts[models.City] == 26


def test_load_source_data_keeps_staff_edits(source_data):
    city = models.City.objects.get(slug="phnom-penh")
    city.time_zone = "Asia/Phnom_Penh"
    city.save()
    before = models.Citation.objects.count()

    call_command("load_source_data", verbosity=0)

    city.refresh_from_db()
    assert city.time_zone == "Asia/Phnom_Penh"
    assert models.Citation.objects.count() == before


def test_load_source_data_restores_a_deleted_record(source_data):
    models.Statement.objects.get(key="m6-safrizal-za-collaboration").delete()
    call_command("load_source_data", verbosity=0)
    assert models.Statement.objects.filter(key="m6-safrizal-za-collaboration").exists()


def test_every_record_cites_a_source(source_data):
    uncited = {}
    for field in models.CITED_FIELDS:
        model = models.Citation._meta.get_field(field).related_model
        cited = models.Citation.objects.filter(**{field: OuterRef("pk")})
        missing = list(model.objects.exclude(Exists(cited)))
        if missing:
            uncited[model.__name__] = missing
    assert uncited == {}
    assert models.Citation.objects.count() > 150


def test_every_source_backs_something(source_data):
    assert not models.Source.objects.exclude(
        Exists(models.Citation.objects.filter(source=OuterRef("pk")))
    ).exists()


def test_the_sixth_annual_meeting(source_data):
    meeting = models.Meeting.objects.for_detail().get(slug=M6)
    assert meeting.start_date == datetime.date(2023, 7, 12)
    assert meeting.date_display == "12 to 13 July 2023"
    assert (meeting.series.name, meeting.ordinal) == ("ASCN Annual Meeting", 6)
    assert meeting.kind == models.MeetingKind.ANNUAL
    assert meeting.status == models.MeetingStatus.HELD
    assert str(meeting.place) == "Hotel InterContinental, Jimbaran, Bali"
    assert meeting.place.parent.parent.slug == "bali"
    assert meeting.place.city is None
    assert meeting.host.name == "Ministry of Home Affairs"
    assert meeting.host.country.code == "ID"
    assert meeting.chair.name == "Safrizal Za"
    chair = next(p for p in meeting.participations.all() if p.role == "chair")
    assert chair.person == meeting.chair
    assert chair.post.role == "Director General of Regional Administration"
    assert chair.post.organisation.parent == meeting.host
    # the year comes from a corroborating report, and the citation says so
    notes = [c.note for c in meeting.citations.all() if c.source.publisher == "The Phnom Penh Post"]
    assert any("2023" in note for note in notes)
    assert {c.source.slug for c in meeting.citations.all()} >= {
        "vietnamplus-2023-07-13-asean-bolsters-smart-sustainable-cities",
        "jakarta-post-2023-07-13-home-ministry-holds-sixth-ascn-meeting",
    }


def test_who_represented_cambodia(source_data):
    participation = models.Participation.objects.get(
        meeting__slug=M6, role=models.ParticipantRole.REPRESENTATIVE
    )
    assert participation.person.name == "Ngy Chanphal"
    assert participation.behalf_country.code == "KH"
    assert participation.post.role == "Secretary of State"
    assert participation.post.organisation.name == "Ministry of Interior"


def test_nine_member_states_sent_delegates(source_data):
    delegations = models.Participation.objects.filter(
        meeting__slug=M6, role=models.ParticipantRole.DELEGATE, country__isnull=False
    )
    assert set(delegations.values_list("country__code", flat=True)) == {
        "ID",
        "BN",
        "MY",
        "MM",
        "KH",
        "PH",
        "SG",
        "TH",
        "LA",
    }


def test_the_four_partners_present(source_data):
    partners = models.Participation.objects.for_meeting().filter(
        meeting__slug=M6, role=models.ParticipantRole.PARTNER
    )
    assert {
        (p.organisation.name, p.behalf_country and p.behalf_country.code) for p in partners
    } == {
        ("Department of Foreign Affairs and Trade", "AU"),
        ("Ministry of Land, Infrastructure, Transport and Tourism", "JP"),
        ("Ministry of Land, Infrastructure and Transport", "KR"),
        ("Seoul National University", None),
    }
    since = {str(p.partner): p.since_display for p in models.Partnership.objects.all()}
    assert since["Australia"] == "since March 2018"
    assert since["Japan"] == "since November 2018"
    assert since["Republic of Korea"] == "first recorded 25 November 2019"
    assert since["Seoul National University"] == "first recorded 12 July 2023"
    exploring = models.Partnership.objects.filter(status=models.PartnershipStatus.EXPLORING)
    assert {str(p.partner) for p in exploring} == {"Seoul National University", "Norway"}


def test_quotes_and_paraphrases_with_the_post_held(source_data):
    statements = {s.key: s for s in models.Statement.objects.for_meeting().filter(meeting__slug=M6)}
    tito = statements["m6-tito-karnavian-quote"]
    assert tito.kind == models.StatementKind.DIRECT_QUOTE
    assert tito.speaker.name == "Muhammad Tito Karnavian"
    assert str(tito.post) == "Minister of Home Affairs, Ministry of Home Affairs"
    assert tito.text.startswith("The government needs to continue to push")

    safrizal = statements["m6-safrizal-za-collaboration"]
    assert safrizal.kind == models.StatementKind.DIRECT_QUOTE
    assert safrizal.speaker.name == "Safrizal Za"
    assert safrizal.text.startswith("Collaboration in the ASCN can address")

    kao = [s for s in statements.values() if s.speaker_person and s.speaker.name == "Kao Kim Hourn"]
    assert {s.kind for s in kao} == {models.StatementKind.PARAPHRASE}
    assert {s.post.role for s in kao} == {"Secretary-General of ASEAN"}
    kao_part = models.Participation.objects.get(meeting__slug=M6, person__slug="kao-kim-hourn")
    assert kao_part.attendance == models.AttendanceMode.PRE_RECORDED

    release = statements["m6-press-release-asean-secretariat"]
    assert release.kind == models.StatementKind.PRESS_RELEASE
    assert release.speaker.name == "ASEAN Secretariat"
    assert release.made_on == datetime.date(2023, 7, 12)
    assert release.text == "The ASCN is stepping up efforts to promote smart, sustainable cities."


def test_the_three_agenda_topics(source_data):
    meeting = models.Meeting.objects.for_detail().get(slug=M6)
    assert [(a.order, a.title) for a in meeting.agenda_items.all()] == [
        (1, "Implementation of ASCN smart city projects"),
        (2, "Development of an ASEAN smart city investment toolkit"),
        (3, "Expansion of ASCN membership"),
    ]
    toolkit = meeting.agenda_items.all()[1].project
    assert toolkit.title == "ASEAN Smart City Investment Toolkit"
    assert toolkit.is_network_initiative


def test_the_online_preparatory_gathering(source_data):
    prep = models.Meeting.objects.for_detail().get(slug=PREP)
    assert prep.start_date == datetime.date(2023, 6, 26)
    assert prep.mode == models.MeetingMode.ONLINE
    assert prep.kind == models.MeetingKind.PREPARATORY
    assert prep.chair.name == "Ngy Chanphal"
    assert prep.parent.slug == M6
    cities = {p.city.name for p in prep.participations.all() if p.city_id}
    assert cities == {"Phnom Penh", "Battambang", "Siem Reap"}
    parent = models.Meeting.objects.for_detail().get(slug=M6)
    assert [m.slug for m in parent.children.all()] == [PREP]


def test_the_2021_steering_committee(source_data):
    committee = models.Organisation.objects.for_detail().get(
        slug="cambodia-smart-city-coordinating-and-steering-committee"
    )
    assert committee.kind == models.OrganisationKind.COMMITTEE
    assert committee.country.code == "KH"
    assert committee.founded_display == "2021"
    [part] = committee.composition.all()
    assert (part.count, part.members) == (9, "relevant ministries and institutions")
    identified = models.CityMembership.objects.filter(
        decided_by=committee, status=models.MembershipStatus.IDENTIFIED
    )
    assert {m.city.name for m in identified} == {"Phnom Penh", "Siem Reap", "Battambang"}
    assert {m.date_display for m in identified} == {"2021"}


def test_pilot_cities_of_2018(source_data):
    pilots = models.City.objects.members_on(datetime.date(2018, 4, 30))
    assert pilots.count() == 26
    assert models.City.objects.members_on(datetime.date(2018, 3, 31)).count() == 0
    by_country = {}
    for city in pilots.select_related("country"):
        by_country.setdefault(city.country.code, set()).add(city.name)
    assert by_country["KH"] == {"Battambang", "Phnom Penh", "Siem Reap"}
    assert by_country["SG"] == {"Singapore"}
    assert len(by_country) == 10
    # Phnom Penh holds both claims, each with its own source
    history = models.City.objects.for_detail().get(slug="phnom-penh").memberships.all()
    assert [(m.status, m.date_display) for m in history] == [
        ("pilot", "April 2018"),
        ("identified", "2021"),
    ]
    assert [m.citations.all()[0].source.publisher for m in history] == [
        "ASEAN Records World",
        "The Phnom Penh Post",
    ]
