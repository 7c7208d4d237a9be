"""A realistic mix of staff on the site, each signing in through the real log-in form.

- staff (team members) browse the library, search it and open ideas (weight 6);
- reviewers open their queue and an idea of it (weight 2);
- the planning office opens its home page, the round list and the ranking (weight 1).

The addresses (a round, a season, ideas) are read once from the API as the planner when
the test starts. See benchmarks/load/README.md for how to run it.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, events, task

PASSWORD = "demo1234"  # noqa: S105 - the published demo accounts (departments.demo)
COMMON_WORDS = ["혁신", "복지", "관리", "지원", "시스템"]
SITE: dict = {}


def keep_cookies(session, response) -> None:
    """Keep the CSRF and session cookies also over plain http: with DEBUG off they are
    marked Secure, which a browser would only send over https (the production setup)."""
    for cookie in response.cookies:
        session.cookies.set(cookie.name, cookie.value)


@events.init_command_line_parser.add_listener
def options(parser) -> None:
    parser.add_argument(
        "--measure-after-sign-in",
        action="store_true",
        default=False,
        help="reset the statistics once every user has signed in (the steady state)",
    )


SIGNED_IN = {"count": 0}


def signed_in(user: HttpUser) -> None:
    """With --measure-after-sign-in, the statistics start when the last user has signed in:
    the figures are then those of the users on the site, not of the sign-in rush (each
    sign-in costs about 0.3 s of CPU for the password hash)."""
    SIGNED_IN["count"] += 1
    environment = user.environment
    if (
        environment.parsed_options.measure_after_sign_in
        and SIGNED_IN["count"] == environment.parsed_options.num_users
    ):
        environment.runner.stats.reset_all()


def sign_in(user: HttpUser, username: str) -> None:
    """GET the log-in form for its CSRF token, then POST it, as a browser does."""
    page = user.client.get("/accounts/login/", name="log-in form")
    keep_cookies(user.client, page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = user.client.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{user.host}/accounts/login/"},
        name="log-in",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"signing in as {username} gave HTTP {response.status_code}")
    keep_cookies(user.client, response)
    signed_in(user)


@events.test_start.add_listener
def discover(environment, **kwargs) -> None:
    """A round with a ranking, its season and some idea ids, through the API."""
    import requests

    session = requests.Session()
    host = environment.host
    page = session.get(f"{host}/accounts/login/")
    keep_cookies(session, page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed_in = session.post(
        f"{host}/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": "planner", "password": PASSWORD},
        headers={"Referer": f"{host}/accounts/login/"},
        allow_redirects=False,
    )
    keep_cookies(session, signed_in)
    rounds = session.get(f"{host}/api/v1/review-rounds/", params={"page_size": 200}).json()
    started = [r for r in rounds["results"] if r.get("status") != "draft"]
    SITE["round"] = started[0]["id"]
    SITE["season"] = started[0]["season"]
    ideas = session.get(f"{host}/api/v1/ideas/", params={"page_size": 200}).json()
    SITE["ideas"] = [i["id"] for i in ideas["results"]]
    SITE["library_pages"] = max(1, ideas["count"] // 25)


class Staff(HttpUser):
    weight = 6
    wait_time = between(1, 3)

    def on_start(self):
        sign_in(self, "member")

    @task(4)
    def library(self):
        page = random.randint(1, SITE["library_pages"])  # noqa: S311 - not cryptography
        self.client.get(f"/ideas/?page={page}", name="library page")

    @task(2)
    def search(self):
        self.client.get("/ideas/", params={"q": random.choice(COMMON_WORDS)}, name="search")  # noqa: S311

    @task(3)
    def idea(self):
        self.client.get(f"/ideas/{random.choice(SITE['ideas'])}/", name="idea page")  # noqa: S311

    @task(1)
    def home(self):
        self.client.get("/", name="home (staff)")


class Reviewer(HttpUser):
    weight = 2
    wait_time = between(2, 5)

    def on_start(self):
        sign_in(self, "reviewer")

    @task(3)
    def queue(self):
        self.client.get("/reviews/", name="review queue")

    @task(1)
    def home(self):
        self.client.get("/", name="home (reviewer)")


class Planner(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        sign_in(self, "planner")

    @task(3)
    def home(self):
        self.client.get("/", name="home (planner)")

    @task(1)
    def rounds(self):
        self.client.get(f"/reviews/rounds/?season={SITE['season']}", name="round list")

    @task(3)
    def ranking(self):
        page = random.randint(1, 5)  # noqa: S311
        self.client.get(f"/reviews/rounds/{SITE['round']}/ranking/?page={page}", name="ranking")
