"""The library at the size of many seasons: a page reads its own rows only (found from the
ordering index), the count stops at 10,000 and an estimate says "약 N건" beyond; page 1
and the last page cost the same number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagination
from core.pagination import LargeListPaginator, three_digits
from ideas import selectors
from ideas.search import search
from ideas.views.oversight import IDEAS_PER_PAGE
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory
from tests.ideas.test_pages_oversight import submitted_idea

pytestmark = pytest.mark.django_db

URL = reverse("ideas:library")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")


@pytest.fixture
def shelf():
    """45 submitted ideas (9 teams × 5)."""
    season = SeasonFactory()
    for _team in range(9):
        author = f.team_leader()
        for n in range(5):
            submitted_idea(season, author, title=f"혁신 과제 {n}")
    return season


def library(user):
    return selectors.library(user=user).order_by("-submitted_at", "-pk")


def test_every_page_holds_the_rows_of_the_plain_order_without_overlap(shelf, member):
    expected = list(library(member).values_list("pk", flat=True))
    paginator = LargeListPaginator(library(member), 20)
    seen = [i.pk for n in paginator.page_range for i in paginator.page(n).object_list]
    assert seen == expected
    assert (paginator.count, paginator.count_is_estimate) == (45, False)


def test_a_page_reads_its_rows_through_the_ids_of_the_page_only(shelf, member):
    paginator = LargeListPaginator(library(member), 20)
    paginator.count  # noqa: B018 - counted first, as the page does
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2).object_list)
    assert len(rows) == 20
    (sql,) = (q["sql"] for q in queries)
    # The attachment count (a subquery) runs in the outer query, over the page's ids.
    # PostgreSQL: = ANY(ARRAY(…)), computed once (an InitPlan), never once per row.
    marker = " IN (SELECT " if connection.vendor == "sqlite" else " = ANY(ARRAY(SELECT "
    assert marker in sql
    assert "LIMIT 20 OFFSET 20" in sql
    # The filter runs once, inside: the outer query's WHERE is the page's ids alone.
    outer_where = sql[: sql.index(marker)].rsplit(" WHERE ", 1)[1]
    assert outer_where.lstrip("(") == '"ideas_idea"."id"'


def test_a_search_pages_by_relevance_tier_without_computing_the_matches(shelf, member):
    """Every idea of the shelf has the word in its title: page 2 is the title tier's rows
    20 to 40, newest first, found without the morpheme or substring match sets."""
    paginator = LargeListPaginator(search(library(member), "혁신"), 20)
    assert paginator.count == 45
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2).object_list)
    assert len(rows) == 20
    # 1 the title tier's ids (the count knew its size: nothing else is counted), 2 the rows
    ids_sql, rows_sql = (q["sql"] for q in queries)
    assert "LIMIT 20 OFFSET 20" in ids_sql
    assert "similarity_ideaterms" not in ids_sql
    assert "similarity_ideaterms" not in rows_sql
    expected = list(library(member).values_list("pk", flat=True))[20:40]
    assert [row.pk for row in rows] == expected


@pytest.fixture
def tiers(shelf):
    """Ideas holding 혁신 in the title (3), in the summary only (4) and in the problem only
    (3, found by their morphemes), newest first within each; and one that does not."""
    from similarity.services import idea_terms_refresh

    author = f.team_leader()
    made = [
        *(submitted_idea(shelf, author, title=f"도정 혁신 {n}", summary="요약") for n in range(3)),
        *(
            submitted_idea(shelf, author, title=f"제목 {n}", summary="업무 혁신안")
            for n in range(4)
        ),
        *(
            submitted_idea(shelf, author, title=f"과제 {n}", summary="요약", problem="혁신 필요")
            for n in range(3)
        ),
        submitted_idea(shelf, author, title="무관한 과제", summary="요약"),
    ]
    idea_terms_refresh(ideas=made, with_vectors=False)
    return shelf


def test_every_page_of_a_search_follows_the_relevance_order_across_tiers(tiers, member):
    from ideas.models import Idea

    season_ideas = selectors.library(user=member).exclude(title__startswith="혁신 과제")
    ranked = search(season_ideas, "혁신")
    expected = list(ranked.values_list("pk", flat=True))  # one query, ordered by relevance
    titles = dict(Idea.objects.values_list("pk", "title"))
    assert [titles[pk] for pk in expected] == [
        *(f"도정 혁신 {n}" for n in (2, 1, 0)),
        *(f"제목 {n}" for n in (3, 2, 1, 0)),
        *(f"과제 {n}" for n in (2, 1, 0)),
    ]
    assert_paged_as_listed(ranked, expected)


@pytest.mark.parametrize("query", ["도 혁신", "과 혁신", "요"])
def test_a_one_letter_word_is_paged_as_listed(tiers, member, query):
    """A one-letter word is matched by LIKE alone (no n-grams): its tiers too."""
    season_ideas = selectors.library(user=member).exclude(title__startswith="혁신 과제")
    ranked = search(season_ideas, query)
    expected = list(ranked.values_list("pk", flat=True))
    assert expected
    assert_paged_as_listed(ranked, expected)


def assert_paged_as_listed(ranked, expected):
    for per_page in (1, 2, 3, 4, 7, 20):
        paginator = LargeListPaginator(ranked, per_page)
        assert paginator.count == len(expected)
        seen = [i.pk for n in paginator.page_range for i in paginator.page(n).object_list]
        assert seen == expected, per_page
        # A page read before the count: its parts are counted as the page needs them.
        last = LargeListPaginator(ranked, per_page).page(paginator.num_pages)
        assert [i.pk for i in last.object_list] == seen[(paginator.num_pages - 1) * per_page :]


def test_a_search_in_another_order_is_counted_by_tier_and_paged_in_that_order(tiers, member):
    season_ideas = selectors.library(user=member).exclude(title__startswith="혁신 과제")
    by_title = search(season_ideas, "혁신").order_by("title", "pk")
    expected = list(by_title.values_list("pk", flat=True))
    paginator = LargeListPaginator(by_title, 4)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 10
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 3  # one per tier
    seen = [i.pk for n in paginator.page_range for i in paginator.page(n).object_list]
    assert seen == expected


def test_a_search_counted_beyond_the_threshold_is_the_sum_of_the_tiers_estimates(
    tiers, member, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_BELOW", 5)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 38_291)
    paginator = LargeListPaginator(search(library(member), "혁신"), 20)
    assert (paginator.count, paginator.count_is_estimate) == (115_000, True)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(member)
    body = api.get(reverse("idea-list"), {"q": "혁신", "page_size": 20}).json()
    # The API reads five parts: the title and summary tiers each as the member's team's
    # drafts and the library (ideas.search._drafts_then_library), then the rest.
    assert (body["count"], body["count_is_estimate"], len(body["results"])) == (191_000, True, 20)
    assert body["results"][0]["title"] == "도정 혁신 2"


def counted_with_estimates(member, monkeypatch, estimates):
    """The paginator's count of a search for 혁신, its tiers estimated at ``estimates``
    (title, summary, the rest), and the COUNT queries it ran."""
    monkeypatch.setattr(pagination, "EXACT_BELOW", 5)
    given = iter(estimates)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: next(given))
    paginator = LargeListPaginator(search(library(member), "혁신"), 20)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    return count, paginator.count_is_estimate, len(counts)


def test_a_tier_estimated_far_beyond_the_threshold_is_not_counted(tiers, member, monkeypatch):
    # Twice the threshold (5) in the summary tier: the estimates stand, nothing is counted.
    assert counted_with_estimates(member, monkeypatch, [3, 10, 2]) == (15, True, 0)


def test_a_tier_estimated_near_the_threshold_is_counted(tiers, member, monkeypatch):
    # 9 is under 2 × 5: the tiers are counted up to the threshold, the summary tier (the
    # largest estimate) first; its 4 and the title tier's first 1 reach it, so the total
    # is still the estimates' sum.
    assert counted_with_estimates(member, monkeypatch, [3, 9, 2]) == (14, True, 2)


def test_the_last_tiers_estimate_alone_never_stands_for_a_count(tiers, member, monkeypatch):
    # The last tier (matched in the problem or proposal, or by morphemes) is where the
    # planner misjudges most; its estimate alone does not skip the counts.
    assert counted_with_estimates(member, monkeypatch, [1, 1, 1_000]) == (1_000, True, 1)


def test_the_api_search_lists_the_teams_drafts_first_within_each_tier(tiers, member):
    from rest_framework.test import APIClient

    from ideas.models import Idea
    from tests.ideas.factories import IdeaFactory

    for title, summary in [("혁신 초안", "요약"), ("초안", "혁신 요약")]:
        IdeaFactory(season=tiers, team=member.team, created_by=member, title=title, summary=summary)
    IdeaFactory(season=tiers, created_by=f.team_leader(), title="남의 혁신 초안")  # not shown
    ranked = search(Idea.objects.readable_by(member), "혁신")
    expected = list(ranked.values_list("pk", flat=True))
    api = APIClient()
    api.force_authenticate(member)
    seen = []
    for page in range(1, 20):
        body = api.get(reverse("idea-list"), {"q": "혁신", "page_size": 7, "page": page}).json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
    assert seen == expected
    titles = dict(Idea.objects.values_list("pk", "title"))
    assert titles[seen[0]] == "혁신 초안"  # the team's draft, first of the title tier
    assert "남의 혁신 초안" not in [titles[pk] for pk in seen]
    assert [titles[pk] for pk in seen].index("초안") > [titles[pk] for pk in seen].index(
        "도정 혁신 0"
    )


def test_a_search_page_asks_a_bounded_number_of_queries(
    client, member, tiers, django_assert_max_num_queries
):
    client.force_login(member)
    client.get(URL, {"q": "혁신"})
    # 1 session, 2 user, 3 groups, 4 the person in the header; the count: 5-7 each tier's
    # estimate (PostgreSQL) and 8-10 each tier's count (stopping at the threshold); the
    # page: 11-13 the ids of each tier it reaches (a tier the count sized is skipped without
    # a query), 14 the rows; 15 seasons and 16 bureaus of the filter's drop-downs.
    for page in (1, 2, 3):
        with django_assert_max_num_queries(16 if connection.vendor == "postgresql" else 13):
            response = client.get(URL, {"q": "혁신", "page": page})
        assert response.status_code == 200
        assert "아이디어 55건" in response.content.decode()


def test_beyond_the_threshold_the_count_is_an_estimate_said_as_about(
    client, member, shelf, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_BELOW", 10)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 114_873)
    client.force_login(member)
    response = client.get(URL)
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.count_is_estimate) == (115_000, True)
    assert "아이디어 약 115,000건" in response.content.decode()


def test_a_page_past_an_estimate_that_overshot_falls_back_to_the_real_last_page(
    client, member, shelf, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_BELOW", 10)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 1_000)
    client.force_login(member)
    response = client.get(URL, {"page": 40})
    page = response.context["page"]
    assert response.status_code == 200
    assert (page.number, page.paginator.count, page.paginator.count_is_estimate) == (
        2,
        45,
        False,
    )
    assert len(page.object_list) == 45 - IDEAS_PER_PAGE


def test_three_significant_digits():
    assert [three_digits(n) for n in (12, 999, 10_000, 114_873, 200_668)] == [
        12,
        999,
        10_000,
        115_000,
        201_000,
    ]


def test_the_first_and_the_last_page_cost_the_same_queries(
    client, member, shelf, django_assert_max_num_queries
):
    client.force_login(member)
    client.get(URL)
    # 1 session, 2 user, 3 groups, 4 the person in the header, 5 the count (stopping at
    # 10,000; on PostgreSQL the estimate first), 6 the page (its ids from the index, then
    # its rows with season, team and attachment count), 7 seasons and 8 bureaus of the
    # filter's drop-downs.
    for page in (1, 2):
        with django_assert_max_num_queries(9 if connection.vendor == "postgresql" else 8):
            response = client.get(URL, {"page": page})
        assert response.context["page"].number == page


def test_a_list_estimated_far_beyond_the_threshold_is_not_counted(member, shelf, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_BELOW", 10)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 20)
    paginator = LargeListPaginator(library(member), 20)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.count_is_estimate) == (20, True)
    assert not queries  # the (patched) estimate alone
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 19)
    paginator = LargeListPaginator(library(member), 20)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.count_is_estimate) == (19, True)
    assert len(queries) == 1  # counted up to the threshold: 10 of the 45 rows


def test_the_api_says_whether_its_count_is_an_estimate(member, shelf, monkeypatch):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(member)
    body = api.get(reverse("idea-list"), {"page_size": 20, "page": 3}).json()
    assert (body["count"], body["count_is_estimate"], len(body["results"])) == (45, False, 5)
    monkeypatch.setattr(pagination, "EXACT_BELOW", 10)
    monkeypatch.setattr(pagination, "estimated_count", lambda qs: 52)
    body = api.get(reverse("idea-list"), {"page_size": 20}).json()
    assert (body["count"], body["count_is_estimate"]) == (52, True)


@postgres_only
def test_postgresql_estimates_from_the_plan(shelf, member):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ideas_idea")
    assert 1 <= pagination.estimated_count(library(member)) <= 100


def plan_of(queryset) -> str:
    """The query plan of ``queryset`` as JSON text, with sequential scans and sorts priced
    out: an index that can serve its order shows up in it."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return json.dumps(plan if not isinstance(plan, str) else json.loads(plan))


