"""Attachments on the team's pages, who may reach a draft, similar ideas, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ideas import services
from ideas.models import IdeaAttachment, Season
from tests.departments import factories as f
from tests.ideas.factories import IdeaFactory, SeasonFactory, complete_content

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft(season, member):
    return services.idea_create_draft(season=season, by=member, title="공유 사무실 운영 개선")


@pytest.fixture
def attachment(draft, member):
    upload = SimpleUploadedFile("경남 벤치마킹 결과보고.pdf", PDF)
    return services.attachment_add(idea=draft, by=member, uploaded=upload)


# Uploading and downloading -----------------------------------------------------------------


def test_a_report_is_uploaded_and_listed_with_a_download_link(client, draft, member):
    client.force_login(member)
    response = client.post(
        reverse("ideas:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("결과보고.pdf", PDF)},
        follow=True,
    )
    attachment = IdeaAttachment.objects.get()
    html = response.content.decode()
    assert "결과보고.pdf 파일을 올렸습니다" in html
    assert reverse("ideas:attachment_download", args=[attachment.pk]) in html


def test_the_upload_field_names_the_allowed_types_and_the_size_limit(client, draft, member):
    client.force_login(member)
    html = client.get(reverse("ideas:idea_edit", args=[draft.pk])).content.decode()
    assert "PDF" in html
    assert "HWP" in html
    assert "20 MB 이하" in html


def test_an_htmx_upload_answers_with_the_attachment_list_only(client, draft, member):
    client.force_login(member)
    response = client.post(
        reverse("ideas:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("결과보고.pdf", PDF)},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.startswith('<section id="attachments"')
    assert "결과보고.pdf" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00", "올릴 수 없는 파일 형식"),
        ("보고서.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "확장자를 바꾼 파일은 올릴 수 없습니다"),
        ("큰파일.pdf", PDF + b"0" * 2048, "파일이 너무 큽니다"),
    ],
    ids=["wrong type", "renamed executable", "too large"],
)
def test_a_refused_file_is_explained_at_the_file_field(
    client, draft, member, settings, name, content, message
):
    settings.IDEA_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(member)
    response = client.post(
        reverse("ideas:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    html = response.content.decode()
    group = html.split('id="group-file"', 1)[1].split("</section>", 1)[0]
    assert message in group
    assert 'class="form-hint-invalid"' in group
    assert not IdeaAttachment.objects.exists()


def test_the_download_sends_the_original_korean_filename(client, attachment, member):
    client.force_login(member)
    response = client.get(reverse("ideas:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # RFC 5987: "경남 벤치마킹 결과보고.pdf", UTF-8 and percent-encoded.
    assert "filename*=utf-8''%EA%B2%BD%EB%82%A8%20" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_file_is_not_under_the_public_media_url(attachment):
    assert not attachment.file.url.startswith("/static/")
    assert "경남" not in attachment.file.name


def test_a_member_deletes_an_attachment(
    client, attachment, member, media, django_capture_on_commit_callbacks
):
    client.force_login(member)
    path = media / attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ideas:attachment_delete", args=[attachment.pk]))
    assert not IdeaAttachment.objects.exists()
    assert not path.exists()


# Who may reach a draft ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url_name", "arg"),
    [
        ("get", "ideas:idea_detail", "idea"),
        ("get", "ideas:idea_edit", "idea"),
        ("post", "ideas:idea_edit", "idea"),
        ("post", "ideas:idea_autosave", "idea"),
        ("get", "ideas:idea_submit", "idea"),
        ("post", "ideas:idea_submit", "idea"),
        ("post", "ideas:attachment_upload", "idea"),
        ("get", "ideas:attachment_download", "attachment"),
        ("post", "ideas:attachment_delete", "attachment"),
    ],
)
def test_a_user_of_another_team_cannot_read_change_or_download_a_draft(
    client, attachment, method, url_name, arg
):
    idea = attachment.idea
    client.force_login(f.team_leader())  # a leader, of another team
    url = reverse(url_name, args=[idea.pk if arg == "idea" else attachment.pk])
    data = {"title": "남의 초안", "version": idea.version, "file": SimpleUploadedFile("x.pdf", PDF)}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.title == "공유 사무실 운영 개선"
    assert IdeaAttachment.objects.count() == 1


def test_a_team_member_who_is_not_author_or_co_author_cannot_change_the_draft(client, draft, team):
    colleague = f.UserFactory(team=team)
    client.force_login(colleague)
    assert client.get(draft.get_absolute_url()).status_code == 200  # the team reads it
    assert client.get(reverse("ideas:idea_edit", args=[draft.pk])).status_code == 403
    response = client.post(
        reverse("ideas:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 403


def test_a_submitted_idea_and_its_files_are_read_by_all_staff(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    attachment = services.attachment_add(
        idea=idea, by=leader, uploaded=SimpleUploadedFile("보고서.pdf", PDF)
    )
    services.idea_submit(idea=idea, by=leader)
    client.force_login(f.UserFactory())
    url = reverse("ideas:attachment_download", args=[attachment.pk])
    assert client.get(url).status_code == 200


# Similar ideas ---------------------------------------------------------------------------


def test_similar_ideas_lists_a_near_duplicate_from_an_earlier_season(client, member):
    earlier = SeasonFactory(name="벤치마킹 시즌1", status=Season.Status.CLOSED)
    author = f.team_leader()
    old = IdeaFactory(
        season=earlier,
        created_by=author,
        title="기업유치 관리시스템 구축",
        status="submitted",
        reference_number=f"{earlier.code}-0012",
        sequence=12,
    )
    IdeaFactory(season=earlier, created_by=author, title="골목상권 활성화 지원사업")
    client.force_login(member)
    response = client.get(
        reverse("ideas:similar_ideas"), {"title": "기업유치관리 시스템 도입", "summary": ""}
    )
    html = response.content.decode()
    assert old.reference_number in html
    assert "벤치마킹 시즌1" in html
    assert old.team_name in html
    assert reverse("ideas:idea_detail", args=[old.pk]) in html
    assert "골목상권" not in html


def test_similar_ideas_leaves_out_the_idea_being_edited_and_drafts(client, season, leader):
    idea = services.idea_create_draft(season=season, by=leader, **complete_content())
    services.idea_submit(idea=idea, by=leader)
    IdeaFactory(season=season, title="기업유치 관리시스템 구축")  # someone's draft
    client.force_login(leader)
    html = client.get(
        reverse("ideas:similar_ideas"), {"title": idea.title, "exclude": str(idea.pk)}
    ).content.decode()
    assert "비슷한 아이디어를 찾지 못했습니다" in html


# Query counts ----------------------------------------------------------------------------


def make_team_ideas(leader, season, n):
    """Half drafts of an earlier season, half in the open season, some submitted."""
    earlier = SeasonFactory(status=Season.Status.CLOSED)
    for i in range(n):
        if i % 2:
            IdeaFactory(season=earlier, created_by=leader, title=f"지난 아이디어 {i}")
            continue
        idea = services.idea_create_draft(
            season=season, by=leader, **complete_content(title=f"아이디어 {i}")
        )
        if i % 4 == 0:
            services.idea_submit(idea=idea, by=leader)


@pytest.mark.parametrize("n", [3, 30])
def test_my_teams_page_runs_the_same_queries_for_3_or_30_ideas(
    client, season, leader, n, django_assert_max_num_queries
):
    make_team_ideas(leader, season, n)
    client.force_login(leader)
    # 1 session, 2 user, 3 team with division and bureau, 4 open seasons, 5 the team's
    # quota in the one open season, 6 count of the filtered ideas, 7 the page of ideas with
    # season, team and attachment count, 8 the seasons offered by the filter, and from
    # base.html: 9 the user's roles (menu), 10 the signed-in person with unit names.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("ideas:team_ideas"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_the_idea_page_runs_the_same_queries_for_few_or_many_files_and_co_authors(
    client, season, leader, n, django_assert_max_num_queries
):
    co_authors = [f.UserFactory(team=leader.team) for _ in range(n)]
    idea = services.idea_create_draft(
        season=season, by=leader, co_authors=co_authors, **complete_content()
    )
    for i in range(n):
        services.attachment_add(
            idea=idea, by=leader, uploaded=SimpleUploadedFile(f"보고서{i}.pdf", PDF)
        )
    services.idea_submit(idea=idea, by=leader)
    client.force_login(leader)
    # 1 session, 2 user, 3 the idea with season, team, bureau, division, author, submitter
    # and duplicate, 4 its co-authors, 5 its attachments, 6 the user's roles (rules, also
    # the menu), 7 the unread notices (header), 8 the history with actors (timeline),
    # 9 the comments with their replies, 10 the 공감 count, 11 whether the user gave one
    # (participation panel), 12-13 Django's own user and group permissions (ModelBackend,
    # asked once by a has_perm the rules refuse). None grows with files or co-authors.
    with django_assert_max_num_queries(13):
        response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
