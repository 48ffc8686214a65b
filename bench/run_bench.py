"""`make bench`: import throughput vs PostgreSQL COPY, report time vs one sequential pass (docs/benchmarks.md).

1. import: make_scale writes N persons (default 100,000); they are imported with the application's importer
   (`import_records`) into a fresh, migrated database `parcours_bench`; in the same run the same CSV files are
   loaded with PostgreSQL's `COPY` into plain tables (same columns, no constraint, no index).
   ratio = import time / COPY time (goal ≤ 3).
2. report: make_scale writes M persons (default 1,000,000); a COPY-based loader writes them straight into the
   application's tables (the importer would take hours at this size); then the association-wide activity report
   of one year is timed against one sequential pass over the same tables (a plain SQL aggregate reading every
   row of stays, measures and events). ratio = report time / pass time (goal ≤ 3).
3. html: the demo (2019-sized association) is imported and the HTML report page is timed, if the page exists.

Results go to bench/results.json. Usage: python bench/run_bench.py [--import-persons N] [--report-persons M]
[--steps import,report,html] [--keep-data].
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import sys
import time
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PG_HOST = os.environ.get("PARCOURS_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PARCOURS_PG_PORT", "5432"))
PG_USER = os.environ.get("PARCOURS_PG_USER", "postgres")
BENCH_DB = os.environ.get("PARCOURS_BENCH_DB", "parcours_bench")
DATA = ROOT / "bench" / "data" / BENCH_DB  # one folder per bench database: two runs never share files
REPORT_YEAR = 2019

sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def pg(dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname, autocommit=True)


def fresh_database() -> None:
    """Drop and recreate the bench database, then migrate it."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    with pg() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    call_command("migrate", verbosity=0, skip_checks=True)


def data_rows(folder: pathlib.Path) -> dict[str, int]:
    rows = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open("rb") as handle:
            rows[path.name] = sum(1 for _ in handle) - 1
    return rows


def generate(persons: int, folder: pathlib.Path) -> float:
    from generators.scale import generate_scale

    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    generate_scale(persons=persons, output=folder, first_year=2017, last_year=2020)
    return time.perf_counter() - started


# --- step 1: importer vs COPY -------------------------------------------------------------------------------------

DATE_COLUMNS = re.compile(r"(^date$|_date$|_on$)")
INT_COLUMNS = {"capacity", "places", "quantity", "hours_ordered", "hours_done"}
BOOL_COLUMNS = {"sat_exam", "graduated", "hired_after"}


def column_type(column: str) -> str:
    if DATE_COLUMNS.search(column):
        return "date"
    if column in INT_COLUMNS:
        return "integer"
    if column in BOOL_COLUMNS:
        return "boolean"
    return "text"


def copy_baseline(folder: pathlib.Path) -> float:
    """COPY every CSV file of the data set into plain tables (same columns, no constraint): total seconds."""
    from interchange.format import FILES

    with pg(BENCH_DB) as conn:
        conn.execute("DROP SCHEMA IF EXISTS copy_baseline CASCADE")
        conn.execute("CREATE SCHEMA copy_baseline")
        for name, columns in FILES.items():
            table = name.removesuffix(".csv")
            cols = ", ".join(f'"{c}" {column_type(c)}' for c in columns)
            conn.execute(f"CREATE TABLE copy_baseline.{table} ({cols})")
        started = time.perf_counter()
        with conn.transaction():
            for name in FILES:
                path = folder / name
                if not path.exists():
                    continue
                table = name.removesuffix(".csv")
                with conn.cursor() as cur, path.open("rb") as handle:
                    header = handle.readline().decode().strip().split(",")
                    sql = f"COPY copy_baseline.{table} ({', '.join(header)}) FROM STDIN WITH (FORMAT csv)"
                    with cur.copy(sql) as copy:
                        while chunk := handle.read(1 << 20):
                            copy.write(chunk)
        elapsed = time.perf_counter() - started
        conn.execute("DROP SCHEMA copy_baseline CASCADE")
    return elapsed


