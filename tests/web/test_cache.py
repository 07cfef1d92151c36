"""Cached public responses: fast when nothing changed, fresh the moment anything did."""

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_meeting
from tracker import models
from tracker.cache import current_version

pytestmark = pytest.mark.django_db(transaction=True)  # so that commits really happen


def test_a_write_makes_cached_pages_stale_at_once(cached, client):
    meeting = make_meeting(title="Before the edit")
    assert b"Before the edit" in client.get("/").content
    version = current_version()

    meeting.title = "After the edit"
    meeting.save()

    assert current_version() == version + 1
    assert b"After the edit" in client.get("/").content


def test_a_cached_page_is_served_without_touching_the_data(
    cached, client, django_assert_num_queries
):
    make_meeting(title="Cached meeting")
    first = client.get("/")
    with django_assert_num_queries(1):  # the data version, nothing else
        second = client.get("/")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_client_holding_the_etag_gets_304_until_the_data_changes(cached, client):
    meeting = make_meeting()
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    meeting.delete()
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_one_bump_per_transaction(cached):
    from django.db import transaction

    version = current_version()
    with transaction.atomic():
        for _ in range(5):
            make_meeting()
    assert current_version() == version + 1


def test_a_rolled_back_write_does_not_bump(cached):
    from django.db import transaction

    version = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_meeting()
        raise RuntimeError
    assert current_version() == version
    assert not models.Meeting.objects.exists()


def test_signed_in_users_are_never_served_from_the_cache(cached, client, admin_user):
    make_meeting(title="Public view")
    client.get("/")
    client.force_login(admin_user)
    response = client.get("/")
    assert "ETag" not in response


def test_cached_api_answers_still_count_against_the_anonymous_throttle(cached, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "100/min"},
    }
    make_meeting()
    statuses = [client.get("/api/v1/meetings/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]  # the 2nd and 3rd came from the cache


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/meetings/?x=1", "/meetings/?year=2023&utm_source=feed", "/search/?q=city&x=1"]
)
def test_a_parameter_no_page_reads_makes_no_cache_entry(cached, client, url):
    make_meeting(title="Cached meeting")
    client.get(url)
    # answered afresh, not from an entry of its own
    assert queries_of(client, url) > 1


@pytest.mark.parametrize(
    "url",
    ["/meetings/?year=2023", "/meetings/?page=1", "/search/?q=city", "/api/v1/meetings/?year=2023"],
)
def test_a_query_the_page_reads_is_kept(cached, client, url):
    make_meeting(title="Cached meeting")
    client.get(url)
    assert queries_of(client, url) == 1  # the data version, nothing else


def test_a_client_accepting_gzip_gets_the_cached_page_compressed(
    cached, client, django_assert_num_queries
):
    """A browser (which accepts gzip) gets the cached page compressed: the same bytes
    once decompressed, marked so, varying on Accept-Encoding, its ETag the plain
    one's made weak, and kept compressed for the next such client."""
    make_meeting(title="Compressed meeting")
    plain = client.get("/")
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    first = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == plain.content
    assert len(first.content) < len(plain.content) / 2
    assert int(first["Content-Length"]) == len(first.content)
    assert "Accept-Encoding" in first["Vary"]
    assert first["ETag"] == f"W/{plain['ETag']}"
    with django_assert_num_queries(1):  # the data version, nothing else
        again = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == first.content
    assert (
        client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    assert "Content-Encoding" not in client.get("/", HTTP_ACCEPT_ENCODING="identity")


def test_the_compressed_page_is_as_fresh_as_the_plain_one(cached, client):
    """After a write, a client accepting gzip gets the new page at once: rendered
    and sent as it is (compressing is for the hits), then compressed from the cache."""
    meeting = make_meeting(title="Before the edit")
    client.get("/")
    assert b"Before the edit" in gzip.decompress(
        client.get("/", HTTP_ACCEPT_ENCODING="gzip").content
    )
    meeting.title = "After the edit"
    meeting.save()
    miss = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in miss
    assert b"After the edit" in miss.content
    hit = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(hit.content) == miss.content


def test_api_answers_are_compressed_from_the_cache_too(cached, client):
    make_meeting(title="An API meeting")
    plain = client.get("/api/v1/meetings/")
    compressed = client.get("/api/v1/meetings/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["Content-Type"] == plain["Content-Type"]


def test_a_cached_api_answer_is_sent_as_the_view_sent_it_without_running_the_view(
    cached, client, unthrottled, monkeypatch
):
    from tracker.api.views import RecordViewSet

    make_meeting(title="An API meeting")
    first = client.get("/api/v1/meetings/")
    dispatched = []
    monkeypatch.setattr(
        RecordViewSet, "initial", lambda self, *args, **kwargs: dispatched.append(self)
    )
    with CaptureQueriesContext(connection) as context:
        again = client.get("/api/v1/meetings/")
    assert dispatched == []
    assert len(context.captured_queries) == 1  # the versions of what the list shows
    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.headers) == dict(first.headers)  # the security headers included
    assert again["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in again


def test_cached_api_answers_tell_the_client_its_standing(cached, client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "100/min"},
    }
    make_meeting()
    answers = [client.get("/api/v1/meetings/") for _ in range(4)]
    assert [answer.get("RateLimit", "").split(", ")[1] for answer in answers[:3]] == [
        "remaining=2",
        "remaining=1",
        "remaining=0",
    ]
    refused = answers[3]
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert "throttled" in refused.json()["detail"].lower()


def test_a_client_with_a_token_is_answered_by_the_view_not_the_cache(
    cached, client, editor, unthrottled, monkeypatch
):
    from tracker.api.views import RecordViewSet
    from tracker.models import ApiToken

    make_meeting(title="An API meeting")
    assert client.get("/api/v1/meetings/").status_code == 200  # kept for anonymous clients
    key = ApiToken.objects.issue(editor)[1]
    initial = RecordViewSet.initial
    dispatched = []

    def counting(self, *args, **kwargs):
        dispatched.append(self)
        return initial(self, *args, **kwargs)

    monkeypatch.setattr(RecordViewSet, "initial", counting)
    answer = client.get("/api/v1/meetings/", HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 200
    assert b"An API meeting" in answer.content
    assert len(dispatched) == 1
