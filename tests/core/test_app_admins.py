"""Every app whose records belong in the admin has its admin.py: awards, visits, the
briefing books and the dismissed duplicate pairs are read there by the planning office and
system admins, and changed by nobody (their services keep the rules)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from awards.models import Nomination
from similarity.models import DismissedPair, StockPhrase
from tests.awards import factories as awf
from tests.ideas.factories import SeasonFactory
from tests.reviews.factories import submitted_idea
from tests.roles import MANAGERS, ROLES
from tests.visits import factories as vf

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def records(planner, leader):
    award_round = awf.open_round(planner)
    Nomination.objects.create(
        round=award_round,
        bureau=leader.team.division.bureau,
        division=leader.team.division,
        unit_name=leader.team.division.name,
        citation="업무 절감",
        nominated_by=planner,
    )
    awf.grade()
    vf.plan(leader)
    season = SeasonFactory()
    first, second = sorted([submitted_idea(season), submitted_idea(season)], key=lambda i: i.pk)
    DismissedPair.objects.create(first=first, second=second, dismissed_by=planner)
    StockPhrase.objects.create(terms="도민 체감 도정 혁신", ideas=188)
    return award_round


CHANGELISTS = [
    "awards_awardgrade",
    "awards_awardround",
    "awards_nomination",
    "awards_pointentry",
    "awards_outcomemeasurement",
    "visits_visitprogramme",
    "visits_visit",
    "visits_derivedidea",
    "insight_briefingbook",
    "similarity_dismissedpair",
    "similarity_stockphrase",
]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_planning_office_and_system_admins_read_these_admins(client, roles, records, role):
    client.force_login(staff(roles[role]))
    expected = 200 if role in MANAGERS else 403
    for name in CHANGELISTS:
        url = reverse(f"admin:{name}_changelist")
        assert client.get(url).status_code == expected, url
    url = reverse("admin:awards_awardround_change", args=[records.pk])
    assert client.get(url).status_code == expected


def test_nobody_adds_these_records_in_the_admin(client, sysadmin):
    client.force_login(staff(sysadmin))
    for name in CHANGELISTS:
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name


def test_every_app_with_records_has_an_admin():
    """The shape STYLE.md lists: an app's models are in the admin (an index kept by
    services, like the ideas' stored terms, is not a record to look at)."""
    derived = {"similarity.ideaterms"}
    local = [a for a in apps.get_app_configs() if a.path.startswith(str(settings.BASE_DIR))]
    local = [a for a in local if ".venv" not in a.path]
    missing = [
        app.label
        for app in local
        if any(
            m._meta.label_lower not in derived and m._meta.app_label == app.label
            for m in app.get_models()
        )
        and not any(m._meta.app_label == app.label for m in admin.site._registry)
    ]
    assert len(local) > 10
    assert missing == []


def test_the_planning_office_reads_which_stock_phrases_comparisons_read_past(
    client, planner, records
):
    client.force_login(staff(planner))
    page = client.get(reverse("admin:similarity_stockphrase_changelist")).content.decode()
    assert "도민 체감 도정 혁신" in page
    assert "188" in page
