"""Benchmark of public pages: gunicorn (2 workers, production settings, PostgreSQL) under wrk.

Run with `make bench-pages` (needs `make services` first: DATABASE_URL must point to PostgreSQL).
It builds a separate database `<name>_bench` with the demo content, then measures each URL with
the page cache off and on, and prints requests/s and p50/p99 latency.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8050"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "20")
# gunicorn's own advice for sync workers: 2 per core + 1, so that a worker waiting for
# PostgreSQL or Elasticsearch leaves its core to another. The pages benchmark keeps 2.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
URLS = [
    ("strona główna", "/"),
    ("lista aktualności", "/aktualnosci/"),
    ("aktualność", "/aktualnosci/i-kamien-milowy-zrealizowany/"),
    ("Model", "/model/"),
    ("dobre praktyki + filtr", "/dobre-praktyki/?wojewodztwo=16"),
]


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "DATABASE_URL must point to PostgreSQL: run `make services` and export its variables."
        )
    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_bench"
    return url, urlunparse(parts._replace(path="/" + name)), name


def create_database(admin_url, name):
    import psycopg

    parts = urlparse(admin_url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def start_gunicorn(env, workers=2):
    process = subprocess.Popen(
        [
            GUNICORN,
            "k3d.wsgi",
            "-w",
            str(workers),
            "-b",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        if process.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/zdrowie/", timeout=10)
            return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    sys.exit(f"gunicorn did not start on {HOST}:{PORT} (is the port taken? BENCH_PORT changes it)")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(path):
    url = f"http://{HOST}:{PORT}{path}"
    status = urllib.request.urlopen(url, timeout=10).status  # also warms the cache
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "status": status,
        "rps": rps,
        "p50": _ms(*p50.groups()),
        "p99": _ms(*p99.groups()),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")
    admin_url, db_url, name = bench_database_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "k3d.settings.production",
        "DATABASE_URL": db_url,
        "SECRET_KEY": "bench-only-secret-key-kooperacje3d-0123456789",
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"http://{HOST}",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("ELASTICSEARCH_URL", None)
    print(f"Database {name}: migrating and loading the demo content…", flush=True)
    create_database(admin_url, name)
    run(env, "migrate", "--no-input")
    run(env, "load_demo_content")
    run(env, "collectstatic", "--no-input")
    results = {}
    for label, cache_seconds in (("bez cache", "0"), ("z cache", "300")):
        process = start_gunicorn({**env, "PAGE_CACHE_SECONDS": cache_seconds})
        try:
            for title, path in URLS:
                results[(title, label)] = wrk(path)
        finally:
            stop(process)
    print(f"\ngunicorn 2 workers, wrk -t2 -c{CONNECTIONS} -d{DURATION}, {os.cpu_count()} CPU")
    print(
        f"{'strona':26} {'tryb':10} {'HTTP':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'błędy':>6}"
    )
    for (title, label), r in results.items():
        print(
            f"{title:26} {label:10} {r['status']:>4} {r['rps']:>9.0f} {r['p50']:>8.2f} "
            f"{r['p99']:>8.2f} {r['errors']:>6}"
        )


if __name__ == "__main__":
    main()
