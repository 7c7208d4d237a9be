"""A save from a stale page (another tab, or a teammate saved first) loses nothing: the
page keeps what the person typed, shows it beside the latest saved version field by
field, says whose save it missed, and saves theirs on top or a field-by-field merge."""

import pytest
from django.urls import reverse

from core.models import HistoryEntry
from ideas import services
from ideas.models import Idea
from tests.ideas.test_pages_team import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(season, member):
    return services.idea_create_draft(
        season=season, by=member, title="처음 제목", summary="처음 요약", problem="처음 현황"
    )


def stale_post(client, idea, **typed):
    """What a page loaded before the latest save posts."""
    return client.post(reverse("ideas:idea_edit", args=[idea.pk]), form_data(idea) | typed)


def test_the_page_shows_both_versions_of_each_differing_field_and_names_the_teammate(
    client, idea, member, leader
):
    loaded = Idea.objects.get(pk=idea.pk)
    services.idea_update_draft(idea=idea, by=leader, version=idea.version, summary="팀장 요약")
    client.force_login(member)

    html = stale_post(client, loaded, title="팀원 제목").content.decode()

    assert f"{leader.full_name}님이" in html
    assert "다른 탭" not in html
    # Title: what the member typed and the saved one; summary: the member's old text and
    # the leader's; the problem is the same in both and is not asked about.
    assert 'name="keep_title"' in html
    assert 'name="keep_summary"' in html
    assert 'name="keep_problem"' not in html
    for text in ("팀원 제목", "처음 제목", "처음 요약", "팀장 요약"):
        assert text in html
    assert 'value="팀원 제목"' in html  # the typed text stays in the form
    assert f'name="base_version" value="{idea.version}"' in html  # the latest
    assert "hx-trigger" not in html.split('id="idea-form"', 1)[1].split(">", 1)[0]


def test_the_same_person_in_another_tab_is_told_so(client, idea, member):
    loaded = Idea.objects.get(pk=idea.pk)
    services.idea_update_draft(idea=idea, by=member, version=idea.version, summary="다른 탭 요약")
    client.force_login(member)
    html = stale_post(client, loaded, title="이 탭 제목").content.decode()
    assert "회원님이 다른 탭(또는 다른 기기)에서" in html


def test_a_merge_keeps_the_fields_chosen_from_each_version(client, idea, member, leader):
    loaded = Idea.objects.get(pk=idea.pk)
    services.idea_update_draft(
        idea=idea, by=leader, version=idea.version, summary="팀장 요약", problem="팀장 현황"
    )
    latest = Idea.objects.get(pk=idea.pk).version
    client.force_login(member)
    response = stale_post(
        client,
        loaded,
        title="팀원 제목",
        problem="팀원 현황",
        resolve="merge",
        base_version=latest,
        keep_title="mine",
        keep_summary="theirs",
        keep_problem="mine",
    )
    assert response.status_code == 302
    saved = Idea.objects.get(pk=idea.pk)
    assert (saved.title, saved.summary, saved.problem) == ("팀원 제목", "팀장 요약", "팀원 현황")
    assert saved.version == latest + 1


def test_saving_mine_on_top_of_the_latest_overwrites_it(client, idea, member, leader):
    loaded = Idea.objects.get(pk=idea.pk)
    services.idea_update_draft(idea=idea, by=leader, version=idea.version, summary="팀장 요약")
    latest = Idea.objects.get(pk=idea.pk).version
    client.force_login(member)
    response = stale_post(client, loaded, title="팀원 제목", resolve="mine", base_version=latest)
    assert response.status_code == 302
    saved = Idea.objects.get(pk=idea.pk)
    assert (saved.title, saved.summary) == ("팀원 제목", "처음 요약")


def test_a_resolution_against_a_version_that_moved_on_asks_again(client, idea, member, leader):
    loaded = Idea.objects.get(pk=idea.pk)
    services.idea_update_draft(idea=idea, by=leader, version=idea.version, summary="팀장 요약")
    compared = Idea.objects.get(pk=idea.pk).version
    services.idea_update_draft(idea=idea, by=leader, version=compared, summary="팀장 요약 2")
    client.force_login(member)
    html = stale_post(
        client, loaded, title="팀원 제목", resolve="mine", base_version=compared
    ).content.decode()
    assert "팀장 요약 2" in html
    assert Idea.objects.get(pk=idea.pk).title == "처음 제목"


def test_a_run_of_saves_by_one_person_is_one_history_entry(idea, member, leader):
    for text in ("하나", "둘", "셋"):
        idea = services.idea_update_draft(idea=idea, by=member, version=idea.version, summary=text)
    idea = services.idea_update_draft(idea=idea, by=leader, version=idea.version, summary="넷")
    entries = HistoryEntry.objects.for_object(idea).order_by("at", "pk")
    assert list(entries.values_list("action", "actor")) == [
        ("created", member.pk),
        ("edited", member.pk),
        ("edited", leader.pk),
    ]
