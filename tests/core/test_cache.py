"""The cache on Redis: one count for every web worker, and never the reason a request fails."""

import os
import random

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from config.env import redis_cache
from reviews.models import Assignment
from tests.core.test_settings import start
from tests.reviews import factories as rf

REDIS_URL = os.environ.get("REDIS_URL")

# One API request's rate-limit check in a process of its own, as a gunicorn worker makes it.
ONE_REQUEST = """
import django
django.setup()
from types import SimpleNamespace
from rest_framework.test import APIRequestFactory
from rest_framework.throttling import UserRateThrottle

class TwoAMinute(UserRateThrottle):
    rate = "2/minute"

request = APIRequestFactory().get("/api/v1/teams/")
request.user = SimpleNamespace(is_authenticated=True, pk={pk})
print(TwoAMinute().allow_request(request, None))
"""


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis: REDIS_URL is set by make test in CI")
def test_an_api_rate_limit_counts_requests_across_worker_processes():
    pk = random.randint(10**9, 2 * 10**9)  # a user of its own: the count lives a minute
    answers = []
    for _worker in range(3):
        result = start(ONE_REQUEST.format(pk=pk), REDIS_URL=REDIS_URL)
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.strip().splitlines()[-1])
    assert answers == ["True", "True", "False"]


@pytest.fixture
def redis_down(settings):
    # Nothing listens on port 1: every cache call fails to connect.
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/1")}


def test_with_the_caches_redis_down_the_api_still_answers(client, member, redis_down):
    key = Token.objects.create(user=member).key
    response = client.get(reverse("team-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_with_the_caches_redis_down_the_planning_office_home_still_counts(
    client, planner, redis_down
):
    review_round = rf.ReviewRoundFactory()
    idea, reviewer = rf.submitted_idea(review_round.season), rf.reviewer()
    Assignment.objects.create(round=review_round, idea=idea, reviewer=reviewer, assigned_by=planner)
    client.force_login(planner)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    # The round's scoring progress, counted since the cache cannot say.
    assert "0/1" in response.content.decode()
