"""Bounded search: a `q` of many or very short words cannot tie up the site.

The same rule holds on every list page, the API and /search/: at most
eight different words (more is the form's error on a page, a 400 with a
message from the API), and a word shorter than three characters is matched
whole rather than as a prefix. On PostgreSQL a web request's queries stop
after DATABASE_STATEMENT_TIMEOUT_MS, answered 503 rather than 500.
"""

import time

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_city, make_project

pytestmark = pytest.mark.django_db

NINE_WORDS = "smart city water waste transport energy health safety housing"
EIGHT_WORDS = "smart city water waste transport energy health safety"
# the review's query: one letter, a hundred times (199 characters)
HUNDRED_LETTERS = " ".join(["a"] * 100)
# a hundred one-character words, 36 of them different
HUNDRED_CHARACTERS = " ".join("abcdefghijklmnopqrstuvwxyz0123456789"[n % 36] for n in range(100))


def test_the_api_refuses_more_than_eight_words_with_a_message(client):
    response = client.get("/api/v1/projects/", {"q": NINE_WORDS})
    assert response.status_code == 400
    assert "at most 8 different words" in response.json()["detail"]


def test_a_list_page_shows_the_error_for_more_than_eight_words(client):
    make_project(title="Smart city water waste transport energy health safety housing")
    response = client.get("/projects/", {"q": NINE_WORDS})
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 8 different words" in page
    assert "Smart city water" not in page  # no results for a refused search


def test_the_search_page_shows_the_error_for_more_than_eight_words(client):
    response = client.get("/search/", {"q": NINE_WORDS})
    assert response.status_code == 400
    assert "at most 8 different words" in response.content.decode()


def test_eight_words_and_repeated_words_are_searched(client):
    project = make_project(title="Smart city water waste transport energy health safety")
    response = client.get("/api/v1/projects/", {"q": EIGHT_WORDS})
    assert [row["slug"] for row in response.json()["results"]] == [project.slug]
    # a word said thirty times is one word
    repeated = " ".join(["water"] * 30)
    response = client.get("/api/v1/projects/", {"q": repeated})
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [project.slug]
    response = client.get("/search/", {"q": "WATER water Water"})
    assert response.status_code == 200
    assert project.get_absolute_url() in response.content.decode()
    assert "Smart city <mark>water</mark> waste" in response.content.decode()


def test_a_short_word_is_matched_whole_not_as_a_prefix(client):
    bay = make_project(title="Ha Long bay moorings")
    make_project(title="Hanoi metro line 3")
    make_city(name="Halong")
    response = client.get("/api/v1/projects/", {"q": "ha"})
    assert [row["slug"] for row in response.json()["results"]] == [bay.slug]
    response = client.get("/projects/", {"q": "ha"})
    assert "Ha Long bay" in response.content.decode()
    assert "Hanoi metro" not in response.content.decode()
    response = client.get("/search/", {"q": "ha"})
    assert "Hanoi metro" not in response.content.decode()
    assert "Halong" not in response.content.decode()
    # three letters and more still match the start of a word
    response = client.get("/api/v1/projects/", {"q": "han"})
    assert [row["title"] for row in response.json()["results"]] == ["Hanoi metro line 3"]


def test_hundred_word_queries_are_refused_or_answered_at_once_on_generated_data(client, postgresql):
    call_command("generate_data", scale=0.01, verbosity=0)
    for path in ("/api/v1/projects/", "/api/v1/meetings/", "/search/", "/projects/"):
        for query, status in (
            (HUNDRED_CHARACTERS, 400),  # 36 different words
            (HUNDRED_LETTERS, 200),  # one word, matched whole
            ("a b c d e f g h", 200),  # eight short words
        ):
            started = time.perf_counter()
            response = client.get(path, {"q": query})
            assert response.status_code == status, (path, query)
            # Unbounded, these took 13-160 s at scale 1; bench/README.md measures the bound
            # (under 0.5 s). This guard leaves room for a machine busy with other tests.
            assert time.perf_counter() - started < 3, (path, query)


@pytest.fixture
def slow_projects(settings):
    """Every query of the projects' table takes half a second; the limit is 0.1 s."""
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 100

    def sleep_first(execute, sql, params, many, context):
        if "tracker_project" in sql:
            execute("SELECT pg_sleep(0.5)", None, False, context)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(sleep_first):
        yield


def test_a_query_over_the_time_limit_is_a_503_in_json_from_the_api(
    client, postgresql, slow_projects
):
    response = client.get("/api/v1/projects/", {"q": "water"})
    assert response.status_code == 503
    assert "could not answer this request in time" in response.json()["detail"]


def test_a_query_over_the_time_limit_is_the_503_page(client, postgresql, slow_projects):
    response = client.get("/search/", {"q": "water"})
    assert response.status_code == 503
    assert "This took too long" in response.content.decode()


def show_timeout():
    """The connection's statement_timeout, read past the query log."""
    return connection.connection.execute("SHOW statement_timeout").fetchone()[0]


def test_the_time_limit_holds_for_requests_only(client, postgresql, settings):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 1234
    connection.ensure_connection()
    before = show_timeout()
    during = []

    def record(execute, sql, params, many, context):
        if "tracker_project" in sql:
            during.append(show_timeout())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get("/api/v1/projects/").status_code == 200
    assert set(during) == {"1234ms"}
    assert show_timeout() == before != "1234ms"


def test_ascii_text_folds_as_any_text_does():
    """ASCII text, folded without Unicode normalisation, folds as the full rule folds it."""
    from tracker.folding import fold, fold_unicode

    every_character = "".join(chr(code) for code in range(128))
    samples = [every_character, "  Ho-Chi MINH city!! ", "covid-19_a%b\\c", "\t\x00x\x7fy", ""]
    samples += [f"a{chr(code)}b" for code in range(128)]
    for text in samples:
        assert fold(text) == fold_unicode(text), repr(text)


def test_a_query_starts_no_parallel_workers_unless_configured(postgresql):
    """A page's queries are small: a worker's start costs more than it saves."""
    connection.ensure_connection()
    assert connection.connection.execute("SHOW max_parallel_workers_per_gather").fetchone() == (
        "0",
    )
