"""Stock phrases: a template clause many summaries end in does not make unrelated ideas
look like duplicates of one another (similarity.stock)."""

import io
from functools import partial

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.errors import PermissionRefused
from similarity import morphology, quality, selectors, services, stock
from similarity.models import StockPhrase, SuggestedPair
from tests.roles import MANAGERS, ROLES
from tests.similarity.test_library_search import submitted

pytestmark = pytest.mark.django_db

CLAUSE = "도민이 체감하는 도정 혁신 과제로 추진합니다"
BOILERPLATE = quality.load(quality.BOILERPLATE)
# Earlier ideas on other topics, written without the clause.
OTHERS = [
    ("찾아가는 복지 상담소", "복지사각지대 어르신 댁으로 상담사가 직접 찾아갑니다"),
    ("반려동물 등록 비대면 신청", "반려동물 등록을 모바일로 신청"),
]


def rows(*ideas):
    return lambda: [(title.split(), summary.split()) for title, summary in ideas]


def test_a_run_of_words_many_summaries_share_and_no_title_names_is_a_stock_phrase():
    ideas = [
        ("가로수 수종 교체", "가로수 교체 도민 체감 도정 혁신 과제 추진"),
        ("버스 도착 안내", "안내기 설치 도민 체감 도정 혁신 과제 추진"),
        ("씨앗 은행 운영", "씨앗 나눔 도민 체감 도정 혁신 과제 추진"),
    ]
    assert stock.find(rows(*ideas)) == {
        "도민 체감 도정 혁신": 3,
        "체감 도정 혁신 과제": 3,
        "도정 혁신 과제 추진": 3,
    }
    # Two ideas are not yet a template.
    assert stock.find(rows(*ideas[:2])) == {}


def test_a_topics_phrase_named_by_the_ideas_titles_is_not_a_stock_phrase():
    ideas = [
        ("어린이 보호 구역 단속", "어린이 보호 구역 불법 주정차 단속"),
        ("스쿨존 보호 구역 안전", "어린이 보호 구역 불법 주정차 표지"),
        ("등굣길 보호 구역 정비", "어린이 보호 구역 불법 주정차 신고"),
    ]
    assert stock.find(rows(*ideas)) == {}


def test_reading_past_a_stock_phrase_drops_its_words_and_keeps_the_rest():
    phrases = frozenset({"도민 체감 도정 혁신", "체감 도정 혁신 과제", "도정 혁신 과제 추진"})
    text = f"구내식당 배식량을 스스로 고르게 해 남는 음식을 줄여 {CLAUSE}."
    (read, terms), (untouched, _) = stock.strip_many([text, "도민이 체감하는 버스 안내"], phrases)
    assert read == "구내식당 배식량을 스스로 고르게 해 남는 음식을 줄여"
    assert "체감" not in terms
    assert "구내식당" in terms
    assert untouched == "도민이 체감하는 버스 안내"
    assert stock.strip_many([text], frozenset())[0][0] == text


@pytest.fixture
def templated(season, leader):
    """The boilerplate set's earlier ideas (each summary ends in the clause) and others."""
    ideas = {}
    for _key, title, summary in BOILERPLATE.originals + [("", *o) for o in OTHERS]:
        ideas[title] = submitted(season, leader, title, summary)
    services.idea_terms_refresh(ideas=list(ideas.values()), with_vectors=True)
    return ideas


def similar(client, title, summary) -> list[str]:
    response = client.get(reverse("idea-similar"), {"title": title, "summary": summary})
    assert response.status_code == 200
    return [row["title"] for row in response.json()]


def test_an_unrelated_idea_ending_in_the_libraries_stock_clause_is_not_shown_as_a_duplicate(
    client, leader, templated
):
    client.force_login(leader)
    typed = (
        "청사 구내식당 잔반 줄이기",
        f"구내식당 배식량을 스스로 고르게 해 남는 음식을 줄여 {CLAUSE}",
    )
    boilerplate_titles = {o[1] for o in BOILERPLATE.originals}
    # Read whole, the clause makes it look like the ideas that end in it.
    assert boilerplate_titles & set(similar(client, *typed))

    assert services.stock_phrases_refresh() == (3, 0)
    assert set(StockPhrase.objects.values_list("terms", flat=True)) == {
        "도민 체감 도정 혁신", "체감 도정 혁신 과제", "도정 혁신 과제 추진",
    }  # fmt: skip
    assert similar(client, *typed) == []
    # A true duplicate of one of them, clause and all, is still found first.
    again = ("가로수 수종 갱신", f"병해충에 약한 가로수를 강한 나무로 바꿔 {CLAUSE}")
    assert similar(client, *again)[0] == "가로수 수종 교체 사업"


def test_a_summary_that_is_only_the_stock_clause_is_searched_as_a_title_alone(
    client, leader, templated
):
    services.stock_phrases_refresh()
    client.force_login(leader)
    query = selectors.query_for(
        title="토종 종자 은행 설립", summary=CLAUSE, stock_phrases=frozenset(
            StockPhrase.objects.values_list("terms", flat=True))
    )  # fmt: skip
    assert query.title_only
    assert "체감" not in query.terms
    assert similar(client, "토종 종자 은행 설립", CLAUSE)[0] == "토종 씨앗 은행 운영"


def test_ideas_ending_in_the_clause_are_no_longer_stored_as_pairs_of_one_another(
    season, leader, templated
):
    unrelated = [q for q in BOILERPLATE.queries if q[0] == "unrelated"]
    for _kind, _key, title, summary in unrelated:
        templated[title] = submitted(season, leader, title, summary)
    services.idea_terms_refresh(ideas=list(templated.values()), with_vectors=True)
    call_command("similarity_pairs", "--all", stdout=io.StringIO())
    clause_ideas = {i.pk for t, i in templated.items() if CLAUSE in i.summary}
    paired = SuggestedPair.objects.filter(idea__in=clause_ideas, other__in=clause_ideas)
    assert not paired.exists(), list(paired.values_list("idea__title", "other__title"))
    assert StockPhrase.objects.count() == 3


