"""Each page's render time in-process, uncached: what a visit costs the server after a change,
without HTTP, gunicorn or wrk, so it holds still on a busy machine where wrk's figures do not.

Renders each page through Django's test client (the whole middleware stack and the view) with
the page cache off (PAGE_CACHE_SECONDS=0, which turns off every cache beneath it too), once to
warm up, once counting its queries, and then RENDERS times, and prints the median and fastest
render, the median CPU time of this process (the render's own work, which holds still on a busy
machine; the database's share is not in it) and the page's queries. With --warm, the page cache
stays on and each page is asked for with a query parameter it ignores, so the page renders but
what is kept beneath the page cache (common/fragments.py) is used, as after a change that did
not touch it (a registration). Against whatever database and settings the environment names:
benchmarks/run runs it with the production settings against the series it loaded. --profile PATH
profiles that page's renders with cProfile and prints where the time went.

Usage: python benchmarks/render_times.py [--renders 50] [--warm] [--profile PATH] [NAME=PATH ...]
(without pages: the home page, the seminar list, the first published seminar's page and form,
and the people page)
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402


def default_pages():
    from seminars.models import Seminar, SeminarStatus

    seminar = Seminar.objects.filter(status=SeminarStatus.PUBLISHED).first()
    pages = {"home": "/", "seminar list": "/seminars/"}
    if seminar:
        pages["seminar page"] = seminar.get_absolute_url()
        pages["registration form"] = f"{seminar.get_absolute_url()}register/"
    pages["people"] = "/people/"
    return pages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", metavar="NAME=PATH")
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--profile", metavar="PATH", help="profile this page's renders")
    parser.add_argument("--warm", action="store_true", help="keep the caches beneath the page's")
    args = parser.parse_args()
    pages = dict(page.split("=", 1) for page in args.pages) or default_pages()
    if args.warm:
        pages = {name: f"{path}?uncached=1" for name, path in pages.items()}
        args.profile = args.profile and f"{args.profile}?uncached=1"
    client = Client(SERVER_NAME="127.0.0.1", headers={"X-Forwarded-Proto": "https"})

    with override_settings(PAGE_CACHE_SECONDS=0) if not args.warm else nullcontext():
        if args.profile:
            return profile(client, args.profile, args.renders)
        print(f"{'page':<18} {'median ms':>10} {'fastest':>10} {'CPU ms':>8} {'queries':>8}")
        for name, path in pages.items():
            get(client, path)  # the first render loads templates, warms the ORM and any cache
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                get(client, path)
            times, cpu = [], []
            for _ in range(args.renders):
                started, started_cpu = time.perf_counter(), time.process_time()
                get(client, path)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            print(
                f"{name:<18} {statistics.median(times):>10.2f} {min(times):>10.2f} "
                f"{statistics.median(cpu):>8.2f} {len(queries):>8}"
            )
    return 0


def get(client, path):
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def profile(client, path, renders):
    get(client, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        get(client, path)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
