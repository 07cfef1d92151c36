"""The app's own settings plus the benchmark's floor view; production-like (no debug)."""

from ascn.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
