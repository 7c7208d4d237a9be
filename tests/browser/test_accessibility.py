"""Accessibility (KWCAG 2.2, based on WCAG 2.1 AA): axe-core on every page, for every role
(a page that reads the same for everyone, once).

One demo data set, one browser context per role (signed in once), one visit per page: the
run stays within a couple of minutes. A page is listed by its URL name; a page about one
object takes the first object of the demo that the role may open. axe.min.js is vendored
under tests/browser/vendor/axe-core/ and injected into the page by the test; the
application never serves it.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the rules KWCAG 2.2 follows; best practices are advice, not the standard.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

RUN_AXE = """async tags => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
    }));
}"""


def _first(queryset) -> list:
    obj = queryset.order_by("pk").first()
    assert obj is not None, f"the demo has no {queryset.model.__name__}"
    return [obj.pk]


# URL name -> a function (user -> args), for pages about one object.
def _team_idea(user):
    from ideas.models import Idea

    return _first(Idea.objects.filter(team=user.team))


def _submitted_idea(user):
    from ideas.models import Idea

    return _first(Idea.objects.exclude(reference_number=None))


def _open_season(user):
    from ideas.models import Season

    return _first(Season.objects.all())


def _session(user):
    from briefings.models import BriefingSession

    return _first(BriefingSession.objects.all())


def _plan(user):
    from rollout.models import RolloutPlan

    return _first(RolloutPlan.objects.all())


def _version(user):
    from roadmap.models import RoadmapVersion

    return _first(RoadmapVersion.objects.all())


def _task(user):
    from roadmap.models import Task

    return _first(Task.objects.all())


def _award_round(user):
    from awards.models import AwardRound

    return _first(AwardRound.objects.all())


def _visit(user):
    from visits.models import Visit

    return _first(Visit.objects.all())


def _review_round(user):
    from reviews.models import ReviewRound

    return _first(ReviewRound.objects.filter(status=ReviewRound.Status.OPEN))


def _assignment(user):
    from reviews.models import Assignment

    return _first(Assignment.objects.filter(reviewer=user))


def _own_bureau(user):
    return [user.bureau_id]


def _own_team(user):
    return [user.team_id]


Pages = list[tuple[str, Callable | None]]

EVERYONE: Pages = [
    ("core:home", None),
    ("notifications:inbox", None),
    ("ideas:library", None),
    ("briefings:schedule", None),
    ("rollout:board", None),
    ("roadmap:home", None),
    ("awards:round_list", None),
    ("visits:visit_list", None),
    ("insight:home", None),
]
# Pages that read the same whoever opens them: visited by one role, to keep the run short.
ONCE: Pages = [
    ("departments:org_chart", None),
    ("password_change", None),
    ("roadmap:version", _version),
    ("roadmap:task", _task),
    ("awards:round_detail", _award_round),
    ("awards:my_points", None),
]
TEAM: Pages = [
    ("ideas:team_ideas", None),
    ("ideas:idea_create", None),
    ("ideas:idea_detail", _team_idea),
    ("ideas:idea_edit", _team_idea),
    ("ideas:exemption_create", None),
    ("visits:visit_plan", None),
    ("insight:team", _own_team),
]
LEADERS: Pages = [("visits:visit_detail", _visit)]
DIRECTOR: Pages = [
    ("ideas:bureau_overview", None),
    ("insight:bureau", _own_bureau),
    ("rollout:plan_detail", _plan),
    ("visits:visit_detail", _visit),
]
REVIEWER: Pages = [
    ("reviews:queue", None),
    ("reviews:evaluate", _assignment),
    ("ideas:idea_detail", _submitted_idea),
    ("briefings:session_detail", _session),
    ("rollout:plan_detail", _plan),
    ("insight:government", None),
]
MANAGER: Pages = [
    ("ideas:season_list", None),
    ("ideas:season_create", None),
    ("ideas:season_overview", _open_season),
    ("ideas:season_edit", _open_season),
    ("ideas:idea_detail", _submitted_idea),
    ("reviews:round_list", None),
    ("reviews:assignments", _review_round),
    ("reviews:ranking", _review_round),
    ("briefings:manage", None),
    ("briefings:plan", _open_season),
    ("briefings:session_detail", _session),
    ("departments:import", None),
    ("exports:job_list", None),
    ("rollout:plan_detail", _plan),
    ("insight:government", None),
    ("insight:trends", None),
    ("awards:outcomes", None),
    ("visits:year_report", None),
    ("visits:visit_detail", _visit),
    ("participation:moderation", None),
]
ROLES: dict[str, Pages] = {
    "member": EVERYONE + TEAM,
    "leader": EVERYONE + ONCE + TEAM + LEADERS,
    "divhead": EVERYONE + LEADERS,
    "director": EVERYONE + DIRECTOR,
    "reviewer": EVERYONE + REVIEWER,  # the governor's office
    "planner": EVERYONE + MANAGER,
    # The system administrator sees the planning office's pages (checked above) and the admin.
    "admin": EVERYONE + [("ideas:season_list", None), ("departments:import", None)],
}
SIGNED_OUT: Pages = [("login", None)]


def _axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    return [v for v in violations if v["impact"] in BLOCKING]


def _walk(context, base_url: str, user, pages: Pages, found: dict[str, list[dict]]) -> None:
    page = context.new_page()
    if user is not None:
        sign_in(page, base_url, user.username)
    for name, args in pages:
        url = reverse(name, args=args(user) if args else None)
        response = page.goto(base_url + url)
        assert response is not None, url
        assert response.status < 500, (user, url)
        violations = _axe(page)
        if violations:
            found[f"{user.username if user else '-'} {url}"] = violations
    page.close()


# The value shown in a select box, against the box's background (WCAG 1.4.3 asks 4.5:1).
SELECT_CONTRAST = """select => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => (v /= 255) <= 0.03928 ? v / 12.92
        : ((v + 0.055) / 1.055) ** 2.4).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const style = getComputedStyle(select);
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _phone_checks(context, base_url: str, found: dict[str, list[dict]]) -> None:
    """On a 360 px phone the page's content starts near the top (the header folds behind a
    menu button that opens it), and a select box's value reads at 4.5:1 at least."""
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base_url + reverse("ideas:idea_create"))
    problems = []
    top = page.evaluate("document.querySelector('#container').getBoundingClientRect().top")
    if top > 120:
        problems.append(f"the content starts {top} px down on a 360 px phone")
    button = page.get_by_role("button", name="메뉴")
    button.click()
    if not page.get_by_role("navigation", name="주 메뉴").is_visible():
        problems.append("the menu button does not open the main menu")
    if button.get_attribute("aria-expanded") != "true":
        problems.append("the menu button does not say it is expanded")
    ratio = page.locator("select").first.evaluate(SELECT_CONTRAST)
    if ratio < 4.5:
        problems.append(f"a select box's value has a contrast of {ratio:.2f}:1")
    if problems:
        found["leader 360 px"] = [
            {"impact": "serious", "id": "phone", "help": p, "nodes": []} for p in problems
        ]
    page.close()


def test_no_page_has_a_serious_or_critical_accessibility_violation_for_any_role(
    browser, browser_context_args, live_server, demo
):
    from departments.models import User

    found: dict[str, list[dict]] = {}
    for username, pages in [(None, SIGNED_OUT), *ROLES.items()]:
        # axe is injected as an inline script, which the pages' CSP rightly refuses.
        context = browser.new_context(**browser_context_args, bypass_csp=True)
        user = User.objects.get(username=username) if username else None
        _walk(context, live_server.url, user, pages, found)
        if username == "leader":
            _phone_checks(context, live_server.url, found)
        context.close()
    report = "\n".join(
        f"{where}: [{v['impact']}] {v['id']} {v['help']}\n    " + "\n    ".join(v["nodes"])
        for where, violations in found.items()
        for v in violations
    )
    assert not found, report
