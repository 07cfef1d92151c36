"""The load benchmark: `make bench`.

Starts the app under gunicorn on PostgreSQL with the scale-1 generated data,
drives every public list and detail page and API endpoint with wrk from
several concurrent clients, and prints each one's p50/p95 latency and
requests per second next to the floor measured in the same run: a bare view
returning a fixed small JSON body through the same server. It also counts
the queries each request makes. Its clients accept gzip, as browsers do
(`--identity`: they do not).
"""

import argparse
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/ascn_bench"
TARGET_RATIO = 0.4
TARGET_P95_MS = 150
TARGET_SEARCH_P95_MS = 200
TARGET_DEEP_RATIO = 1.5
DEEP_PAGE = 1000
HTML_PAGE_SIZE = 50
API_PAGE_SIZE = 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--scale", default="1")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="run only endpoints whose name contains this")
    parser.add_argument(
        "--no-cache", action="store_true", help="turn the response cache off: every request renders"
    )
    parser.add_argument(
        "--identity",
        action="store_true",
        help="clients that do not accept gzip (by default they do, as browsers do)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.md"))
    return parser.parse_args()


def environment(args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
        API_THROTTLE_ANON="off",  # the load comes from one address
        API_THROTTLE_USER="off",
        PAGE_THROTTLE_SEARCH="off",
        PAGE_THROTTLE_EXPORT="off",
        PAGE_CACHE_SECONDS="0" if args.no_cache else "600",
    )
    return env


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def prepare(args, env):
    ensure_database(args.database)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from tracker import models

    if not models.Source.objects.filter(slug="gen-source").exists():
        manage(env, "generate_data", "--scale", args.scale)


def endpoints():
    """(name, path) for every page and endpoint, filtered and not, with real slugs."""
    from django.db.models import Count

    from tracker import models

    city = models.City.objects.filter(slug__startswith="gen-").order_by("pk").first()
    meeting = (
        models.Meeting.objects.filter(slug__startswith="gen-")
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    project = models.Project.objects.filter(slug__startswith="gen-").order_by("pk").first()
    person = (
        models.Person.objects.filter(slug__startswith="gen-")
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    organisation = (
        models.Organisation.objects.filter(slug__startswith="gen-")
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    country = "kh"

    def deep_page(list_name, path, model, per_page):
        """Page 1,000 of a list, or its last page if it has fewer: (name, path)."""
        pages = max(1, math.ceil(model.objects.count() / per_page))
        number = min(DEEP_PAGE, pages)
        return f"{list_name} page {number}", path.format(number)

    pages = [
        ("home", "/"),
        ("cities", "/cities/"),
        ("cities filtered", f"/cities/?country={country}&status=in_network"),
        ("city", f"/cities/{city.slug}/"),
        ("countries", "/countries/"),
        ("country", f"/countries/{country}/"),
        ("meetings", "/meetings/"),
        ("meetings filtered", "/meetings/?year=2023&kind=workshop&mode=online"),
        deep_page("meetings", "/meetings/?page={}", models.Meeting, HTML_PAGE_SIZE),
        ("meeting", f"/meetings/{meeting.slug}/"),
        ("projects", "/projects/"),
        ("projects filtered", "/projects/?status=active&focus_area=health"),
        deep_page("projects", "/projects/?page={}", models.Project, HTML_PAGE_SIZE),
        ("project", f"/projects/{project.slug}/"),
        ("people", "/people/"),
        ("person", f"/people/{person.slug}/"),
        ("organisations", "/organisations/"),
        ("organisation", f"/organisations/{organisation.slug}/"),
        ("search q", "/search/?q=flood+resilience"),
        ("meetings q", "/meetings/?q=flood"),
    ]
    api = [
        ("api cities", "/api/v1/cities/"),
        ("api cities filtered", f"/api/v1/cities/?country={country}"),
        ("api city", f"/api/v1/cities/{city.slug}/"),
        ("api meetings", "/api/v1/meetings/"),
        ("api meetings filtered", "/api/v1/meetings/?year=2023&kind=workshop"),
        deep_page("api meetings", "/api/v1/meetings/?page={}", models.Meeting, API_PAGE_SIZE),
        ("api meeting", f"/api/v1/meetings/{meeting.slug}/"),
        ("api projects", "/api/v1/projects/"),
        ("api projects filtered", "/api/v1/projects/?status=active&focus_area=health"),
        deep_page("api projects", "/api/v1/projects/?page={}", models.Project, API_PAGE_SIZE),
        ("api project", f"/api/v1/projects/{project.slug}/"),
        ("api people", "/api/v1/people/"),
        ("api person", f"/api/v1/people/{person.slug}/"),
        ("api organisations", "/api/v1/organisations/"),
        ("api statements", "/api/v1/statements/"),
        ("api projects q", "/api/v1/projects/?q=flood"),
    ]
    return [("floor", "/bench/floor/"), *pages, *api]


def query_counts(paths):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for name, path in paths:
        try:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, HTTP_HOST="127.0.0.1")
        except Exception as error:  # reported in the table, not fatal to the run
            counts[name] = (len(queries), f"{type(error).__name__}")
            continue
        counts[name] = (len(queries), response.status_code)
    return counts


def start_server(args, env):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "ascn.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        "--error-logfile",
        "-",
    ]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"port {args.port} is in use: another server would be measured")
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{args.port}/bench/floor/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except OSError:  # not listening yet, or still booting (URLError is an OSError)
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


