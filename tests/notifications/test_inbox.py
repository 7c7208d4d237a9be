"""The inbox page, the unread count in every page's header, and the API of one's notices."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.departments.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def header(response) -> str:
    return response.content.decode().split("</header>")[0]


def test_the_header_shows_the_number_of_unread_notices_on_every_page(client, member):
    NotificationFactory.create_batch(3, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    NotificationFactory()  # somebody else's
    client.force_login(member)

    for url in (reverse("core:home"), reverse("ideas:library"), reverse("briefings:schedule")):
        html = header(client.get(url))
        assert f'href="{reverse("notifications:inbox")}"' in html
        assert "읽지 않은 알림 3건" in html, url


def test_no_badge_when_everything_is_read(client, member):
    NotificationFactory(recipient=member, read_at=timezone.now())
    client.force_login(member)
    html = header(client.get(reverse("core:home")))
    assert "알림함" in html
    assert "읽지 않은 알림" not in html


def test_the_inbox_shows_what_was_sent_to_the_person_and_when(client, member):
    mine = NotificationFactory(recipient=member, title="[보완 요청] S2-0001 우리 아이디어")
    NotificationFactory(title="남의 알림")
    client.force_login(member)

    html = client.get(reverse("notifications:inbox")).content.decode()

    assert "[보완 요청] S2-0001 우리 아이디어" in html
    assert "남의 알림" not in html
    assert timezone.localtime(mine.created_at).strftime("%Y-%m-%d %H:%M") in html
    assert "새 알림" in html


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, member):
    notice = NotificationFactory(recipient=member, url="/ideas/library/")
    client.force_login(member)

    response = client.post(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response.url == "/ideas/library/"
    notice.refresh_from_db()
    assert notice.is_read


def test_a_get_of_a_notice_follows_its_link_without_marking_it_read(client, member):
    # Issue 12, item 9: a GET never changes state (prefetchers and link checkers GET too).
    notice = NotificationFactory(recipient=member, url="/ideas/library/")
    client.force_login(member)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == "/ideas/library/"
    notice.refresh_from_db()
    assert not notice.is_read


def test_a_link_elsewhere_is_not_followed(client, member):
    notice = NotificationFactory(recipient=member, url="https://evil.example/")
    client.force_login(member)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == reverse("notifications:inbox")


def test_marking_one_and_all_read(client, member):
    first, second = NotificationFactory.create_batch(2, recipient=member)
    client.force_login(member)

    client.post(reverse("notifications:read", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read
    assert not second.is_read

    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.for_recipient(member).unread().exists()


def test_another_persons_notice_is_not_found(client, member):
    other = NotificationFactory()
    client.force_login(member)
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert not other.is_read


def test_the_unread_filter(client, member):
    NotificationFactory(recipient=member, title="지난주 알림", read_at=timezone.now())
    NotificationFactory(recipient=member, title="오늘 알림")
    client.force_login(member)
    html = client.get(reverse("notifications:inbox") + "?unread=1").content.decode()
    assert "오늘 알림" in html
    assert "지난주 알림" not in html


def test_the_inbox_needs_a_signed_in_person(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_inbox_query_count_does_not_grow_with_the_notices(
    client, member, django_assert_max_num_queries
):
    NotificationFactory.create_batch(45, recipient=member)
    client.force_login(member)
    # 1 session, 2 the user with units, 3 the groups (menu), 4 the unread count (header and
    # tab, once), 5 the page's count, 6 the page of notices.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert len(re.findall(r'<li class="nt-item', response.content.decode())) == 20


# API ----------------------------------------------------------------------------------

API = "/api/v1/notifications/"


def test_the_api_lists_the_callers_notices_only(client, member):
    NotificationFactory.create_batch(2, recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    NotificationFactory()
    client.force_login(member)

    body = client.get(API).json()
    assert body["count"] == 3
    assert {row["is_read"] for row in body["results"]} == {True, False}
    assert client.get(API, {"unread": "true"}).json()["count"] == 2
    assert client.get(API + "unread-count/").json() == {"unread": 2}


def test_the_api_marks_read(client, member):
    first, _second = NotificationFactory.create_batch(2, recipient=member)
    client.force_login(member)

    row = client.post(f"{API}{first.pk}/read/").json()
    assert row["is_read"] is True
    assert row["read_at"]
    assert client.post(API + "read-all/").json() == {"marked": 1}
    assert client.get(API + "unread-count/").json() == {"unread": 0}


def test_the_api_hides_other_peoples_notices(client, member):
    other = NotificationFactory()
    client.force_login(member)
    assert client.get(f"{API}{other.pk}/").status_code == 404
    assert client.post(f"{API}{other.pk}/read/").status_code == 404


def test_the_api_needs_a_caller(client):
    assert client.get(API).status_code == 401


@pytest.mark.parametrize("role", ["team_member", "bureau_director", "reviewer", "planning_office"])
def test_every_role_reads_its_own_inbox_over_the_api(client, roles, role):
    NotificationFactory(recipient=roles[role], title=f"{role}의 알림")
    client.force_login(roles[role])
    titles = [row["title"] for row in client.get(API).json()["results"]]
    assert titles == [f"{role}의 알림"]


def test_the_api_list_query_count_does_not_grow(client, member, django_assert_max_num_queries):
    NotificationFactory.create_batch(60, recipient=UserFactory())
    NotificationFactory.create_batch(60, recipient=member)
    client.force_login(member)
    # 1 session, 2 the user, 3 the count, 4 the page.
    with django_assert_max_num_queries(4):
        body = client.get(API).json()
    assert len(body["results"]) == 50
