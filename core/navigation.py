"""The main menu: every item, and who sees it, in one list; the items sit in groups.

An item names its page by URL name, its group by key (``GROUPS``), and says who sees it
with a ``rules`` permission name (the same one the view checks) or a predicate. Adding a
page to the menu is one line in ``MENU``::

    NavItem(_("으뜸 도정상"), "awards:home", "awards.view_awards", group="awards"),

The menu shows the groups in ``GROUPS`` order, each with its visible items in ``MENU``
order (a depth-2 sub-menu, KRDS main-menu style, opened without JavaScript by
``<details>``). A group of one visible item is shown as a plain link to that item, a group
with none is left out, so that each role keeps a short menu that holds on one line at
1280 px (and on two short lines at 360 px). Visibility is worked out in Python from
``rules`` (``user.role_names`` is read once per request), never with a query per item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from departments.permissions import belongs_to_a_team, is_bureau_director, is_system_admin

Visibility = str | Callable[..., bool]


@rules.predicate
def can_use_admin(user) -> bool:
    """Django admin lets in active staff; show it to those who may manage something there.

    Asks the app-level ``rules`` permissions (``rules.add_perm("departments", …)``) of the
    apps registered in the admin, so an app that opens its admin to a role needs no change here.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    app_labels = {model._meta.app_label for model in admin.site._registry}
    return any(rules.has_perm(label, user) for label in app_labels)


@dataclass(frozen=True)
class NavGroup:
    key: str
    # Shown on the group's button when it holds two items or more.
    label: str | Promise


# The top level of the main menu, in order; the labels have their own "main menu" context
# in the catalogue (a group is plural, "Ideas", where a form's 아이디어 is "Idea"). Keep labels short (two to four syllables): the
# whole row must fit one line at 1280 px for the planning office, in Korean and English.
GROUPS: list[NavGroup] = [
    NavGroup("home", pgettext_lazy("main menu", "홈")),
    NavGroup("ideas", pgettext_lazy("main menu", "아이디어")),
    NavGroup("reviews", pgettext_lazy("main menu", "심사")),
    NavGroup("briefings", pgettext_lazy("main menu", "보고회")),
    NavGroup("rollout", pgettext_lazy("main menu", "추진")),
    # 포상·벤치마킹: awards (으뜸 도정상) and visits (벤치마킹 방문), one item each today,
    # so each shows as a plain link; a second item turns its group into a sub-menu.
    NavGroup("awards", pgettext_lazy("main menu", "포상")),
    NavGroup("visits", pgettext_lazy("main menu", "벤치마킹")),
    NavGroup("insight", pgettext_lazy("main menu", "현황판")),
    NavGroup("operations", pgettext_lazy("main menu", "운영")),
]
GROUP_KEYS = {group.key for group in GROUPS}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    # A rules permission name ("departments.import_orgchart") or a predicate taking the user.
    visible_to: Visibility = rules.is_authenticated
    # The key of its group in GROUPS; utility links have none.
    group: str = ""
    # Tools beside the work (the API documentation, Django's admin) sit in the header's
    # utility links, so that the main menu keeps to one line on a desktop screen.
    utility: bool = False

    def is_visible_to(self, user) -> bool:
        if isinstance(self.visible_to, str):
            # rules.has_perm, not user.has_perm: the ModelBackend would query the
            # database for every permission that the rules refuse.
            return rules.has_perm(self.visible_to, user)
        return bool(self.visible_to(user))

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU: list[NavItem] = [
    NavItem(_("홈"), "core:home", group="home"),
    NavItem(_("우리 팀 아이디어"), "ideas:team_ideas", belongs_to_a_team, group="ideas"),
    NavItem(_("아이디어 도서관"), "ideas:library", group="ideas"),
    NavItem(_("우리 실·국 현황"), "ideas:bureau_overview", is_bureau_director, group="ideas"),
    NavItem(_("심사"), "reviews:queue", "reviews.review", group="reviews"),
    NavItem(_("심사 관리"), "reviews:round_list", "reviews.manage_reviews", group="reviews"),
    NavItem(_("보고회 일정"), "briefings:schedule", "briefings.view_schedule", group="briefings"),
    NavItem(_("보고회 관리"), "briefings:manage", "briefings.manage_schedules", group="briefings"),
    NavItem(_("추진 현황"), "rollout:board", "rollout.view_board", group="rollout"),
    NavItem(_("혁신 로드맵"), "roadmap:home", "roadmap.view_roadmap", group="rollout"),
    NavItem(_("으뜸 도정상"), "awards:round_list", group="awards"),
    NavItem(_("벤치마킹 방문"), "visits:visit_list", group="visits"),
    NavItem(_("현황판"), "insight:home", "insight.use_dashboards", group="insight"),
    NavItem(_("시즌 관리"), "ideas:season_list", "ideas.manage_season", group="operations"),
    NavItem(_("엑셀 내보내기"), "exports:job_list", "exports.use_exports", group="operations"),
    NavItem(
        _("신고된 의견"), "participation:moderation", "participation.moderate", group="operations"
    ),
    NavItem(_("조직도"), "departments:org_chart", "departments.view_orgchart", group="operations"),
    NavItem(
        _("조직도 가져오기"),
        "departments:import",
        "departments.import_orgchart",
        group="operations",
    ),
    # Those who issue tokens and connect systems; other staff have no use for it in the menu.
    NavItem(_("API 문서"), "api-docs", is_system_admin, utility=True),
    NavItem(_("관리자 화면"), "admin:index", can_use_admin, utility=True),
    NavItem(_("비밀번호 변경"), "password_change", utility=True),
]


