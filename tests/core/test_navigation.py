import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import home
from core.home import WaitingItem, register_waiting
from core.navigation import (
    GROUP_KEYS,
    GROUPS,
    MENU,
    NavGroup,
    NavItem,
    visible_groups,
    visible_items,
)
from departments.models import Role
from tests.departments import factories as f
from tests.roles import ROLES

pytestmark = pytest.mark.django_db

# The main menu as each role sees it: a plain link is its label; a group of two items or
# more is (group label, [its items]). Groups of one item collapse to a link to that item.
IDEAS_OF_A_TEAM = ("아이디어", ["우리 팀 아이디어", "아이디어 도서관"])
IMPLEMENTATION = ("추진", ["추진 현황", "혁신 로드맵"])
TEAM = [
    "홈",
    IDEAS_OF_A_TEAM,
    "보고회 일정",
    IMPLEMENTATION,
    "으뜸 도정상",
    "벤치마킹 방문",
    "현황판",
    "조직도",
]
OPERATIONS = ("운영", ["시즌 관리", "엑셀 내보내기", "신고된 의견", "조직도", "조직도 가져오기"])
ORG_MANAGERS = [
    "홈",
    IDEAS_OF_A_TEAM,
    "심사 관리",
    ("보고회", ["보고회 일정", "보고회 관리"]),
    IMPLEMENTATION,
    "으뜸 도정상",
    "벤치마킹 방문",
    "현황판",
    OPERATIONS,
]
# A superuser outside the org chart has no team, so 아이디어 holds one item: a plain link.
SUPERUSER_MENU = [ORG_MANAGERS[0], "아이디어 도서관", *ORG_MANAGERS[2:]]

# The role fixtures place reviewers, planners and system admins in a team, as the demo does.
EXPECTED_MENU = {
    "team_member": TEAM,
    "team_leader": TEAM,
    "division_head": [
        "홈",
        "아이디어 도서관",
        "보고회 일정",
        IMPLEMENTATION,
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ],
    "bureau_director": [
        "홈",
        ("아이디어", ["아이디어 도서관", "우리 실·국 현황"]),
        "보고회 일정",
        IMPLEMENTATION,
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        ("운영", ["엑셀 내보내기", "조직도"]),
    ],
    "reviewer": [
        "홈",
        IDEAS_OF_A_TEAM,
        "심사",
        "보고회 일정",
        IMPLEMENTATION,
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ],
    "planning_office": ORG_MANAGERS,
    "system_admin": ORG_MANAGERS,
}
assert set(EXPECTED_MENU) == set(ROLES)

MenuEntry = str | tuple[str, list[str]]
TOP_LEVEL = re.compile(
    r'<a class="app-nav__link"[^>]*>(?P<link>[^<]*)</a>'
    r"|<summary[^>]*>(?P<group>[^<]*)(?:<span[^>]*>[^<]*</span>)?</summary>"
    r'\s*<ul class="app-nav__sub">(?P<items>.*?)</ul>',
    re.S,
)


def labels_of(response, nav_class: str) -> list[str]:
    html = response.content.decode()
    nav = re.search(rf'<nav class="{nav_class}"[^>]*>(.*?)</nav>', html, re.S)
    if nav is None:
        return []
    return [label.strip() for label in re.findall(r"<a [^>]*>([^<]*)</a>", nav.group(1))]


def menu_entries(response) -> list[MenuEntry]:
    """The main menu's top level: links, and groups with the items of their sub-menu."""
    html = response.content.decode()
    nav = re.search(r'<nav class="app-nav"[^>]*>(.*?)</nav>', html, re.S)
    if nav is None:
        return []
    entries: list[MenuEntry] = []
    for match in TOP_LEVEL.finditer(nav.group(1)):
        if match["link"] is not None:
            entries.append(match["link"].strip())
        else:
            items = re.findall(r"<a [^>]*>([^<]*)</a>", match["items"])
            entries.append((match["group"].strip(), [item.strip() for item in items]))
    return entries


