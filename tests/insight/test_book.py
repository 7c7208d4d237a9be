"""The governor's briefing book: built by the task with progress, its PDF lists the
session's idea titles in agenda order (pdftotext), its HWPX opens with python-hwpx's reader
and holds the same titles, it is rebuilt when the agenda changes, and only the planning
office, the governor's office and the session's bureau director get it."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse
from hwpx import HwpxDocument, TextExtractor

from briefings.models import AgendaItem
from departments.models import Role
from insight import services
from insight.models import BriefingBook
from reviews.models import Directive
from tests.briefings.factories import BriefingSessionFactory, with_agenda
from tests.departments import factories as f
from tests.roles import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    session = BriefingSessionFactory()
    items = with_agenda(session, ideas=3)
    # Titles whose order is not alphabetical, so the agenda order is what is checked.
    for item, title in zip(
        items, ["다문화 가정 통합 지원", "기업 유치 전담반", "나눔 냉장고 확대"], strict=True
    ):
        item.idea.title = title
        item.idea.save(update_fields=["title"])
    first = items[0].idea
    Directive.objects.create(
        idea=f_idea_of_team(first),
        text="분기마다 추진 상황을 보고할 것",
        responsible_bureau=first.bureau,
        due_date=dt.date(2026, 3, 31),
        recorded_by=f.with_role(Role.REVIEWER),
    )
    return session


def f_idea_of_team(idea):
    """An earlier idea of the same team, for a directive the book must show."""
    from tests.ideas.factories import SeasonFactory
    from tests.reviews.factories import submitted_idea

    return submitted_idea(SeasonFactory(), leader=f.team_leader(team=idea.team), title="이전 과제")


def titles(session):
    return list(session.items.order_by("order").values_list("idea__title", flat=True))


def built(session, user):
    book = services.book_request(session=session, by=user)  # eager Celery in tests
    book.refresh_from_db()
    return book


@pytest.fixture
def planner(db):
    return f.with_role(Role.PLANNING_OFFICE)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_lists_the_idea_titles_in_agenda_order(
    session, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book = built(session, planner)
    book.refresh_from_db()
    assert book.status == BriefingBook.Status.READY
    assert book.progress == 100
    assert book.pages >= 5  # cover, agenda, one page per idea
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", book.pdf.path, "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    positions = [text.index(title, text.index("보고 순서")) for title in titles(session)]
    assert positions == sorted(positions)
    assert session.title in text
    assert "분기마다 추진 상황을 보고할 것" in text


def test_the_hwpx_opens_with_the_library_and_holds_the_same_titles(
    session, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book = built(session, planner)
    book.refresh_from_db()
    text = TextExtractor(book.hwpx.path).extract_text()
    positions = [text.index(f"{n}. {title}") for n, title in enumerate(titles(session), start=1)]
    assert positions == sorted(positions)
    assert HwpxDocument.open(book.hwpx.path).validate().issues == ()


def test_a_changed_agenda_builds_the_book_again(
    session, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = built(session, planner)
    items = list(session.items.order_by("order"))
    # Swap the first two items (through a free order number, the order is unique).
    AgendaItem.objects.filter(pk=items[0].pk).update(order=99)
    AgendaItem.objects.filter(pk=items[1].pk).update(order=1)
    AgendaItem.objects.filter(pk=items[0].pk).update(order=2)
    assert services.book_is_stale(first)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.book_refresh_if_stale(session=session)
    again.refresh_from_db()
    assert again.generation == first.generation + 1
    assert again.status == BriefingBook.Status.READY
    text = TextExtractor(again.hwpx.path).extract_text()
    assert text.index(f"1. {titles(session)[0]}") < text.index(f"2. {titles(session)[1]}")


def test_a_repeated_task_for_an_old_request_changes_nothing(
    session, planner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book = built(session, planner)
    assert services.book_build(book_id=book.pk, generation=book.generation - 1) is None
    assert services.book_build(book_id=book.pk, generation=book.generation) is None  # ready


def allowed(role: str) -> bool:
    return role in {"reviewer", "planning_office", "system_admin", "bureau_director"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_build_and_download_the_book(
    client, roles, role, django_capture_on_commit_callbacks
):
    session = BriefingSessionFactory(bureaus=[roles["bureau_director"].bureau])
    with_agenda(session, ideas=1)
    client.force_login(roles[role])
    page = client.get(reverse("insight:book", args=[session.pk]))
    assert page.status_code == (200 if allowed(role) else 403)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insight:book_request", args=[session.pk]))
    assert response.status_code == (302 if allowed(role) else 403)
    download = client.get(reverse("insight:book_download", args=[session.pk, "pdf"]))
    assert download.status_code == (200 if allowed(role) else 403)
    if allowed(role):
        assert download["Content-Type"] == "application/pdf"


def test_a_director_of_another_bureau_gets_no_book(client, session):
    other = f.bureau_director(f.BureauFactory())
    client.force_login(other)
    assert client.get(reverse("insight:book", args=[session.pk])).status_code == 403


def test_the_api_builds_and_reports_the_book(session, planner, django_capture_on_commit_callbacks):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(planner)
    assert api.get(f"/api/v1/briefing-books/{session.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/briefing-books/{session.pk}/build/")
    assert response.status_code == 202
    body = api.get(f"/api/v1/briefing-books/{session.pk}/").json()
    assert body["status"] == "ready"
    assert body["progress"] == 100
    assert body["pdf_url"].endswith("/pdf/")
    leader = f.team_leader()
    api.force_authenticate(leader)
    assert api.get(f"/api/v1/briefing-books/{session.pk}/").status_code == 403


def test_each_page_shows_the_similar_earlier_ideas_and_what_became_of_them(session, planner):
    from django.utils import timezone

    from ideas.models import Idea
    from insight import book as book_module
    from reviews.models import Decision
    from tests.ideas.factories import SeasonFactory
    from tests.reviews.factories import ReviewRoundFactory, submitted_idea

    first = session.items.order_by("order").first().idea
    earlier_season = SeasonFactory()
    earlier = submitted_idea(
        earlier_season, title="다문화 가정 통합 지원 센터", summary=first.summary
    )
    submitted_idea(earlier_season, title="도로 포장 보수", summary="도로 파임을 메운다")
    Decision.objects.create(
        round=ReviewRoundFactory(season=earlier_season, decisions_published_at=timezone.now()),
        idea=earlier,
        outcome=Decision.Outcome.ADOPT,
        implementation_path=Idea.Path.IMMEDIATE,
        reason="좋음",
        decided_by=planner,
    )
    # The same season's fellow ideas are on the agenda already: never "earlier" ideas.
    content = book_module.book_content(session)
    similar = {p.idea.title: [s.title for s in p.similar] for p in content.pages}
    assert similar["다문화 가정 통합 지원"] == ["다문화 가정 통합 지원 센터"]
    assert "도로 포장 보수" not in [t for found in similar.values() for t in found]
    page = content.pages[0]
    assert page.similar[0].outcome == str(Decision.Outcome.ADOPT.label)
    assert page.similar[0].season == earlier_season.name


def test_the_similar_ideas_of_the_whole_agenda_take_a_fixed_number_of_queries(
    session, django_assert_max_num_queries
):
    from insight import book as book_module
    from similarity.index import library_index

    library_index()  # built once per worker process, whatever it does first
    # the agenda with its ideas; the bureaus; the directives; the ideas' stored terms; the
    # index's freshness check (ideas, terms); the similar ideas; their outcomes — at most 8,
    # whatever the agenda's length.
    with django_assert_max_num_queries(8):
        book_module.book_content(session)
