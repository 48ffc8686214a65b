"""Quick harness for the activity report's speed (reports/ owner's tool; `make bench` stays the reference).

Loads a make_scale data set into its own PostgreSQL database (default `parcours_perf`) with run_bench's COPY
loader, then times the association-wide report for 2019 against the same sequential pass as `make bench`,
optionally under cProfile. Never writes bench/results.json.

    .venv/bin/python bench/report_profile.py --persons 200000 --load      # generate + load, then time
    .venv/bin/python bench/report_profile.py --persons 200000             # time the loaded database
    .venv/bin/python bench/report_profile.py --profile                    # + cProfile of one report
    .venv/bin/python bench/report_profile.py --json out.json              # write the report JSON (compare runs)
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pathlib
import pstats
import shutil
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.environ.setdefault("PARCOURS_BENCH_DB", "parcours_perf")
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import run_bench as rb  # noqa: E402  (reads PARCOURS_BENCH_DB and sets DATABASE_URL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--load", action="store_true", help="generate and load a fresh data set first")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", help="write the report's JSON to this file")
    parser.add_argument("--queries", action="store_true", help="time each query of one report")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from reports.scope import Scope
    from reports.services import activity_report, report_to_json

    if args.load:
        folder = rb.DATA / f"scale_{args.persons}"
        rb.log(f"generating {args.persons} persons")
        rb.generate(args.persons, folder)
        rb.log("fresh database + COPY loader")
        rb.fresh_database()
        counts = rb.app_loader(folder)
        rb.log(f"loaded {counts}")
        shutil.rmtree(folder, ignore_errors=True)

    def run_report() -> dict:
        return report_to_json(activity_report(year=rb.REPORT_YEAR, scope=Scope.association()))

    def run_pass() -> None:
        with connection.cursor() as cur:
            cur.execute(rb.SEQUENTIAL_PASS)
            cur.fetchall()

    run_pass()  # warm the cache like the report's first run would
    report_seconds, report_runs = rb.timed(run_report, repeat=args.repeat)
    pass_seconds, pass_runs = rb.timed(run_pass, repeat=max(args.repeat, 3))
    rb.log(
        f"report {report_seconds:.2f} s {report_runs}; pass {pass_seconds:.2f} s {pass_runs}; "
        f"ratio {report_seconds / pass_seconds:.2f}"
    )
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(run_report(), indent=1, sort_keys=True) + "\n")
    if args.queries:
        timings: list[tuple[float, str]] = []

        def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started, " ".join(sql.split())))

        with connection.execute_wrapper(wrapper):
            started = time.perf_counter()
            run_report()
            total = time.perf_counter() - started
        for seconds, sql in timings:
            print(f"{seconds:7.3f}  {sql[:300]}")
        print(f"{sum(t for t, _ in timings):7.3f}  in execute (of {total:.3f} s), {len(timings)} queries")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run_report()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