def test_finding_or_dropping_a_stock_phrase_marks_the_ideas_that_carry_it_to_compare_again(
    season, templated
):
    call_command("similarity_pairs", stdout=io.StringIO())
    assert not selectors.pairs_pending(season).exists()
    # Nothing changed: nothing to compare again.
    assert services.stock_phrases_refresh() == (0, 0)
    assert not selectors.pairs_pending(season).exists()

    clause_ideas = {i.pk for i in templated.values() if CLAUSE in i.summary}
    welfare = templated[OTHERS[0][0]]
    StockPhrase.objects.filter(terms="도민 체감 도정 혁신").delete()  # found again
    # A phrase the library no longer yields, carried by one idea only: dropped.
    StockPhrase.objects.create(terms=" ".join(morphology.terms(welfare.summary)[:4]), ideas=3)
    assert services.stock_phrases_refresh() == (1, 1)
    pending = set(selectors.pairs_pending(season).values_list("pk", flat=True))
    assert pending == clause_ideas | {welfare.pk}


def test_the_nightly_task_finds_the_stock_phrases_before_it_queues_the_seasons(
    django_capture_on_commit_callbacks, season, templated
):
    from similarity.tasks import pending_pairs_refresh_task

    call_command("similarity_pairs", stdout=io.StringIO())
    StockPhrase.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        queued = pending_pairs_refresh_task.delay().get()
    assert StockPhrase.objects.count() == 3
    # The ideas carrying the phrases were compared again, reading past them.
    assert queued == 1
    assert not selectors.pairs_pending(season).exists()


def test_the_planning_office_judges_a_phrase_to_say_something_and_it_is_read_again(
    season, templated, planner
):
    from similarity.index import library_index

    call_command("similarity_pairs", stdout=io.StringIO())  # finds the phrases, compares
    assert not selectors.pairs_pending(season).exists()
    clause_ideas = {i.pk for i in templated.values() if CLAUSE in i.summary}
    phrase = StockPhrase.objects.get(terms="도민 체감 도정 혁신")

    again = services.stock_phrases_overrule(phrases=[phrase], overruled=True, by=planner)
    assert again == len(clause_ideas)
    assert set(selectors.pairs_pending(season).values_list("pk", flat=True)) == clause_ideas
    assert library_index().stock == {"체감 도정 혁신 과제", "도정 혁신 과제 추진"}
    phrase.refresh_from_db()
    assert (phrase.overruled_by, phrase.overruled_at is not None) == (planner, True)
    # Found again by the nightly refresh, it keeps the office's judgement.
    assert services.stock_phrases_refresh() == (0, 0)
    phrase.refresh_from_db()
    assert phrase.overruled_at is not None
    # Judged the same again: nothing changes, nothing to compare.
    call_command("similarity_pairs", stdout=io.StringIO())
    assert services.stock_phrases_overrule(phrases=[phrase], overruled=True, by=planner) == 0
    assert not selectors.pairs_pending(season).exists()

    assert services.stock_phrases_overrule(phrases=[phrase], overruled=False, by=planner) == len(
        clause_ideas
    )
    assert "도민 체감 도정 혁신" in library_index().stock
    phrase.refresh_from_db()
    assert (phrase.overruled_at, phrase.overruled_by) == (None, None)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_judges_stock_phrases(roles, role):
    phrase = StockPhrase.objects.create(terms="도민 체감 도정 혁신", ideas=188)
    judge = partial(services.stock_phrases_overrule, phrases=[phrase], overruled=True)
    if role in MANAGERS:
        assert judge(by=roles[role]) == 0  # no library idea carries it here
        assert StockPhrase.objects.get().overruled_by == roles[role]
    else:
        with pytest.raises(PermissionRefused):
            judge(by=roles[role])
        assert StockPhrase.objects.get().overruled_at is None


def test_the_admin_asks_first_and_says_how_many_ideas_are_compared_again(client, planner):
    planner.is_staff = True
    planner.save(update_fields=["is_staff"])
    phrase = StockPhrase.objects.create(terms="도민 체감 도정 혁신", ideas=188)
    other = StockPhrase.objects.create(terms="체감 도정 혁신 과제", ideas=120)
    client.force_login(planner)
    url = reverse("admin:similarity_stockphrase_changelist")
    chosen = {"action": "overrule", "_selected_action": [phrase.pk, other.pk]}

    page = client.post(url, chosen)
    assert page.status_code == 200
    html = page.content.decode()
    assert "최대 308건" in html
    assert "도민 체감 도정 혁신 — 아이디어 188건" in html
    assert not StockPhrase.objects.filter(overruled_at__isnull=False).exists()  # asked only

    done = client.post(url, {**chosen, "confirmed": "yes"}, follow=True)
    assert StockPhrase.objects.filter(overruled_by=planner).count() == 2
    assert [str(m) for m in done.context["messages"]] == [
        "문구 2개를 바꿨습니다. 이 문구를 쓴 아이디어 0건은 오늘 밤 "
        "(또는 시즌 중복 의심 목록의 '지금 비교'로) 다시 비교합니다."
    ]
    StockPhrase.objects.create(terms="도정 혁신 과제 추진", ideas=100)
    judged = client.get(url, {"overruled_at__isempty": "0"}).content.decode()
    assert "도민 체감 도정 혁신" in judged
    assert "도정 혁신 과제 추진" not in judged