@postgres_only
def test_the_library_order_is_served_by_the_partial_index(shelf, member):
    assert "idea_library_order_idx" in plan_of(library(member).values("pk")[20:40])


@postgres_only
def test_the_api_season_list_walks_the_season_order_index(shelf, leader):
    """The API reads the library OR the caller's team's drafts, which no partial index
    matches: a season's page is read in order from idea_season_submitted_idx, not sorted."""
    from ideas.api import IdeaViewSet

    view = IdeaViewSet(action="list", request=type("R", (), {"user": leader})())
    page = view.get_queryset().filter(season=shelf).order_by("-submitted_at").values("pk")[:25]
    assert "idea_season_submitted_idx" in plan_of(page)


@postgres_only
def test_the_planner_knows_the_ngram_function_is_expensive():
    """So that a season-scoped search asks the n-gram index rather than computing the
    n-grams of every idea of the season (ideas migration 0004)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE oid = 'idea_ngrams(text)'::regprocedure")
        assert cursor.fetchone()[0] >= 1000


@postgres_only
def test_title_and_summary_keep_a_finer_histogram_for_the_search_tiers_plans():
    # ideas migration 0007: with the default 100 entries a word in 1 % of the titles was
    # estimated at 4 titles instead of 1,946 at 200,000 ideas, and the title tier sorted
    # every n-gram match instead of walking the order index (129 ms against 8 ms).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstattarget FROM pg_attribute"
            " WHERE attrelid = 'ideas_idea'::regclass AND attname IN ('title', 'summary')"
        )
        assert dict(cursor.fetchall()) == {"title": 300, "summary": 300}
