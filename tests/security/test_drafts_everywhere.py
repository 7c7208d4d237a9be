"""Issue 12, item 3: one rule for drafts on pages, API and admin, superusers included."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from departments.models import User
from ideas import services
from ideas.models import IdeaAttachment
from tests.departments import factories as f
from tests.ideas.factories import SeasonFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def draft(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    member = f.UserFactory()
    idea = services.idea_create_draft(season=SeasonFactory(), by=member, title="팀의 비밀 초안")
    services.attachment_add(idea=idea, by=member, uploaded=SimpleUploadedFile("초안.pdf", PDF))
    return idea


@pytest.fixture
def root(db):
    return User.objects.create_superuser(username="root", password="pw", employee_number="1")


def test_a_superuser_does_not_read_another_teams_draft_on_the_pages(client, root, draft):
    client.force_login(root)
    assert client.get(reverse("ideas:idea_detail", args=[draft.pk])).status_code == 404


def test_a_superuser_does_not_read_a_draft_in_the_api_either(root, draft):
    api = APIClient()
    api.force_authenticate(root)
    assert api.get(reverse("idea-detail", args=[draft.pk])).status_code == 404


def test_deleting_a_drafts_attachment_as_a_superuser_is_a_404_not_a_500(client, root, draft):
    attachment = IdeaAttachment.objects.get(idea=draft)
    client.force_login(root)
    response = client.post(reverse("ideas:attachment_delete", args=[attachment.pk]))
    assert response.status_code == 404
    assert IdeaAttachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("who", ["planning_office", "superuser"])
def test_the_admin_does_not_show_another_teams_draft(client, roles, root, draft, who):
    user = root if who == "superuser" else roles[who]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    changelist = client.get(reverse("admin:ideas_idea_changelist"))
    assert changelist.status_code == 200
    assert "팀의 비밀 초안" not in changelist.content.decode()
    detail = client.get(reverse("admin:ideas_idea_change", args=[draft.pk]))
    assert detail.status_code in (302, 403, 404)
    assert "팀의 비밀 초안" not in detail.content.decode()


def test_the_team_still_reads_and_edits_its_own_draft(client, draft):
    client.force_login(draft.created_by)
    assert client.get(reverse("ideas:idea_detail", args=[draft.pk])).status_code == 200
    attachment = IdeaAttachment.objects.get(idea=draft)
    response = client.post(reverse("ideas:attachment_delete", args=[attachment.pk]))
    assert response.status_code in (200, 302)
    assert not IdeaAttachment.objects.filter(pk=attachment.pk).exists()
