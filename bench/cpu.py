"""CPU and database time per uncached request, for every endpoint of the benchmark.

`python -m bench.cpu` (also run by `make bench`) requests each endpoint of
`bench.run` in this process through Django's test client, with the response
cache off, a few times to warm up and then `--repeat` times, and reports the
median of each figure:

- CPU: the process's CPU time for the request (`time.process_time`): Python,
  the driver and everything else this process does, not PostgreSQL's own work;
- wall: the request's elapsed time;
- wait: wall minus CPU, the time spent waiting (on the database, mostly);
- queries' time: the elapsed time of the queries themselves, measured around
  each `execute` (`connection.execute_wrapper`), and how many there were.

CPU per request is what a shared machine measures reliably; the load
figures of `bench.run` move by a third with the machine's load.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from bench.run import DEFAULT_DATABASE, ROOT, environment, prepare

TARGET_MEDIAN_CPU_MS = 6
TARGET_MAX_CPU_MS = 15
TARGET_DB_MS = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--scale", default="1")
    parser.add_argument("--repeat", type=int, default=15, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=3, help="requests before measuring")
    parser.add_argument("--only", default="", help="run only endpoints whose name contains this")
    parser.add_argument("--output", default=str(ROOT / "bench" / "cpu.md"))
    # `make bench` passes the load benchmark's arguments too: ignore the others
    args, _ = parser.parse_known_args(argv)
    args.no_cache = True
    return args


class QueryTimer:
    """An execute wrapper: how many queries ran, and their elapsed time."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


def measure(client, path, repeat, warmup):
    """Median figures of `repeat` requests to `path`, in ms (and the query count)."""
    from django.db import connection

    status = None
    for _ in range(warmup):
        status = client.get(path, HTTP_HOST="127.0.0.1").status_code
    cpu, wall, query_time, counts = [], [], [], []
    for _ in range(repeat):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            cpu_start, wall_start = time.process_time(), time.perf_counter()
            response = client.get(path, HTTP_HOST="127.0.0.1")
            wall_end, cpu_end = time.perf_counter(), time.process_time()
        status = response.status_code
        cpu.append((cpu_end - cpu_start) * 1000)
        wall.append((wall_end - wall_start) * 1000)
        query_time.append(timer.seconds * 1000)
        counts.append(timer.count)
    cpu_ms, wall_ms = statistics.median(cpu), statistics.median(wall)
    return {
        "status": status,
        "cpu": cpu_ms,
        "wall": wall_ms,
        "wait": max(0.0, wall_ms - cpu_ms),
        "queries_ms": statistics.median(query_time),
        "queries": max(counts),
    }


def table(paths, results, note):
    lines = [
        note,
        "",
        "| endpoint | path | queries | CPU ms | wall ms | wall − CPU ms | queries' time ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in paths:
        row = results[name]
        status = "" if row["status"] == 200 else f" ({row['status']})"
        lines.append(
            f"| {name} | `{path}` | {row['queries']}{status} | {row['cpu']:.1f} | "
            f"{row['wall']:.1f} | {row['wait']:.1f} | {row['queries_ms']:.1f} |"
        )
    measured = [results[name] for name, _ in paths if name != "floor"]
    if measured:
        cpu = [row["cpu"] for row in measured]
        db = [max(row["wait"], row["queries_ms"]) for row in measured]
        slowest = max(measured, key=lambda row: row["cpu"])
        slowest_name = next(n for n, _ in paths if results[n] is slowest)
        lines += [
            "",
            f"Over the {len(measured)} endpoints (the floor aside): median CPU "
            f"{statistics.median(cpu):.1f} ms (target ≤ {TARGET_MEDIAN_CPU_MS}), "
            f"highest {max(cpu):.1f} ms, {slowest_name} (target ≤ {TARGET_MAX_CPU_MS}); "
            f"database time (the larger of wall − CPU and the queries' time) "
            f"median {statistics.median(db):.1f} ms, highest {max(db):.1f} ms "
            f"(target ≤ {TARGET_DB_MS}).",
        ]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    env = environment(args)
    prepare(args, env)
    from django.conf import settings
    from django.test import Client

    from bench.run import endpoints

    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    paths = [(n, p) for n, p in endpoints() if args.only in n or n == "floor"]
    client = Client()
    results = {}
    for name, path in paths:
        results[name] = row = measure(client, path, args.repeat, args.warmup)
        print(
            f"{name:28} CPU {row['cpu']:6.1f} ms  wall {row['wall']:6.1f} ms  "
            f"queries {row['queries']:2} in {row['queries_ms']:5.1f} ms"
        )
    note = (
        f"Uncached, in one process through Django's test client, PostgreSQL, scale "
        f"{args.scale}: median of {args.repeat} requests after {args.warmup} to warm up, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}."
    )
    text = table(paths, results, note)
    print()
    print(text)
    Path(args.output).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
