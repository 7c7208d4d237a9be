"""The dashboards' numbers, each panel one query, computed in the database.

A ``Scope`` says what a dashboard covers: a season of the whole government, of one bureau
or of one team. Every panel takes a scope and returns plain values that the page, the API
and the Excel download write out as they are; nothing here loops over rows to count.

Counting rules:

- an idea is *reviewed* once a reviewer has submitted an evaluation of it in any round
  of its season; it is *adopted* when its latest decision (the current decision of the
  last round that decided on it) is 채택 or 조건부 채택. Unpublished decisions count only
  for those who may see them (``published_only=False``).
- a team's standing (submitted / exempt / pending exemption / missing) follows
  ``ideas.selectors.team_quota``; teams are the active ones plus any closed team that
  submitted or filed in the season (found with EXISTS, never a join, so no DISTINCT).
- the disagreement flag is ``reviews.selectors.ranking``'s: the population standard
  deviation of an idea's submitted totals above the round's threshold.

Panels that need the rollout or recognition apps register themselves in ``insight.panels``
once those apps exist; the funnel takes extra stages from ``FUNNEL_STAGES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    StdDev,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise

from departments.models import Bureau, Team
from ideas.models import Exemption, Idea, QuotaStatus, Season
from reviews.models import Assignment, Decision, Evaluation, ReviewRound

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

QUOTA_ORDER = [
    QuotaStatus.SUBMITTED,
    QuotaStatus.EXEMPT,
    QuotaStatus.PENDING_EXEMPTION,
    QuotaStatus.MISSING,
]


@dataclass(frozen=True)
class Scope:
    """A season of the whole government, of a bureau or of a team."""

    season: Season
    bureau: Bureau | None = None
    team: Team | None = None

    @property
    def kind(self) -> str:
        if self.team is not None:
            return "team"
        return "bureau" if self.bureau is not None else "government"

    # What templates ask, instead of comparing ``kind`` with a string.
    @property
    def is_government(self) -> bool:
        return self.bureau is None and self.team is None

    @property
    def is_team(self) -> bool:
        return self.team is not None

    def ideas(self) -> QuerySet[Idea]:
        qs = Idea.objects.filter(season=self.season)
        if self.team is not None:
            return qs.filter(team=self.team)
        if self.bureau is not None:
            return qs.filter(bureau=self.bureau)
        return qs

    def idea_filter(self, prefix: str) -> Q:
        """The scope as a condition on a relation to ideas (``prefix`` = "idea")."""
        # The season too: the (season, bureau/team, status) indexes then narrow the ideas
        # to the season's (measured in benchmarks/bench_dashboard.py: 2× faster for a bureau).
        if self.team is not None:
            return Q(**{f"{prefix}__season": self.season, f"{prefix}__team": self.team})
        if self.bureau is not None:
            return Q(**{f"{prefix}__season": self.season, f"{prefix}__bureau": self.bureau})
        return Q()


# Funnel ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelStage:
    """A stage after adoption that another app adds (rollout: 추진 중, 완료).

    ``condition`` returns a Q over an idea queryset annotated with the app's own
    expressions (``annotate``), counted among the adopted ideas.
    """

    key: str
    label: str | Promise
    annotate: Callable[[], dict]
    condition: Callable[[], Q]


# Rollout appends its stages here from its AppConfig.ready() (see insight/panels.py).
FUNNEL_STAGES: list[FunnelStage] = []


def latest_outcome(*, published_only: bool) -> Subquery:
    """The outcome of an idea's latest decision (an annotation over ideas)."""
    decisions = Decision.objects.filter(idea=OuterRef("pk"), is_current=True)
    if published_only:
        decisions = decisions.filter(round__decisions_published_at__isnull=False)
    return Subquery(
        decisions.order_by("-round__order", "-decided_at").values("outcome")[:1],
        output_field=CharField(),
    )


def with_outcomes(qs: QuerySet[Idea], *, published_only: bool) -> QuerySet[Idea]:
    return qs.annotate(
        was_reviewed=Exists(
            Evaluation.objects.filter(idea=OuterRef("pk"), status=Evaluation.Status.SUBMITTED)
        ),
        outcome=latest_outcome(published_only=published_only),
    )


