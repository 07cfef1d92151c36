"""The worst search query strings, timed on the benchmark's database.

`python -m bench.search` (same database and settings as `make bench`, the
page cache off) requests each query string below from `/api/v1/projects/`,
`/search/` and `/api/v1/meetings/` three times through Django's test client
and prints the status and the median and slowest time of each.

Then it times searches by place names in their spellings, languages and
scripts (and a misspelling, answered with "did you mean") from `/search/`,
`/api/v1/meetings/` and `/api/v1/cities/`, PLACE_REPEAT times each, and prints
each one's p50 and p95 and those of them all.
"""

import os
import statistics
import sys
import time

from bench.run import environment, parse_args

QUERIES = {
    "100 x one letter": " ".join(["a"] * 100),
    "100 one-character words": " ".join(
        "abcdefghijklmnopqrstuvwxyz0123456789"[n % 36] for n in range(100)
    ),
    "8 one-letter words": "a b c d e f g h",
    "8 common words": "a generated project on public management data programme",
    "8 common prefixes": "gen pro pub man dat wat cle sma",
}
PATHS = ("/api/v1/projects/", "/search/", "/api/v1/meetings/")
REPEAT = 3
PLACE_QUERIES = (
    "Bali",
    "Jimbaran",
    "Vietnam",
    "Viet Nam",
    "Laos",
    "Burma",
    "Đà Nẵng",
    "danang",
    "Ho Chi Minh",
    "Hồ Chí Minh",
    "ភ្នំពេញ",
    "กรุงเทพ",
    "Battambng",
)
PLACE_PATHS = ("/search/", "/api/v1/meetings/", "/api/v1/cities/")
PLACE_REPEAT = 20


def percentile(times, fraction):
    return sorted(times)[max(0, round(fraction * len(times)) - 1)]


def p95(times):
    return percentile(times, 0.95)


def p50(times):
    return percentile(times, 0.5)


def time_places(client):
    """Each place query's p95 on each path, and the p95 of all of them."""
    every = []
    for query in PLACE_QUERIES:
        for path in PLACE_PATHS:
            times = []
            for _ in range(PLACE_REPEAT):
                started = time.perf_counter()
                response = client.get(path, {"q": query}, HTTP_HOST="localhost")
                times.append(time.perf_counter() - started)
            every += times
            print(
                f"{query:14} {path:20} {response.status_code}  "
                f"p50 {p50(times) * 1000:6.1f} ms  p95 {p95(times) * 1000:6.1f} ms"
            )
    print(
        f"all place searches: p50 {p50(every) * 1000:.1f} ms, p95 {p95(every) * 1000:.1f} ms "
        f"over {len(every)} requests"
    )


def main():
    arguments, sys.argv = sys.argv[1:], sys.argv[:1]
    os.environ.update(environment(parse_args()), PAGE_CACHE_SECONDS="0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' static files

    client = Client()
    if "--places" in arguments:
        time_places(client)
        return
    for name, query in QUERIES.items():
        for path in PATHS:
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                response = client.get(path, {"q": query}, HTTP_HOST="localhost")
                times.append(time.perf_counter() - started)
            print(
                f"{name:24} {path:20} {response.status_code}  "
                f"median {statistics.median(times):6.2f} s  slowest {max(times):6.2f} s"
            )


if __name__ == "__main__":
    main()
