"""Every page that grows with the data, over HTTP, at several scales and for several
checkouts of the code, in one interleaved run.

    # PostgreSQL databases of your own, one per scale; empty ones are built (load_demo)
    for d in scale_1k scale_10k; do createdb -h 127.0.0.1 -U postgres $d; done
    .venv/bin/python benchmarks/bench_pages_at_scale.py \\
        --db 1k=postgres://postgres@127.0.0.1:5432/scale_1k:1 \\
        --db 10k=postgres://postgres@127.0.0.1:5432/scale_10k:11 \\
        [--code before=/path/to/an/older/checkout] [--code after=.] [--port 8270]

``--db LABEL=URL:SCALE`` (repeatable): a database, built with ``load_demo --scale SCALE``
when empty (1 → ~900 ideas, 11 → ~10,000, 227 → ~200,000), then ANALYZEd. ``--code
LABEL=DIR`` (repeatable, default ``after=.``): a checkout with its own ``.venv``; each
checkout is served from its own copy of each database (``createdb -T``), migrated by its
own code, so an older checkout is measured on its own schema and a newer one's indexes do
not help it.

For every (checkout, database) pair a gunicorn with 2 sync workers serves the code on its
own port (``--port`` upwards). The pages (each role's home, the library's first and middle
page, a common-word and a rare-word search, the API list of a season, the round list, the
ranking's first and middle page, the review queue and an idea page) are requested as the
demo accounts, signed in through the real log-in form: ``BENCH_WARM_UP`` rounds (default
2), then ``BENCH_RUNS`` (default 7) rounds, each round visiting every page on every
server in turn (interleaved, so a busy moment of the machine hits all alike). The table
shows the median per page, the growth from the smallest to the largest database and the
page's query count (counted once in-process with the test client). A page slower than
``BENCH_GIVE_UP`` seconds (default 10) is measured once and not repeated; the servers of
each checkout run with a statement_timeout of ``BENCH_STATEMENT_TIMEOUT`` (default 30 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "2"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
GIVE_UP = float(os.environ.get("BENCH_GIVE_UP", "10"))
STATEMENT_TIMEOUT = int(os.environ.get("BENCH_STATEMENT_TIMEOUT", "30"))
PASSWORD = "demo1234"  # noqa: S105 - the published demo accounts (departments.demo)
RARE_CANDIDATES = ["드론", "블록체인", "메타버스", "반려", "키오스크", "우편", "소방", "하천"]

# Runs inside a checkout (its own Python and settings): finds the pages' addresses in the
# database and counts each page's queries with the test client. Prints JSON.
PROBE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from departments.models import User
from ideas.models import Idea, Season
from reviews.models import ReviewRound
from django.db.models import Count

rare = sys.argv[1].split(",")
library = Idea.objects.filter(reference_number__isnull=False).exclude(status="draft")
counts = {w: library.filter(title__icontains=w).count() for w in rare}
counts = {w: n for w, n in counts.items() if n}
rare_word = min(counts, key=counts.get) if counts else rare[0]
s2 = Season.objects.filter(code="S2").first() or Season.objects.order_by("-pk").first()
rnd = (ReviewRound.objects.exclude(status="draft")
       .annotate(n=Count("assignments__idea", distinct=True)).order_by("-n").first())
ranked = rnd.assignments.values("idea").distinct().count()
idea = library.order_by("-submitted_at", "-pk").first()
total = library.count()
pages = [
    ("home: planner", "planner", "/"),
    ("home: reviewer", "reviewer", "/"),
    ("home: team leader", "leader", "/"),
    ("library p.1", "member", "/ideas/"),
    ("library middle", "member", f"/ideas/?page={max(1, total // 25 // 2)}"),
    ("search common", "member", "/ideas/?q=%ED%98%81%EC%8B%A0"),
    ("search rare", "member", "/ideas/?q=" + __import__("urllib.parse").parse.quote(rare_word)),
    ("API list (season)", "leader",
     f"/api/v1/ideas/?page_size=100&season={s2.pk}&status=submitted&ordering=-submitted_at"),
    ("API search (season)", "leader",
     f"/api/v1/ideas/?page_size=25&season={s2.pk}&q=%ED%98%81%EC%8B%A0"),
    ("round list", "planner", f"/reviews/rounds/?season={rnd.season_id}"),
    ("ranking p.1", "planner", f"/reviews/rounds/{rnd.pk}/ranking/"),
    ("ranking middle", "planner",
     f"/reviews/rounds/{rnd.pk}/ranking/?page={max(1, ranked // 50 // 2)}"),
    ("review queue", "reviewer", "/reviews/"),
    ("idea page", "member", f"/ideas/{idea.pk}/"),
]
queries = {}
if "--count" in sys.argv:
    for name, who, url in pages:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=who))
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        queries[name] = len(captured) if status == 200 else f"HTTP {status}"
print(json.dumps({"ideas": total, "rare": rare_word, "pages": pages, "queries": queries}))
"""