ADOPTED = Q(status=Idea.Status.SUBMITTED, outcome__in=Decision.ADOPTED)


@dataclass
class Funnel:
    drafts: int
    submitted: int
    reviewed: int
    adopted: int
    returned: int
    withdrawn: int
    extra: dict[str, int] = field(default_factory=dict)

    def stages(self) -> list[tuple[str, str | Promise, int]]:
        from django.utils.translation import gettext_lazy as _

        rows: list[tuple[str, str | Promise, int]] = [
            ("drafts", _("작성 중"), self.drafts),
            ("submitted", _("제출"), self.submitted),
            ("reviewed", _("심사 완료"), self.reviewed),
            ("adopted", _("채택"), self.adopted),
        ]
        rows += [(s.key, s.label, self.extra.get(s.key, 0)) for s in FUNNEL_STAGES]
        return rows


def funnel(*, scope: Scope, published_only: bool = True) -> Funnel:
    """Drafts → submitted → reviewed → adopted (→ the stages rollout adds). One query."""
    qs = with_outcomes(scope.ideas(), published_only=published_only)
    extra = {}
    for stage in FUNNEL_STAGES:
        qs = qs.annotate(**stage.annotate())
        extra[stage.key] = Count("pk", filter=ADOPTED & stage.condition())
    counts = qs.aggregate(
        drafts=Count("pk", filter=Q(status=Idea.Status.DRAFT)),
        submitted=Count("pk", filter=Q(status=Idea.Status.SUBMITTED)),
        reviewed=Count("pk", filter=Q(status=Idea.Status.SUBMITTED, was_reviewed=True)),
        adopted=Count("pk", filter=ADOPTED),
        returned=Count("pk", filter=Q(status=Idea.Status.RETURNED)),
        withdrawn=Count("pk", filter=Q(status=Idea.Status.WITHDRAWN)),
        **extra,
    )
    return Funnel(
        **{
            k: counts[k]
            for k in ("drafts", "submitted", "reviewed", "adopted", "returned", "withdrawn")
        },
        extra={k: counts[k] for k in extra},
    )


# Participation --------------------------------------------------------------------------


class TeamStanding(TypedDict):
    submitted_count: int
    representative_count: int
    exemption_status: str | None
    quota_status: str