def menu_labels(response) -> list[str]:
    """Every page the main menu links to, groups opened, in order."""
    return labels_of(response, "app-nav")


def tool_labels(response) -> list[str]:
    """The header's utility links (API documentation, the admin)."""
    return labels_of(response, "app-tools")


@pytest.fixture
def staff_roles(roles):
    """The roles, with admin-screen access for those who manage the organisation.

    Django's admin lets in only ``is_staff`` users; the import and the demo data give it to
    the planning office and system admins.
    """
    for key in ("planning_office", "system_admin"):
        roles[key].is_staff = True
        roles[key].save(update_fields=["is_staff"])
    return roles


@pytest.mark.parametrize("role", EXPECTED_MENU)
def test_each_role_sees_exactly_its_menu_items_by_group(client, staff_roles, role):
    client.force_login(staff_roles[role])
    response = client.get(reverse("core:home"))
    assert menu_entries(response) == EXPECTED_MENU[role]


@pytest.mark.parametrize("role", EXPECTED_MENU)
def test_the_tools_are_the_api_documentation_and_the_admin_for_those_who_manage(
    client, staff_roles, role
):
    client.force_login(staff_roles[role])
    tools = tool_labels(client.get(reverse("core:home")))
    # The API documentation: system administrators only (issue 12, item 14).
    if role == "system_admin":
        assert tools == ["API 문서", "관리자 화면", "비밀번호 변경"]
    elif role == "planning_office":
        assert tools == ["관리자 화면", "비밀번호 변경"]
    else:
        assert tools == ["비밀번호 변경"]


def test_a_team_leader_sees_neither_the_import_nor_the_admin(client, leader):
    client.force_login(leader)
    response = client.get(reverse("core:home"))
    assert "조직도 가져오기" not in menu_labels(response)
    assert "관리자 화면" not in tool_labels(response)


def test_the_planning_office_without_staff_access_is_not_sent_to_the_admin(client, planner):
    # Django admin would refuse a user without is_staff, so the link would lead nowhere.
    client.force_login(planner)
    response = client.get(reverse("core:home"))
    assert "조직도 가져오기" in menu_labels(response)
    assert "관리자 화면" not in tool_labels(response)


def test_a_superuser_sees_every_item(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "pw", full_name="관리자")
    client.force_login(admin)
    response = client.get(reverse("core:home"))
    assert menu_entries(response) == SUPERUSER_MENU
    assert tool_labels(response) == ["API 문서", "관리자 화면", "비밀번호 변경"]


def test_the_current_page_is_marked_with_aria_current(client, member):
    client.force_login(member)
    html = client.get(reverse("core:home")).content.decode()
    assert (
        f'<a class="app-nav__link" href="{reverse("core:home")}" aria-current="page">홈</a>' in html
    )
    assert html.count("aria-current=") == 2  # the menu item and the current language


def test_the_current_page_marks_its_item_and_its_group(client, planner):
    client.force_login(planner)
    response = client.get(reverse("departments:import"))
    html = response.content.decode()
    nav = html.split('<nav class="app-nav"')[1].split("</nav>")[0]
    assert (
        f'<a href="{reverse("departments:import")}" aria-current="page">조직도 가져오기</a>' in nav
    )
    assert nav.count("aria-current=") == 1
    # The group's button is marked for the eye and, in words, for screen readers.
    assert re.findall(r"<summary [^>]*data-current[^>]*>([^<]*)<", nav) == ["운영"]
    assert "(현재 메뉴)" in nav


def test_the_sub_menus_open_without_javascript(client, planner):
    client.force_login(planner)
    html = client.get(reverse("core:home")).content.decode()
    nav = html.split('<nav class="app-nav"')[1].split("</nav>")[0]
    # <details> opens and closes with the mouse, Enter or Space; name= keeps one open.
    assert nav.count('<details class="app-nav__group" name="app-nav">') == 4
    assert nav.count("<summary ") == 4
    assert "<script" not in nav