FAILED = {"requests": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "errors": 0, "non2xx": 0}


def load(args, path):
    """wrk's figures for one path; a path that fails is measured as failing, not fatal."""
    url = f"http://127.0.0.1:{args.port}{path}"
    encoding = "identity" if args.identity else "gzip"
    try:
        for _ in range(3):  # warm the workers' connections and caches
            request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
            urllib.request.urlopen(request, timeout=30).read()
    except urllib.error.HTTPError as error:
        return dict(FAILED, failure=f"HTTP {error.code}")
    except (urllib.error.URLError, OSError) as error:
        return dict(FAILED, failure=f"{type(error).__name__}: {error}"[:80])
    result = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-H",
            f"Accept-Encoding: {encoding}",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return dict(FAILED, failure=f"wrk failed: {result.stderr.strip()[:80]}")


def verdicts(name, row, floor, results):
    if row.get("failure"):
        return 0.0, f"FAILED: {row['failure']}"
    notes = []
    ratio = row["rps"] / floor["rps"] if floor["rps"] else 0.0
    if ratio < TARGET_RATIO:
        notes.append(f"ratio<{TARGET_RATIO}")
    limit = TARGET_SEARCH_P95_MS if " q" in name else TARGET_P95_MS
    if row["p95"] > limit:
        notes.append(f"p95>{limit}ms")
    if " page " in name:
        first = results.get(name.split(" page ")[0])
        if first and row["p50"] > TARGET_DEEP_RATIO * first["p50"]:
            notes.append(f"deep>{TARGET_DEEP_RATIO}x page 1")
    if row["errors"] or row["non2xx"]:
        notes.append(f"{row['errors']} errors, {row['non2xx']} non-2xx")
    return ratio, ", ".join(notes) or "ok"


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    env = environment(args)
    prepare(args, env)
    paths = [(n, p) for n, p in endpoints() if args.only in n or n == "floor"]
    counts = query_counts(paths)
    server = start_server(args, env)
    results = {}
    try:
        for name, path in paths:
            results[name] = load(args, path)
            row = results[name]
            failure = row.get("failure", "")
            print(
                f"{name:28} {row['rps']:8.1f}/s p50 {row['p50']:.1f} "
                f"p95 {row['p95']:.1f} ms {failure}"
            )
    finally:
        server.terminate()
        server.wait()
    floor = results["floor"]
    lines = [
        f"{args.connections} concurrent clients, {args.duration} s per endpoint, "
        f"gunicorn with {args.workers} workers, PostgreSQL, scale {args.scale}, "
        f"response cache {'off' if args.no_cache else 'on'}, clients accepting "
        f"{'no compression' if args.identity else 'gzip'}.",
        "",
        "| endpoint | path | queries | req/s | ratio to floor | p50 ms | p95 ms | verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, path in paths:
        row = results[name]
        ratio, verdict = verdicts(name, row, floor, results)
        queries, status = counts[name]
        status_note = "" if status == 200 else f" ({status})"
        lines.append(
            f"| {name} | `{path}` | {queries}{status_note} | {row['rps']:.0f} | {ratio:.2f} | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | {verdict} |"
        )
    table = "\n".join(lines)
    print()
    print(table)
    Path(args.output).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