@dataclass
class Server:
    code: str
    db: str
    url: str
    port: int
    process: subprocess.Popen | None = None
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)  # user → cookies
    pages: list = field(default_factory=list)
    queries: dict = field(default_factory=dict)


def run(cmd, *, cwd, env, check=True):
    done = subprocess.run(cmd, cwd=cwd, env=env, check=False, capture_output=True, text=True)  # noqa: S603
    if check and done.returncode:
        raise SystemExit(f"{cmd[:3]} failed:\n{done.stderr[-3000:]}")
    return done


def django_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env |= {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        # Any checkout, also one without a statement timeout of its own.
        # (and a cap on temporary files: a cross-join could fill the disk).
        "PGOPTIONS": f"-c statement_timeout={STATEMENT_TIMEOUT}s -c temp_file_limit=4GB",
    }
    return env


def psql(url: str, sql: str) -> str:
    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    return run(["psql", admin, "-Atc", sql], cwd=HERE, env=os.environ).stdout.strip()


def prepare(code_dir: Path, url: str, scale: int, copy_url: str) -> None:
    """Build the database if empty, then copy it for this checkout and migrate the copy."""
    py = str(code_dir / ".venv" / "bin" / "python")
    env = django_env(url) | {"PGOPTIONS": ""}
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    copy = urllib.parse.urlsplit(copy_url).path.lstrip("/")
    if copy != name and psql(url, f"SELECT 1 FROM pg_database WHERE datname = '{copy}'"):
        print(f"  reusing {copy} (migrated by this checkout)", flush=True)
        env = django_env(copy_url) | {"PGOPTIONS": ""}
        run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=code_dir, env=env)
        index_morphemes(code_dir, env)  # only the ideas still without them
        return
    count = run(
        [
            py,
            "manage.py",
            "shell",
            "-c",
            "from ideas.models import Idea;print(Idea.objects.count())",
        ],
        cwd=code_dir,
        env=env,
        check=False,
    )
    if count.stdout.strip() in ("", "0"):
        print(f"  building {name} at scale {scale} …", flush=True)
        started = time.perf_counter()
        run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=code_dir, env=env)
        run([py, "manage.py", "load_demo", "--scale", str(scale)], cwd=code_dir, env=env)
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    if copy != name:
        psql(url, f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    env = django_env(copy_url) | {"PGOPTIONS": ""}
    run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=code_dir, env=env)
    index_morphemes(code_dir, env)
    # Statistics for the planner, as a production database would have them.
    run(["psql", copy_url, "-c", "VACUUM ANALYZE"], cwd=HERE, env=os.environ)


def index_morphemes(code_dir: Path, env: dict) -> None:
    """Library search matches stored morphemes where a checkout has them (similarity app):
    a scaled demo leaves them to ``similarity_backfill``, which runs here (morphemes only,
    a few minutes at 200,000 ideas) so that search is measured as it runs in use."""
    if not (
        code_dir / "similarity" / "management" / "commands" / "similarity_backfill.py"
    ).exists():
        return
    py = str(code_dir / ".venv" / "bin" / "python")
    print("  storing the library's morphemes (similarity_backfill --no-vectors) …", flush=True)
    started = time.perf_counter()
    run([py, "manage.py", "similarity_backfill", "--no-vectors"], cwd=code_dir, env=env)
    print(f"  morphemes stored in {time.perf_counter() - started:.0f} s", flush=True)