def test_a_group_of_one_visible_item_is_a_plain_link_and_an_empty_group_is_left_out(member):
    groups = visible_groups(member, "/")
    assert [g.key for g in groups] == [
        "home",
        "ideas",
        "briefings",
        "rollout",
        "awards",
        "visits",
        "insight",
        "operations",
    ]
    assert [str(g.single.label) for g in groups if g.single] == [
        "홈",
        "보고회 일정",
        "으뜸 도정상",
        "벤치마킹 방문",
        "현황판",
        "조직도",
    ]


def test_a_second_item_turns_a_one_item_group_into_a_sub_menu(member, planner):
    # 포상 and 벤치마킹 hold one item each today (plain links); one line adds another.
    member_groups = {g.key: g for g in visible_groups(member, "/x/")}
    assert str(member_groups["awards"].single.label) == "으뜸 도정상"
    assert str(member_groups["visits"].single.label) == "벤치마킹 방문"
    menu = [*MENU, NavItem("포상 이력", "core:home", "departments.import_orgchart", group="awards")]
    member_groups = {g.key: g for g in visible_groups(member, "/x/", menu)}
    assert member_groups["awards"].single is not None  # the new item is not theirs
    planner_groups = {g.key: g for g in visible_groups(planner, "/x/", menu)}
    assert planner_groups["awards"].single is None
    planner_keys = list(planner_groups)
    assert (
        planner_keys.index("rollout")
        < planner_keys.index("awards")
        < planner_keys.index("visits")
        < planner_keys.index("insight")
    )


def test_every_item_of_the_main_menu_names_a_group_and_the_groups_are_unique():
    assert len(GROUP_KEYS) == len(GROUPS)
    assert {"awards", "visits"} <= GROUP_KEYS  # kept for the coming apps
    for item in MENU:
        assert (item.group in GROUP_KEYS) != item.utility, item


def test_groups_come_in_their_order_with_the_items_in_menu_order(member):
    menu = [NavItem("b1", "core:home", group="b"), NavItem("a1", "core:home", group="a")]
    menu += [NavItem("b2", "core:home", group="b")]
    groups = [NavGroup("a", "A"), NavGroup("b", "B"), NavGroup("c", "C")]
    shown = visible_groups(member, "/x/", menu, groups)
    assert [(g.label, [str(i.label) for i in g.items]) for g in shown] == [
        ("A", ["a1"]),
        ("B", ["b1", "b2"]),
    ]


def test_the_deepest_matching_item_is_current(planner):
    items = visible_items(planner, reverse("departments:import"))
    current = {str(item.label): item.current for item in items if item.current}
    assert current == {"조직도 가져오기": "page"}


def test_a_page_below_an_item_marks_it_as_the_current_section(member):
    items = visible_items(member, reverse("departments:org_chart") + "something/")
    current = {str(item.label): item.current for item in items if item.current}
    assert current == {"조직도": "true"}


def test_every_menu_item_resolves():
    for item in MENU:
        assert item.url.startswith("/")