def step_import(persons: int) -> dict[str, Any]:
    from interchange.services import import_records

    folder = DATA / f"scale_{persons}"
    log(f"import: generating {persons} persons")
    gen_seconds = generate(persons, folder)
    rows = data_rows(folder)
    total_rows = sum(rows.values())
    log(f"import: {total_rows} rows generated in {gen_seconds:.1f} s; fresh database")
    fresh_database()
    log("import: importing with import_records")
    started = time.perf_counter()
    result = import_records(path=folder, acting_user=None)
    import_seconds = time.perf_counter() - started
    if not result.applied:
        raise SystemExit("import refused: " + "\n".join(result.errors[:20]))
    log(f"import: {import_seconds:.1f} s; COPY baseline")
    copy_seconds = min(copy_baseline(folder) for _ in range(2))
    log(f"import: COPY {copy_seconds:.1f} s")
    return {
        "persons": persons,
        "rows": total_rows,
        "rows_by_file": rows,
        "generation_seconds": round(gen_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "import_rows_per_second": round(total_rows / import_seconds),
        "copy_seconds": round(copy_seconds, 2),
        "copy_rows_per_second": round(total_rows / copy_seconds),
        "ratio_import_to_copy": round(import_seconds / copy_seconds, 2),
        "goal_ratio": 3,
    }


# --- step 2: report vs one sequential pass ------------------------------------------------------------------------


def number(ident: str) -> int:
    return int(ident.lstrip("PSJEDTM"))


def copy_rows(conn: Any, model: Any, rows: Any) -> int:
    """COPY rows (dicts keyed by field attname) into a model's table; fields missing from a row get their
    default (or null / empty text / now)."""
    from django.db import models as dj
    from django.utils import timezone

    fields = list(model._meta.concrete_fields)
    defaults: dict[str, Any] = {}
    for f in fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif isinstance(f, dj.DateTimeField):
            defaults[f.attname] = timezone.now()
        elif f.null:
            defaults[f.attname] = None
        elif isinstance(f, dj.CharField | dj.TextField):
            defaults[f.attname] = ""
        else:
            defaults[f.attname] = None
    columns = [f.column for f in fields]
    attnames = [f.attname for f in fields]
    n = 0
    with conn.cursor() as cur, cur.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[a] if a in row else defaults[a] for a in attnames])
            n += 1
    return n


