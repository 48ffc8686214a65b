"""Time the HTML report page of the association (reports:report) on the current database, e.g. the 2019 demo
loaded by `python manage.py make_demo --year 2019` (reports/ owner's tool; does not write bench/results.json).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/report_html.py [--year 2019]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from accounts.enums import Role
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        username="bench_report_html", defaults={"role": Role.HEAD_OFFICE, "health_data_access": True}
    )
    client = Client(raise_request_exception=True)
    client.force_login(user)
    url = reverse("reports:report", args=(args.year, "association"))
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    print(f"{url}: {len(response.content)} bytes, best {min(times):.3f} s, runs {[round(t, 3) for t in times]}")


if __name__ == "__main__":
    main()