def start(server: Server, code_dir: Path) -> None:
    env = django_env(server.url) | {
        "GUNICORN_BIND": f"127.0.0.1:{server.port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server.process = subprocess.Popen(  # noqa: S603
        [
            str(code_dir / ".venv" / "bin" / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "config.wsgi:application",
        ],
        cwd=code_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            http.client.HTTPConnection("127.0.0.1", server.port, timeout=2).request("HEAD", "/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn on {server.port} did not start")


def request(
    server: Server,
    user: str | None,
    method: str,
    path: str,
    body: str | None = None,
    timeout: float = 60,
):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    jar = server.cookies.setdefault(user or "", {})
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
        "Referer": f"http://127.0.0.1:{server.port}/accounts/login/",
    }
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return response.status, data


def sign_in(server: Server, user: str) -> None:
    """Through the real log-in form, as a person would."""
    status, page = request(server, user, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": user, "password": PASSWORD}
    )
    status, _ = request(server, user, "POST", "/accounts/login/", body)
    if status != 302:
        raise SystemExit(f"signing in as {user} on {server.port} gave HTTP {status}")


def timed_get(server: Server, user: str, path: str) -> float | str:
    started = time.perf_counter()
    try:
        status, _ = request(server, user, "GET", path, timeout=STATEMENT_TIMEOUT + 45)
    except (TimeoutError, OSError) as exc:
        return f"failed ({type(exc).__name__})"
    elapsed = time.perf_counter() - started
    return elapsed if status == 200 else f"HTTP {status} after {elapsed:.1f} s"


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


Times = dict[tuple[str, str, str], list]  # (checkout, database, page) → seconds or a failure


def parse_args() -> tuple[list[tuple[str, str, int]], list[tuple[str, Path]], int]:
    """The databases (label, URL, scale), the checkouts (label, folder) and the first port."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="LABEL=URL:SCALE")
    parser.add_argument("--code", action="append", help="LABEL=DIR (default after=.)")
    parser.add_argument("--port", type=int, default=8270)
    args = parser.parse_args()
    dbs = []
    for spec in args.db:
        label, rest = spec.split("=", 1)
        url, scale = rest.rsplit(":", 1)
        dbs.append((label, url, int(scale)))
    codes = [
        (c.split("=", 1)[0], Path(c.split("=", 1)[1]).resolve()) for c in (args.code or ["after=."])
    ]
    return dbs, codes, args.port


def prepare_servers(
    codes: list[tuple[str, Path]], dbs: list[tuple[str, str, int]], port: int
) -> list[Server]:
    """One server per (checkout, database), its database built and migrated."""
    servers: list[Server] = []
    for code_label, code_dir in codes:
        # Production settings serve hashed static files from the manifest.
        py = str(code_dir / ".venv" / "bin" / "python")
        run(
            [py, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=code_dir,
            env=django_env(dbs[0][1]),
        )
        for db_label, url, scale in dbs:
            copy_url = f"{url}_{code_label}" if len(codes) > 1 else url
            print(f"{code_label} × {db_label}:", flush=True)
            prepare(code_dir, url, scale, copy_url)
            servers.append(Server(code_label, db_label, copy_url, port))
            port += 1
    return servers


def start_servers(servers: list[Server], codes: list[tuple[str, Path]]) -> None:
    """Probe each server's pages and query counts, start it and sign its users in."""
    for server in servers:
        code_dir = dict(codes)[server.code]
        py = str(code_dir / ".venv" / "bin" / "python")
        probe = run(
            [py, "-c", PROBE, ",".join(RARE_CANDIDATES), "--count"],
            cwd=code_dir,
            env=django_env(server.url),
        )
        found = json.loads(probe.stdout.strip().splitlines()[-1])
        server.pages, server.queries = found["pages"], found["queries"]
        print(
            f"{server.code} × {server.db}: {found['ideas']:,} ideas, rare word {found['rare']}",
            flush=True,
        )
        start(server, code_dir)
        for user in sorted({who for _, who, _ in server.pages}):
            sign_in(server, user)


def measure(servers: list[Server], names: list[str]) -> Times:
    """Every page on every server in turn, round after round; a page that fails or is
    slower than GIVE_UP keeps its one result and is not asked again."""
    times: Times = {}
    given_up: set[tuple[str, str, str]] = set()
    for round_ in range(WARM_UP + RUNS):
        for index, name in enumerate(names):
            for server in servers:
                key = (server.code, server.db, name)
                if key in given_up:
                    continue
                _, who, path = server.pages[index]
                t = timed_get(server, who, path)
                if isinstance(t, str) or t > GIVE_UP:
                    given_up.add(key)
                    times[key] = [t]
                    continue
                if round_ >= WARM_UP:
                    times.setdefault(key, []).append(t)
        print(f"  round {round_ + 1}/{WARM_UP + RUNS} done", flush=True)
    return times


def median(times: Times, key: tuple[str, str, str]):
    values = times.get(key)
    if not values:
        return None
    if isinstance(values[0], str) or len(values) == 1:
        return values[0]
    return statistics.median(values)


def print_checkout(
    code_label: str,
    dbs: list[tuple[str, str, int]],
    names: list[str],
    servers: list[Server],
    times: Times,
) -> None:
    """One checkout's table: the median per page and database, growth, query counts."""
    first, last = dbs[0][0], dbs[-1][0]
    print(f"\n### {code_label}\n")
    header = [
        "page",
        *[f"{d} ms" for d, _, _ in dbs],
        f"{first}→{last}",
        *[f"queries {d}" for d, _, _ in dbs],
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name in names:
        cells = [median(times, (code_label, d, name)) for d, _, _ in dbs]
        a, b = cells[0], cells[-1]
        growth = f"{b / a:.1f}×" if isinstance(a, float) and isinstance(b, float) else "—"
        qs = [
            next(s.queries.get(name) for s in servers if s.code == code_label and s.db == d)
            for d, _, _ in dbs
        ]
        print(
            "| "
            + " | ".join(
                [
                    name,
                    *map(fmt, cells),
                    growth,
                    *[str(q) if q is not None else "—" for q in qs],
                ]
            )
            + " |"
        )


def print_comparison(
    codes: list[tuple[str, Path]], dbs: list[tuple[str, str, int]], names: list[str], times: Times
) -> None:
    """The last checkout against the first: the ratio of medians per page and database."""
    a_label, b_label = codes[0][0], codes[-1][0]
    print(f"\n### {b_label} vs {a_label} (ratio of medians, same run)\n")
    print("| page | " + " | ".join(d for d, _, _ in dbs) + " |")
    print("|---|" + "---|" * len(dbs))
    for name in names:
        row = []
        for d, _, _ in dbs:
            x, y = median(times, (a_label, d, name)), median(times, (b_label, d, name))
            row.append(
                f"{x / y:.1f}× faster"
                if isinstance(x, float) and isinstance(y, float)
                else f"{fmt(x)} → {fmt(y)}"
            )
        print(f"| {name} | " + " | ".join(row) + " |")


def stop_servers(servers: list[Server]) -> None:
    for server in servers:
        if server.process and server.process.poll() is None:
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=30)


def main() -> None:
    dbs, codes, port = parse_args()
    servers = prepare_servers(codes, dbs, port)
    try:
        start_servers(servers, codes)
        names = [name for name, _, _ in servers[0].pages]
        times = measure(servers, names)
        print()
        print(
            f"Median of {RUNS} interleaved rounds after {WARM_UP} warm-up rounds; gunicorn "
            f"2 sync workers per server; one request at a time."
        )
        for code_label, _ in codes:
            print_checkout(code_label, dbs, names, servers, times)
        if len(codes) > 1:
            print_comparison(codes, dbs, names, times)
    finally:
        stop_servers(servers)


if __name__ == "__main__":
    main()