def read(folder: pathlib.Path, name: str) -> Any:
    path = folder / name
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def app_loader(folder: pathlib.Path) -> dict[str, int]:
    """Load a make_scale data set straight into the application's tables with COPY (bench only: no validation,
    no audit). Ids: the numeric part of the interchange ids becomes the primary key."""
    from django.apps import apps

    from establishments.enums import HOSTING_MODALITIES
    from people.normalize import search_key

    m = apps.get_model
    counts: dict[str, int] = {}
    est_ids: dict[str, int] = {}
    srv_ids: dict[str, int] = {}
    hosting: dict[str, bool] = {}
    cohort_ids: dict[str, int] = {}
    with pg(BENCH_DB) as conn, conn.transaction():

        def establishments() -> Any:
            for i, r in enumerate(read(folder, "establishments.csv"), 1):
                est_ids[r["establishment_id"]] = i
                yield {
                    "id": i,
                    "external_id": r["establishment_id"],
                    "name": r["name"],
                    "city": r["city"],
                    "territory": r["territory"],
                }

        def services() -> Any:
            for i, r in enumerate(read(folder, "services.csv"), 1):
                srv_ids[r["service_id"]] = i
                hosting[r["service_id"]] = r["modality"] in HOSTING_MODALITIES
                yield {
                    "id": i,
                    "external_id": r["service_id"],
                    "establishment_id": est_ids[r["establishment_id"]],
                    "name": r["name"],
                    "modality": r["modality"],
                    "capacity": r["capacity"] or None,
                    "night_recording": r["night_recording"] or "sejour",
                }

        def capacities() -> Any:
            for i, r in enumerate(read(folder, "capacities.csv"), 1):
                yield {
                    "id": i,
                    "service_id": srv_ids[r["service_id"]],
                    "start_date": r["start_date"],
                    "end_date": r["end_date"] or None,
                    "places": r["places"],
                }

        def persons() -> Any:
            for r in read(folder, "persons.csv"):
                yield {
                    "id": number(r["person_id"]),
                    "external_id": r["person_id"],
                    "last_name": r["last_name"],
                    "first_name": r["first_name"],
                    "birth_date": r["birth_date"] or None,
                    "sex": r["sex"],
                    "search_name": search_key(r["last_name"], r["first_name"]),
                }

        households: set[str] = set()

        def stays() -> Any:
            for r in read(folder, "stays.csv"):
                if r["household_id"]:
                    households.add(r["household_id"])
                yield {
                    "id": number(r["stay_id"]),
                    "external_id": r["stay_id"],
                    "person_id": number(r["person_id"]),
                    "service_id": srv_ids[r["service_id"]],
                    "start_date": r["start_date"],
                    "end_date": r["end_date"] or None,
                    "household_id": number(r["household_id"]) if r["household_id"] else None,
                    "household_role": r["household_role"] or "demandeur",
                    "exit_reason": r["exit_reason"],
                    "exit_housing": r["exit_housing"],
                    "exit_activity": r["exit_activity"],
                    "hosting": hosting[r["service_id"]],
                }

        def measures() -> Any:
            for r in read(folder, "justice_measures.csv"):
                yield {
                    "id": number(r["measure_id"]),
                    "external_id": r["measure_id"],
                    "person_id": number(r["person_id"]),
                    "measure": r["measure"],
                    "start_date": r["start_date"] or None,
                    "end_date": r["end_date"] or None,
                    "outcome": r["outcome"] or ("terminee" if r["end_date"] else "en_cours"),
                    "spip": r["spip"],
                }

        def vulnerabilities() -> Any:
            for i, r in enumerate(read(folder, "vulnerabilities.csv"), 1):
                yield {"id": i, "person_id": number(r["person_id"]), "kind": r["kind"], "recorded_on": r["recorded_on"]}

        def events() -> Any:
            for r in read(folder, "events.csv"):
                yield {
                    "id": number(r["event_id"]),
                    "external_id": r["event_id"],
                    "person_id": number(r["person_id"]) if r["person_id"] else None,
                    "service_id": srv_ids[r["service_id"]],
                    "date": r["date"],
                    "kind": r["kind"],
                    "quantity": r["quantity"] or 1,
                }

        def requests() -> Any:
            for r in read(folder, "admission_requests.csv"):
                yield {
                    "id": number(r["request_id"]),
                    "external_id": r["request_id"],
                    "person_id": number(r["person_id"]),
                    "service_id": srv_ids[r["service_id"]],
                    "received_on": r["received_on"],
                    "prescriber": r["prescriber"],
                    "decision": r["decision"] or "en_attente",
                    "decided_on": r["decided_on"] or None,
                    "outcome": r["outcome"] or "en_attente",
                    "reoriented_to_service_id": srv_ids.get(r["reoriented_to_service_id"]),
                }

        def cohorts() -> Any:
            for i, r in enumerate(read(folder, "cohorts.csv"), 1):
                cohort_ids[r["cohort_id"]] = i
                yield {
                    "id": i,
                    "external_id": r["cohort_id"],
                    "service_id": srv_ids[r["service_id"]],
                    "name": r["name"],
                    "start_date": r["start_date"],
                    "end_date": r["end_date"] or None,
                    "exam_date": r["exam_date"] or None,
                }

        def members() -> Any:
            for i, r in enumerate(read(folder, "cohort_members.csv"), 1):
                yield {
                    "id": i,
                    "cohort_id": cohort_ids[r["cohort_id"]],
                    "person_id": number(r["person_id"]),
                    "sat_exam": r["sat_exam"] == "1",
                    "graduated": r["graduated"] == "1",
                }

        def tigs() -> Any:
            for r in read(folder, "tig_placements.csv"):
                yield {
                    "id": number(r["placement_id"]),
                    "external_id": r["placement_id"],
                    "person_id": number(r["person_id"]),
                    "service_id": srv_ids[r["service_id"]],
                    "start_date": r["start_date"],
                    "end_date": r["end_date"] or None,
                    "hours_ordered": r["hours_ordered"] or None,
                    "hours_done": r["hours_done"] or 0,
                    "hired_after": r["hired_after"] == "1",
                }

        plan = [
            ("establishments.Establishment", establishments),
            ("establishments.Service", services),
            ("establishments.CapacityPeriod", capacities),
            ("people.Person", persons),
        ]
        for label, rows in plan:
            counts[label] = copy_rows(conn, m(label), rows())
        # Households before stays (stays refer to them): one pass to collect their ids.
        for r in read(folder, "stays.csv"):
            if r["household_id"]:
                households.add(r["household_id"])
        counts["people.Household"] = copy_rows(
            conn, m("people.Household"), ({"id": number(h), "external_id": h} for h in sorted(households))
        )
        for label, rows in [
            ("stays.Stay", stays),
            ("justice.JusticeMeasure", measures),
            ("people.Vulnerability", vulnerabilities),
            ("events.Event", events),
            ("admissions.AdmissionRequest", requests),
            ("employment.Cohort", cohorts),
            ("employment.CohortMember", members),
            ("employment.TigPlacement", tigs),
        ]:
            counts[label] = copy_rows(conn, m(label), rows())
        for label in counts:
            table = m(label)._meta.db_table
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 1))"
            )
    with pg(BENCH_DB) as conn:
        conn.execute("VACUUM ANALYZE")
    return counts


SEQUENTIAL_PASS = """
SELECT (SELECT count(*) FROM stays_stay WHERE exit_activity <> '~' AND start_date IS NOT NULL),
       (SELECT count(*) FROM justice_justicemeasure WHERE measure <> '~'),
       (SELECT sum(quantity) FROM events_event WHERE kind <> '~')
"""


