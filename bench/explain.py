"""EXPLAIN ANALYZE of the main list queries on the benchmark's database.

`python -m bench.explain` (same database and settings as `make bench`)
prints, for each list as its page or endpoint builds it, the plan of the
query that fetches its rows and of its count, so index use can be checked.
"""

import os
import re
import sys

from bench.run import environment, parse_args

DETAIL_PAGES = ("city", "country", "meeting", "project", "person", "organisation")


def main():
    show_details = "--details" in sys.argv
    sys.argv = sys.argv[:1]
    os.environ.update(environment(parse_args()))
    import django

    django.setup()
    if show_details:
        details()
        return
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from tracker import filters, models
    from tracker.pagination import DeepPaginator

    def filtered(filterset_class, model, query):
        return filterset_class(QueryDict(query), queryset=model.objects.for_list()).qs

    lists = [
        ("meetings, page 1", filters.MeetingFilter, models.Meeting, "", 50, 1),
        (
            "meetings ?year=2023&kind=workshop&mode=online",
            filters.MeetingFilter,
            models.Meeting,
            "year=2023&kind=workshop&mode=online",
            50,
            1,
        ),
        ("meetings ?q=flood", filters.MeetingFilter, models.Meeting, "q=flood", 50, 1),
        ("meetings, page 201 (keys)", filters.MeetingFilter, models.Meeting, "", 50, 201),
        (
            "cities ?country=kh&status=in_network",
            filters.CityFilter,
            models.City,
            "country=kh&status=in_network",
            50,
            1,
        ),
        (
            "projects ?status=active&focus_area=health",
            filters.ProjectFilter,
            models.Project,
            "status=active&focus_area=health",
            50,
            1,
        ),
        ("projects ?q=flood (API)", filters.ProjectFilter, models.Project, "q=flood", 20, 1),
        ("projects, page 1000 (keys)", filters.ProjectFilter, models.Project, "", 50, 1000),
        ("people, page 1", filters.PersonFilter, models.Person, "", 50, 1),
        ("organisations, page 1", filters.OrganisationFilter, models.Organisation, "", 50, 1),
        ("statements, page 1 (API)", filters.StatementFilter, models.Statement, "", 20, 1),
    ]
    for title, filterset_class, model, query, per_page, number in lists:
        queryset = filtered(filterset_class, model, query)
        paginator = DeepPaginator(queryset, per_page)
        bottom = (number - 1) * per_page
        if number > 1:
            rows = queryset.values_list("pk", flat=True)[bottom : bottom + per_page]
        else:
            rows = queryset[:per_page]
        with CaptureQueriesContext(connection) as queries:
            count = paginator.count
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + queries.captured_queries[-1]["sql"])
            count_plan = "\n".join(line for (line,) in cursor.fetchall())
        print(f"### {title}: {count} rows\n")
        print("The page's rows" + (" (the keys step)" if number > 1 else "") + ":\n")
        print("```\n" + condensed(rows.explain(analyze=True)) + "\n```\n")
        print("The count:\n")
        print("```\n" + condensed(count_plan) + "\n```\n")


def details():
    """`--details`: every query of one uncached request to each detail page of the
    benchmark, with its plan (EXPLAIN ANALYZE, condensed) and its execution time."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.run import endpoints

    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    for name, path in endpoints():
        if name not in DETAIL_PAGES:
            continue
        client.get(path, HTTP_HOST="127.0.0.1")  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(path, HTTP_HOST="127.0.0.1")
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + sql)
                plan = "\n".join(line for (line,) in cursor.fetchall())
            tables = re.findall(r'FROM "(tracker_\w+)"', sql)
            time = re.search(r"Execution Time: ([\d.]+)", plan).group(1)
            plans.append((tables[0] if tables else "?", float(time), plan))
        total = sum(time for _, time, _ in plans)
        print(f"#### {name} (`{path}`): {len(plans)} queries, {total:.1f} ms in all\n")
        print("| query (its first table) | execution ms | scans |")
        print("| --- | ---: | --- |")
        for table, time, plan in plans:
            scans = sorted(
                set(
                    re.findall(
                        r"((?:Parallel )?(?:Index Only Scan|Index Scan|"
                        r"Bitmap Heap Scan|Seq Scan)[^(]*? on \w+)",
                        plan,
                    )
                )
            )
            print(f"| {table} | {time:.2f} | {'; '.join(scans)} |")
        print()


# The lines of a plan that show how rows are found, and its time.
SHOWN = re.compile(
    r"Scan|Limit|Index Cond|Recheck|BitmapOr|Aggregate|Execution Time|^Sort|->  Sort"
)


def condensed(plan):
    lines = [line for line in plan.splitlines() if SHOWN.search(line)]
    lines = [line for line in lines if not ("Seq Scan" in line and "rows=13 " in line)]
    return "\n".join(re.sub(r"\(cost=[^)]*\) ", "", line) for line in lines)


if __name__ == "__main__":
    main()