def test_a_visitor_who_is_not_signed_in_sees_no_menu(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert menu_labels(response) == []
    assert "로그아웃" not in response.content.decode()


def test_an_item_is_one_line_with_a_permission_name_or_a_predicate(member, planner):
    menu = [
        NavItem("by permission", "core:home", "departments.import_orgchart"),
        NavItem("by predicate", "core:home", lambda user: user.has_role(Role.PLANNING_OFFICE)),
    ]
    assert [str(i.label) for i in visible_items(member, "/", menu)] == []
    assert [str(i.label) for i in visible_items(planner, "/", menu)] == [
        "by permission",
        "by predicate",
    ]


def test_the_menu_reads_the_roles_once_whatever_the_number_of_items(
    django_assert_num_queries, planner, django_user_model
):
    fresh = django_user_model.objects.get(pk=planner.pk)
    with django_assert_num_queries(1):  # the user's groups (role_names), then cached
        visible_items(fresh, "/")
        visible_items(fresh, "/", MENU * 5)
        visible_groups(fresh, "/", MENU * 5)


def test_the_header_names_the_person_their_unit_position_and_roles(client, team):
    reviewer = f.with_role(Role.REVIEWER, team=team, full_name="박심사")
    client.force_login(reviewer)
    html = client.get(reverse("core:home")).content.decode()
    header = html.split("</header>")[0]
    assert "박심사" in header
    assert f"{team.name} 팀원" in header
    assert "심사위원(도지사실)" in header
    assert f'action="{reverse("logout")}"' in header


def test_the_home_page_places_the_person_in_the_org_chart(client, leader):
    client.force_login(leader)
    html = client.get(reverse("core:home")).content.decode()
    main = html.split('<main id="container"')[1]
    team = leader.team
    for text in (team.name, team.division.name, team.division.bureau.name, "팀장"):
        assert text in main
    assert "지금 기다리고 있는 일이 없습니다." in main


def test_the_home_page_lists_what_the_providers_register(client, leader, monkeypatch):
    monkeypatch.setattr(home, "_providers", [])

    @register_waiting
    def ideas_to_submit(user):
        return [WaitingItem("제출할 아이디어", "/ideas/", count=3)] if user.is_team_leader else []

    client.force_login(leader)
    html = client.get(reverse("core:home")).content.decode()
    assert "제출할 아이디어" in html
    assert '<span class="krds-badge bg-primary">3</span>' in html
    assert "지금 기다리고 있는 일이 없습니다." not in html


def test_a_provider_registered_twice_shows_its_items_once(member, monkeypatch):
    monkeypatch.setattr(home, "_providers", [])

    def one(user):
        return [WaitingItem("하나", "/")]

    register_waiting(one)
    register_waiting(one)
    assert len(home.waiting_for(member)) == 1


def test_the_planning_office_is_asked_to_import_the_org_chart_until_people_exist(client):
    planner = f.with_role(Role.PLANNING_OFFICE, position="", team=None, division=None, bureau=None)
    client.force_login(planner)
    html = client.get(reverse("core:home")).content.decode()
    assert "아직 조직도를 가져오지 않았습니다." in html
    assert f'href="{reverse("departments:import")}"' in html

    f.UserFactory()  # somebody placed in a bureau: the org chart has been imported
    html = client.get(reverse("core:home")).content.decode()
    assert "아직 조직도를 가져오지 않았습니다." not in html


def test_the_import_hint_is_not_shown_to_those_who_cannot_import(django_assert_num_queries):
    member = f.UserFactory()
    member.__class__.objects.update(bureau=None, division=None)  # nobody imported
    with django_assert_num_queries(1):  # the groups, to know the roles; no count of people
        assert home.org_chart_to_import(member) == []


def test_the_home_page_query_count_is_pinned(client, django_assert_max_num_queries, planner):
    # A bigger organisation and more roles must not add queries.
    f.UserFactory.create_batch(10)
    planner.groups.add(*Group.objects.all())
    client.force_login(planner)
    # 1 session, 2 the user with bureau, division and team (the auth backend),
    # 3 the user's groups (role_names: menu, header, rules),
    # 4 whether anybody has been imported (the planning office's import hint),
    # 5 the team's running seasons with its counts (ideas.home.team_work),
    # 6 the open seasons with their submissions (ideas.home.seasons_to_watch),
    # 7 the open review rounds with the reviewer's unsubmitted counts, 8 the rounds the
    # planning office is running or has yet to publish (reviews.home),
    # 9 today's published briefing sessions (briefings.home, for reviewers),
    # 10 the performance reports waiting for the task force's review (roadmap.home),
    # 11 the unread notices for the header's inbox badge (notifications).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