def timed(fn: Any, repeat: int = 2) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), [round(t, 3) for t in times]


def step_report(persons: int) -> dict[str, Any]:
    from django.db import connection

    from reports.scope import Scope
    from reports.services import activity_report, report_to_json

    folder = DATA / f"scale_{persons}"
    log(f"report: generating {persons} persons")
    gen_seconds = generate(persons, folder)
    log(f"report: generated in {gen_seconds:.1f} s; fresh database and COPY loader")
    fresh_database()
    started = time.perf_counter()
    counts = app_loader(folder)
    load_seconds = time.perf_counter() - started
    log(f"report: loaded {sum(counts.values())} rows in {load_seconds:.1f} s; timing the report")

    def run_report() -> None:
        report_to_json(activity_report(year=REPORT_YEAR, scope=Scope.association()))

    def run_pass() -> None:
        with connection.cursor() as cur:
            cur.execute(SEQUENTIAL_PASS)
            cur.fetchall()

    report_seconds, report_runs = timed(run_report)
    pass_seconds, pass_runs = timed(run_pass)
    persons_accompanied = activity_report(year=REPORT_YEAR, scope=Scope.association()).population.persons
    log(f"report: {report_seconds:.2f} s, pass {pass_seconds:.2f} s")
    return {
        "persons": persons,
        "loader": "COPY-based loader into the application tables (bench/run_bench.py app_loader), no importer",
        "rows_loaded": counts,
        "generation_seconds": round(gen_seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "year": REPORT_YEAR,
        "persons_accompanied_in_year": persons_accompanied,
        "report_seconds": round(report_seconds, 3),
        "report_runs": report_runs,
        "sequential_pass_seconds": round(pass_seconds, 3),
        "sequential_pass_runs": pass_runs,
        "sequential_pass_sql": " ".join(SEQUENTIAL_PASS.split()),
        "ratio_report_to_pass": round(report_seconds / pass_seconds, 2),
        "goal_ratio": 3,
    }


# --- step 3: HTML report page of a 2019-sized association ---------------------------------------------------------

REPORT_URL = ("reports:report", (REPORT_YEAR, "association"))  # the association's report page for the year


def step_html() -> dict[str, Any]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from accounts.enums import Role
    from accounts.models import User
    from generators.demo2019 import build_demo, write_demo
    from interchange.services import import_records

    try:
        url = reverse(REPORT_URL[0], args=REPORT_URL[1])
    except NoReverseMatch:
        return {"skipped": f"no report page ({REPORT_URL[0]} is not routed)"}
    fresh_database()
    folder = DATA / "demo2019"
    write_demo(build_demo(), folder)
    result = import_records(path=folder, acting_user=None)
    if not result.applied:
        raise SystemExit("demo import refused: " + "\n".join(result.errors[:20]))
    user = User.objects.create(username="bench_siege", role=Role.HEAD_OFFICE, health_data_access=True)
    client = Client(raise_request_exception=True)
    client.force_login(user)
    target = url
    statuses: list[int] = []

    def get() -> None:
        statuses.append(client.get(target, HTTP_HOST="127.0.0.1").status_code)

    seconds, runs = timed(get, repeat=3)
    return {"url": target, "status": statuses[-1], "seconds": round(seconds, 3), "runs": runs, "persons": 1329}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-persons", type=int, default=100_000)
    parser.add_argument("--report-persons", type=int, default=1_000_000)
    parser.add_argument("--steps", default="import,html,report")
    parser.add_argument("--keep-data", action="store_true", help="keep the generated CSV files in bench/data/")
    args = parser.parse_args()

    import django

    django.setup()
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    # Steps run now replace their own results; the results of steps not run are kept (with their date).
    results: dict[str, Any] = {}
    if RESULTS.exists():
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    results.update(
        {
            "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "database": f"PostgreSQL {PG_HOST}:{PG_PORT}/{BENCH_DB}",
        }
    )
    with pg() as conn:
        results["machine"]["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    DATA.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def now() -> str:
        return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

    if "import" in steps:
        results["import"] = {**step_import(args.import_persons), "measured_at": now()}
        save()
    if "html" in steps:
        results["html_report"] = {**step_html(), "measured_at": now()}
        save()
    if "report" in steps:
        results["report"] = {**step_report(args.report_persons), "measured_at": now()}
        save()
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    save()
    if not args.keep_data:
        shutil.rmtree(DATA, ignore_errors=True)  # only this run's folder
    log(f"results written to {RESULTS.relative_to(ROOT)}")
    print(
        json.dumps(
            {k: v for k, v in results.items() if k in ("import", "report", "html_report")}, indent=2, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main()