def team_standing(*, scope: Scope) -> QuerySet[WithAnnotations[Team, TeamStanding]]:
    """The scope's teams with ``submitted_count``, ``exemption_status``, ``quota_status``
    and ``representative_count`` (the season's representative tasks of the team)."""
    season = scope.season
    in_season = Q(season=season, team=OuterRef("pk"))
    teams = Team.objects.filter(
        Q(is_active=True)
        | Exists(Idea.objects.filter(in_season))
        | Exists(Exemption.objects.filter(in_season))
    )
    if scope.team is not None:
        teams = teams.filter(pk=scope.team.pk)
    elif scope.bureau is not None:
        teams = teams.filter(division__bureau=scope.bureau)

    def count_of(condition: Q) -> Coalesce:
        return Coalesce(
            Subquery(
                Idea.objects.filter(in_season & condition)
                .order_by()
                .values("team")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return teams.annotate(
        submitted_count=count_of(Q(status=Idea.Status.SUBMITTED)),
        representative_count=count_of(Q(is_representative=True)),
        exemption_status=Subquery(
            Exemption.objects.filter(in_season)
            .exclude(status=Exemption.Status.REJECTED)
            .values("status")[:1],
            output_field=CharField(),
        ),
    ).annotate(
        quota_status=Case(
            When(submitted_count__gte=season.min_ideas_per_team, then=Value(QuotaStatus.SUBMITTED)),
            When(exemption_status=Exemption.Status.APPROVED, then=Value(QuotaStatus.EXEMPT)),
            When(
                exemption_status=Exemption.Status.PENDING,
                then=Value(QuotaStatus.PENDING_EXEMPTION),
            ),
            default=Value(QuotaStatus.MISSING),
            output_field=CharField(),
        )
    )


@dataclass
class ParticipationRow:
    """A bureau (whole-government dashboard) or a team (bureau and team dashboards)."""

    pk: int
    name: str
    group: str  # the division of a team; "" for a bureau
    teams: int
    submitted: int  # teams that met the quota
    exempt: int
    pending: int
    missing: int
    ideas: int  # submitted ideas
    representatives: int
    is_active: bool = True
    exemption: int | None = None  # a team row: the team's latest exemption of the season

    @property
    def exemption_counts(self) -> tuple[int, int, int]:
        """Exempt, pending, missing: the cells a team's exemption history is linked from
        (a team that submitted enough has no use for its exemption)."""
        return (self.exempt, self.pending, self.missing)

    @property
    def status(self) -> str:
        """A team row's quota status."""
        for key, n in (
            (QuotaStatus.SUBMITTED, self.submitted),
            (QuotaStatus.EXEMPT, self.exempt),
            (QuotaStatus.PENDING_EXEMPTION, self.pending),
        ):
            if n:
                return key
        return QuotaStatus.MISSING


def _status_counts(prefix: str = "pk") -> dict:
    return {
        "teams": Count(prefix),
        "n_submitted": Count(prefix, filter=Q(quota_status=QuotaStatus.SUBMITTED)),
        "n_exempt": Count(prefix, filter=Q(quota_status=QuotaStatus.EXEMPT)),
        "n_pending": Count(prefix, filter=Q(quota_status=QuotaStatus.PENDING_EXEMPTION)),
        "n_missing": Count(prefix, filter=Q(quota_status=QuotaStatus.MISSING)),
    }


def participation(*, scope: Scope) -> list[ParticipationRow]:
    """By bureau for the whole government, by team for a bureau or a team. One query.

    By bureau, the team standings are grouped by bureau with their submitted ideas and
    representative tasks summed, all in one GROUP BY over the annotated teams.
    """
    teams = team_standing(scope=scope)
    if scope.kind == "government":
        # Iterable[Mapping]: the counts come in through **_status_counts(), which the
        # values() row's inferred type does not see.
        bureau_rows: Iterable[Mapping[str, Any]] = (
            teams.order_by()
            .values(
                bureau_id=F("division__bureau"),
                bureau_name=F("division__bureau__name"),
                bureau_order=F("division__bureau__display_order"),
                bureau_active=F("division__bureau__is_active"),
            )
            .annotate(
                **_status_counts(),
                n_ideas=Coalesce(Sum("submitted_count"), 0),
                n_representatives=Coalesce(Sum("representative_count"), 0),
            )
            .order_by("bureau_order", "bureau_name", "bureau_id")
        )
        return [
            ParticipationRow(
                pk=r["bureau_id"],
                name=r["bureau_name"],
                group="",
                teams=r["teams"],
                submitted=r["n_submitted"],
                exempt=r["n_exempt"],
                pending=r["n_pending"],
                missing=r["n_missing"],
                ideas=r["n_ideas"],
                representatives=r["n_representatives"],
                is_active=r["bureau_active"],
            )
            for r in bureau_rows
        ]
    team_rows = (
        teams.select_related("division")
        .annotate(
            # The team's latest exemption of the season, whatever became of it: its history.
            exemption_id=Subquery(
                Exemption.objects.filter(season=scope.season, team=OuterRef("pk"))
                .order_by("-filed_at", "-pk")
                .values("pk")[:1]
            )
        )
        .order_by("division__display_order", "division__name", "display_order", "name")
    )
    return [
        ParticipationRow(
            pk=t.pk,
            name=t.name,
            group=t.division.name,
            teams=1,
            submitted=int(t.quota_status == QuotaStatus.SUBMITTED),
            exempt=int(t.quota_status == QuotaStatus.EXEMPT),
            pending=int(t.quota_status == QuotaStatus.PENDING_EXEMPTION),
            missing=int(t.quota_status == QuotaStatus.MISSING),
            ideas=t.submitted_count,
            representatives=t.representative_count,
            is_active=t.is_active,
            exemption=t.exemption_id,
        )
        for t in team_rows
    ]


@dataclass
class ParticipationTotals:
    teams: int
    submitted: int
    exempt: int
    pending: int
    missing: int
    ideas: int
    representatives: int


def totals(rows: list[ParticipationRow]) -> ParticipationTotals:
    """The sum of the panel's rows, for its table's last line (written out, not counted)."""
    return ParticipationTotals(
        *(
            sum(getattr(r, name) for r in rows)
            for name in (
                "teams",
                "submitted",
                "exempt",
                "pending",
                "missing",
                "ideas",
                "representatives",
            )
        )
    )


# Review progress ------------------------------------------------------------------------


@dataclass
class RoundProgress:
    pk: int
    name: str
    order: int
    ideas: int  # ideas with an assignment
    assigned: int  # assignments (evaluations expected)
    submitted: int  # evaluations submitted
    disagreements: int | None  # None: the viewer may not see scores of this round

    @property
    def missing(self) -> int:
        return self.assigned - self.submitted

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


def review_progress(
    *, scope: Scope, scores_visible: Callable[[ReviewRound], bool]
) -> list[RoundProgress]:
    """Each open round of the season: ideas, evaluations expected, submitted and missing,
    and the ideas flagged for disagreement (shown only where the viewer may see the round's
    scores). One query: the rounds with their four counts as correlated subqueries."""
    in_scope = scope.idea_filter("idea")

    def count_of(model, condition: Q, what: str = "pk") -> Coalesce:
        return Coalesce(
            Subquery(
                model.objects.filter(Q(round=OuterRef("pk")) & in_scope & condition)
                .order_by()
                .values("round")
                .annotate(n=Count(what, distinct=what != "pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    # An idea of the scope assigned in the round whose submitted totals spread wider than
    # the round's threshold; counted with a plain COUNT (no GROUP BY, one row per round).
    spread = (
        Evaluation.objects.filter(
            round=OuterRef(OuterRef("pk")), idea=OuterRef("pk"), status=Evaluation.Status.SUBMITTED
        )
        .order_by()
        .values("idea")
        .annotate(s=StdDev("total"))
        .values("s")
    )
    flagged = (
        scope.ideas()
        .filter(
            Exists(Assignment.objects.filter(round=OuterRef(OuterRef("pk")), idea=OuterRef("pk")))
        )
        .annotate(spread=Subquery(spread))
        .filter(spread__gt=OuterRef("disagreement_threshold"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    rounds = list(
        ReviewRound.objects.filter(season=scope.season, status=ReviewRound.Status.OPEN)
        .annotate(
            n_ideas=count_of(Assignment, Q(), "idea"),
            n_assigned=count_of(Assignment, Q()),
            n_submitted=count_of(Evaluation, Q(status=Evaluation.Status.SUBMITTED)),
            n_flagged=Coalesce(Subquery(flagged, output_field=IntegerField()), 0),
        )
        .order_by("order")
    )
    return [
        RoundProgress(
            pk=r.pk,
            name=r.name,
            order=r.order,
            ideas=r.n_ideas,
            assigned=r.n_assigned,
            submitted=r.n_submitted,
            disagreements=r.n_flagged if scores_visible(r) else None,
        )
        for r in rounds
    ]


def seasons_for_dashboards(*, include_drafts: bool) -> QuerySet[Season]:
    qs = Season.objects.all()
    if not include_drafts:
        qs = qs.exclude(status=Season.Status.DRAFT)
    return qs.order_by("-submission_opens_at")


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


# Season over season ------------------------------------------------------------------------


@dataclass
class SeasonTrend:
    season_id: int
    name: str
    submitted: int
    adopted: int
    immediate: int
    budget: int
    ordinance: int
    unspecified: int
    # Filled by the rollout app's provider (COMPLETION_PROVIDERS) once it exists.
    median_days_to_done: float | None = None
    done_within_6_months: Decimal | None = None
    done_within_12_months: Decimal | None = None

    @property
    def adoption_rate(self) -> Decimal | None:
        return rate(self.adopted, self.submitted)

    def path_share(self, path: str) -> Decimal | None:
        return rate(getattr(self, path), self.submitted)

    @property
    def immediate_share(self) -> Decimal | None:
        return self.path_share("immediate")

    @property
    def budget_share(self) -> Decimal | None:
        return self.path_share("budget")

    @property
    def ordinance_share(self) -> Decimal | None:
        return self.path_share("ordinance")


# Rollout registers a callable (trends: list[SeasonTrend], bureau) -> None that fills the
# median days from adoption to done and the completion rates 6 and 12 months after
# adoption, in one query over its own tables (see insight/panels.py).
COMPLETION_PROVIDERS: list[Callable] = []


def _trend_counts(published_only: bool) -> dict:
    adopted = Q(outcome__in=Decision.ADOPTED)
    return {
        "n_submitted": Count("pk"),
        "n_adopted": Count("pk", filter=adopted),
        "n_immediate": Count("pk", filter=Q(implementation_path=Idea.Path.IMMEDIATE)),
        "n_budget": Count("pk", filter=Q(implementation_path=Idea.Path.BUDGET)),
        "n_ordinance": Count("pk", filter=Q(implementation_path=Idea.Path.ORDINANCE)),
        "n_unspecified": Count("pk", filter=Q(implementation_path="")),
    }


def season_trends(
    *, bureau: Bureau | None = None, published_only: bool = True, include_drafts: bool = False
) -> list[SeasonTrend]:
    """Per season, oldest first: submitted ideas, adopted ones (latest decision) and the
    ideas per implementation path. One query."""
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if bureau is not None:
        ideas = ideas.filter(bureau=bureau)
    if not include_drafts:
        ideas = ideas.exclude(season__status=Season.Status.DRAFT)
    # Iterable[Mapping]: the counts come in through **_trend_counts(), unseen by the type.
    rows: Iterable[Mapping[str, Any]] = (
        ideas.annotate(outcome=latest_outcome(published_only=published_only))
        .order_by()
        .values("season", "season__name", "season__submission_opens_at")
        .annotate(**_trend_counts(published_only))
        .order_by("season__submission_opens_at", "season")
    )
    trends = [
        SeasonTrend(
            season_id=r["season"],
            name=r["season__name"],
            submitted=r["n_submitted"],
            adopted=r["n_adopted"],
            immediate=r["n_immediate"],
            budget=r["n_budget"],
            ordinance=r["n_ordinance"],
            unspecified=r["n_unspecified"],
        )
        for r in rows
    ]
    for provider in COMPLETION_PROVIDERS:
        provider(trends, bureau)
    return trends


@dataclass
class BureauTrend:
    bureau_id: int
    name: str
    by_season: dict[int, tuple[int, int]]  # season id -> (submitted, adopted)

    def rate_in(self, season_id: int) -> Decimal | None:
        submitted, adopted = self.by_season.get(season_id, (0, 0))
        return rate(adopted, submitted)


def bureau_trends(
    *, published_only: bool = True, include_drafts: bool = False
) -> list[BureauTrend]:
    """Per bureau and season: submitted and adopted ideas. One query (grouped by both)."""
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    if not include_drafts:
        ideas = ideas.exclude(season__status=Season.Status.DRAFT)
    rows = (
        ideas.annotate(outcome=latest_outcome(published_only=published_only))
        .order_by()
        .values("bureau", "bureau__name", "bureau__display_order", "season")
        .annotate(
            n_submitted=Count("pk"), n_adopted=Count("pk", filter=Q(outcome__in=Decision.ADOPTED))
        )
        .order_by("bureau__display_order", "bureau__name", "bureau")
    )
    result: dict[int, BureauTrend] = {}
    for r in rows:  # writing the grouped rows out by bureau
        trend = result.setdefault(r["bureau"], BureauTrend(r["bureau"], r["bureau__name"], {}))
        trend.by_season[r["season"]] = (r["n_submitted"], r["n_adopted"])
    return list(result.values())
