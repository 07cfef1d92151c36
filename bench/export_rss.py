"""Peak memory of streaming one download of /api/v1/export/ (bench/README.md).

    DATABASE_URL=postgres://... python -m bench.export_rss records.jsonl

Streams the download through Django's test client, as a server would send it,
counting its bytes, and prints the process's resident memory before the
download, at every tenth of it and at its peak. Run it under `/usr/bin/time -v`
for the operating system's own figure of the peak.
"""

import os
import resource
import sys
import time


def rss_mb():
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(name):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["export"] = None
    client = Client()
    client.get("/api/v1/export/", secure=True)  # everything imported before the baseline
    before = rss_mb()
    started = time.monotonic()
    response = client.get(f"/api/v1/export/{name}", secure=True)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    samples = []
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n")
        if len(samples) < size // (2**20 * 5):  # every 5 MB
            samples.append(round(rss_mb()))
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{name}: {size / 2**20:.1f} MB, {lines} lines in {seconds:.0f} s; RSS before "
        f"{before:.0f} MB, peak {peak:.0f} MB; every 5 MB: {samples}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