@dataclass(frozen=True)
class VisibleItem:
    label: str | Promise
    url: str
    current: str | None  # the value of aria-current: "page", "true" (a page below it) or None
    group: str = ""


@dataclass(frozen=True)
class VisibleGroup:
    key: str
    label: str | Promise
    items: list[VisibleItem]

    @property
    def single(self) -> VisibleItem | None:
        """The item to show as a plain link when the group holds only one."""
        return self.items[0] if len(self.items) == 1 else None

    @property
    def current(self) -> bool:
        """Whether the current page is one of the group's (or below one)."""
        return any(item.current for item in self.items)


def _current(item_url: str, path: str) -> str | None:
    if path == item_url:
        return "page"
    if item_url != "/" and path.startswith(item_url):
        return "true"
    return None


def visible_items(
    user, path: str, menu: list[NavItem] | None = None, *, utility: bool = False
) -> list[VisibleItem]:
    """The items ``user`` may see, the one that holds ``path`` marked as current: the main
    menu's, or with ``utility`` the header's utility links."""
    if not user.is_authenticated:
        return []
    items = []
    for item in MENU if menu is None else menu:
        if item.utility != utility or not item.is_visible_to(user):
            continue
        try:
            url = item.url
        except NoReverseMatch:
            # A page another app has not wired yet must not take the whole site down.
            continue
        items.append(VisibleItem(item.label, url, None, item.group))
    # Only the deepest match is current: /org/import/ marks 조직도 가져오기, not 조직도.
    best = max((i for i in items if _current(i.url, path)), key=lambda i: len(i.url), default=None)
    return [
        VisibleItem(i.label, i.url, _current(i.url, path), i.group) if i is best else i
        for i in items
    ]


def visible_groups(
    user, path: str, menu: list[NavItem] | None = None, groups: list[NavGroup] | None = None
) -> list[VisibleGroup]:
    """The main menu as ``user`` sees it: the groups that hold a visible item, in order,
    each with its items; the current page's item and group are marked."""
    items = visible_items(user, path, menu)
    return [
        VisibleGroup(group.key, group.label, in_group)
        for group in (GROUPS if groups is None else groups)
        if (in_group := [item for item in items if item.group == group.key])
    ]
