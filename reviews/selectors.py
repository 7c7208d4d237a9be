"""Named reads of review and selection, shared by the review pages, the API and exports.

Each read is a fixed number of queries whatever the number of ideas. The whole ranking (API,
top N, exports) is one statement over the round; the ranking page reads a page of the
round's stored ranking (``reviews.standings``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from core.queries import count_of
from departments.models import Bureau, User
from ideas.models import Idea, Season
from reviews import permissions, standings
from reviews.models import (
    Assignment,
    Decision,
    Directive,
    Evaluation,
    RankingStamp,
    ReviewRound,
    Standing,
)

NOT_STARTED = "not_started"  # a queue item without an evaluation yet
RANKING_ORDERS = ("raw", "normalised")
ROUND_COUNTS_KEPT = 24 * 60 * 60  # seconds; a key is never stale, only unused


# Rounds ----------------------------------------------------------------------------


def rounds_of_season(*, season: Season) -> list[ReviewRound]:
    """A season's rounds in order, with their assignment and evaluation counts
    (``with_counts``)."""
    return with_counts(
        ReviewRound.objects.filter(season=season).select_related("season").order_by("order")
    )


def round_counts() -> dict:
    """``assignment_count`` and ``submitted_count`` (submitted evaluations) of a round, one
    subquery each (see ``core.queries.count_of``: never both relations in one join)."""
    return {
        "assignment_count": count_of(Assignment.objects.all(), field="round"),
        "submitted_count": count_of(
            Evaluation.objects.filter(status=Evaluation.Status.SUBMITTED), field="round"
        ),
    }


def with_counts(rounds) -> list[ReviewRound]:
    """``rounds`` (a queryset or list of rounds) with ``assignment_count`` and
    ``submitted_count`` set, as ``round_counts`` counts them.

    Counting reads every assignment and submitted evaluation of a round: at 200,000 ideas a
    round holds 200,000 assignments, 50–80 ms on each view of the planning office's home
    page and the round list. The counts change only when an assignment is made or removed
    or an evaluation submitted, and each of those counts a change on the round's ranking
    stamp (``reviews.standings.mark_changed``, in the same transaction). So they are
    cached under the stamp's count: a view after no change reads them from the cache, the
    first view after a change counts again (one query for every round that changed)."""
    if isinstance(rounds, QuerySet):
        rounds = rounds.select_related("ranking_stamp")  # the stamps come with the rounds
    rounds = list(rounds)
    keys = {r.pk: _counts_key(r) for r in rounds}
    counts = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in counts]
    if missing:
        both = round_counts()
        counted = (
            ReviewRound.objects.filter(pk__in=missing)
            .annotate(
                assignment_count=both["assignment_count"],
                submitted_count=both["submitted_count"],
            )
            .values_list("pk", "assignment_count", "submitted_count")
        )
        fresh = {keys[pk]: (assigned, submitted) for pk, assigned, submitted in counted}
        cache.set_many(fresh, timeout=ROUND_COUNTS_KEPT)
        counts |= fresh
    for r in rounds:
        r.assignment_count, r.submitted_count = counts[keys[r.pk]]
    return rounds


def _counts_key(review_round: ReviewRound) -> str:
    stamp = standings.stamp_of(review_round)
    # The creation time tells apart rounds that reuse a deleted round's id (SQLite).
    created = review_round.created_at.timestamp()
    return f"reviews:round-counts:{review_round.pk}:{created}:{stamp.changes if stamp else 0}"


def rounds_with_visible_scores(*, user: User) -> QuerySet[ReviewRound]:
    """Rounds whose ranking ``user`` may read, newest season first: every started round
    for the planning office, closed rounds for reviewers (``can_view_scores_of_round``
    as a query, for the ranking page's round picker)."""
    qs = ReviewRound.objects.exclude(status=ReviewRound.Status.DRAFT)
    if not permissions.manages_reviews(user):
        if not permissions.can_review(user):
            return qs.none()
        qs = qs.filter(status=ReviewRound.Status.CLOSED)
    return qs.select_related("season").order_by("-season__submission_opens_at", "order")


# The reviewer's queue --------------------------------------------------------------


def reviewer_queue(*, reviewer: User, review_round: ReviewRound | None = None):
    """The reviewer's assignments (all rounds now open, or the given round), each with
    its idea, round and evaluation and an ``evaluation_status`` of ``not_started``,
    ``draft`` or ``submitted``; what is left to do first, then by reference number."""
    qs = Assignment.objects.filter(reviewer=reviewer)
    if review_round is None:
        qs = qs.filter(round__status=ReviewRound.Status.OPEN)
    else:
        qs = qs.filter(round=review_round)
    return (
        qs.select_related("idea__season", "round__season", "evaluation")
        .annotate(
            evaluation_status=Coalesce(
                F("evaluation__status"), Value(NOT_STARTED), output_field=CharField()
            ),
            is_done=Case(
                When(evaluation__status=Evaluation.Status.SUBMITTED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("is_done", "round__season_id", "round__order", "idea__reference_number", "pk")
    )


def next_to_score(*, reviewer: User, review_round: ReviewRound) -> Assignment | None:
    """The reviewer's first assignment of the round not yet submitted, by reference number
    (the order the review screen moves in), or None when all are done."""
    return (
        reviewer_queue(reviewer=reviewer, review_round=review_round)
        .filter(is_done=0)
        .order_by("idea__reference_number", "pk")
        .first()
    )


@dataclass(frozen=True)
class QueuePosition:
    """Where an assignment stands in its reviewer's queue of a round, in the order the
    review screen moves in (by reference number), and its neighbours."""

    position: int
    total: int
    previous: Assignment | None
    next: Assignment | None


def _by_reference(qs):
    return qs.annotate(ref=Coalesce(F("idea__reference_number"), Value(""))).select_related("idea")


def _after(assignment: Assignment, ref: str) -> Q:
    return Q(ref__gt=ref) | Q(ref=ref, pk__gt=assignment.pk)


def _before(assignment: Assignment, ref: str) -> Q:
    return Q(ref__lt=ref) | Q(ref=ref, pk__lt=assignment.pk)


def queue_position(*, assignment: Assignment) -> QueuePosition:
    """The assignment's place among its reviewer's assignments of the round, in three
    small queries whatever the size of the queue (the count and the place in one
    aggregate, then each neighbour through the ORDER BY … LIMIT 1 of an index)."""
    ref = assignment.idea.reference_number or ""
    mine = _by_reference(
        Assignment.objects.filter(reviewer_id=assignment.reviewer_id, round_id=assignment.round_id)
    )
    counts = mine.aggregate(total=Count("pk"), before=Count("pk", filter=_before(assignment, ref)))
    return QueuePosition(
        position=counts["before"] + 1,
        total=counts["total"],
        previous=mine.filter(_before(assignment, ref)).order_by("-ref", "-pk").first(),
        next=mine.filter(_after(assignment, ref)).order_by("ref", "pk").first(),
    )


def next_to_score_after(*, assignment: Assignment) -> Assignment | None:
    """The reviewer's next assignment of the round not yet submitted, looking past
    ``assignment`` first in reference-number order and then from the start (never
    ``assignment`` itself); None when all the others are done."""
    ref = assignment.idea.reference_number or ""
    left = _by_reference(
        Assignment.objects.filter(
            reviewer_id=assignment.reviewer_id, round_id=assignment.round_id
        ).exclude(pk=assignment.pk)
    ).exclude(evaluation__status=Evaluation.Status.SUBMITTED)
    return (
        left.filter(_after(assignment, ref)).order_by("ref", "pk").first()
        or left.order_by("ref", "pk").first()
    )


def queue_progress(*, reviewer: User, review_round: ReviewRound) -> tuple[int, int]:
    """(submitted, assigned) for the reviewer in the round, in one query."""
    counts = Assignment.objects.filter(reviewer=reviewer, round=review_round).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(evaluation__status=Evaluation.Status.SUBMITTED)),
    )
    return counts["done"], counts["total"]


# Ranking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """One idea's line in a round's ranking."""

    idea_id: int
    reference_number: str
    title: str
    bureau_id: int
    bureau_name: str
    team_id: int
    team_name: str
    implementation_path: str
    mean_total: Decimal | None  # mean weighted total (0–100) of submitted evaluations
    normalised: Decimal | None  # mean per-reviewer z-score of those evaluations
    submitted_count: int
    missing_count: int  # assigned − submitted
    spread: Decimal | None  # population standard deviation of the reviewers' totals
    disagreement: bool  # spread above the round's disagreement threshold
    rank: int  # RANK() in the order asked for; ideas without a submission come last

    @property
    def assigned_count(self) -> int:
        return self.submitted_count + self.missing_count

    @property
    def implementation_path_label(self) -> str:
        return str(Idea.Path(self.implementation_path).label) if self.implementation_path else ""


# One statement, not the ORM: the normalised score needs each evaluation's z-score within
# its reviewer's evaluations (a per-reviewer aggregate joined back to the evaluations) and
# then the mean of those z-scores per idea. The ORM can neither aggregate over a window
# expression ("aggregate function calls cannot contain window function calls") nor join a
# grouped subquery, and a correlated Subquery per evaluation re-reads every reviewer's
# evaluations once per row. Plain SQL-92 aggregates, CTEs and RANK(): it runs on
# PostgreSQL and SQLite alike (Django registers STDDEV_POP for SQLite, as an aggregate only,
# which is why the reviewer statistics are a GROUP BY rather than a window).
#
# Ranks follow the values as shown (two decimals for the mean, four for the normalised
# score): ideas that look equal are ranked equal, whatever digits the database's
# arithmetic leaves beyond those (PostgreSQL's numeric and SQLite's float differ there).
# The rank is taken over the whole round before the filters apply, so a bureau's ideas show
# their place among all the round's ideas; the top-N selection reads the same ranking.
RANKING_SQL = """
{ctes},
ranked AS (
    SELECT i.id, i.reference_number, i.title, i.bureau_id, i.bureau_name, i.team_id,
           i.team_name, i.implementation_path, i.season_id,
           ROUND(p.mean_total, 2) AS mean_total,
           ROUND(p.normalised, 4) AS normalised,
           COALESCE(p.submitted_count, 0) AS submitted_count,
           a.assigned_count - COALESCE(p.submitted_count, 0) AS missing_count,
           ROUND(p.spread, 2) AS spread,
           CASE WHEN p.spread > %s THEN 1 ELSE 0 END AS disagreement,
           RANK() OVER (ORDER BY p.{key} IS NULL, ROUND(p.{key}, {places}) DESC) AS rank
    FROM assigned a
    JOIN {idea} i ON i.id = a.idea_id
    LEFT JOIN per_idea p ON p.idea_id = a.idea_id
)
SELECT r.id, r.reference_number, r.title, r.bureau_id, r.bureau_name, r.team_id,
       r.team_name, r.implementation_path, r.mean_total, r.normalised, r.submitted_count,
       r.missing_count, r.spread, r.disagreement, r.rank
FROM ranked r
{join_season}
WHERE 1 = 1 {filters}
{order_by}
"""


def _decimal(value) -> Decimal | None:
    # PostgreSQL returns numeric (Decimal), SQLite a float: the same Decimal either way.
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def ranking(
    *,
    review_round: ReviewRound,
    order: str = "raw",
    bureau: Bureau | int | None = None,
    kind: str | None = None,
    path: str | None = None,
) -> list[RankingRow]:
    """The round's ideas (every idea with an assignment), ranked by the mean weighted total
    (``order="raw"``) or by the mean of each reviewer's z-scores (``"normalised"``, which
    evens out harsh and lenient reviewers), with submitted/missing counts, the spread of
    the reviewers' totals and the disagreement flag. One query.

    ``bureau`` narrows to the ideas of a bureau, ``kind`` to a season kind
    (``Season.Kind``), ``path`` to an implementation path (``Idea.Path``); the rank stays
    the rank in the whole round.
    """
    sql, params = ranking_statement(
        review_round=review_round, order=order, bureau=bureau, kind=kind, path=path
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_ranking_row(r) for r in rows]


def _ranking_row(r) -> RankingRow:
    return RankingRow(
        idea_id=r[0],
        reference_number=r[1],
        title=r[2],
        bureau_id=r[3],
        bureau_name=r[4],
        team_id=r[5],
        team_name=r[6],
        implementation_path=r[7],
        mean_total=_decimal(r[8]),
        normalised=_decimal(r[9]),
        submitted_count=r[10],
        missing_count=r[11],
        spread=_decimal(r[12]),
        disagreement=bool(r[13]),
        rank=r[14],
    )


@dataclass(frozen=True)
class RankingPage:
    """One page of a round's ranking with the totals of the whole (filtered) ranking."""

    page: Page  # of RankingRow
    count: int
    disagreements: int
    missing: int
    # A large round being rebuilt by a worker: the time of the build shown and the
    # changes since (reviews.standings); None and 0 when the ranking is current.
    built_at: datetime | None = None
    changes_pending: int = 0


# A page of the stored ranking (``reviews.standings``), the standings joined to their ideas
# for the ideas' own facts; the columns of ``_ranking_row``. Unfiltered, a range of places.
STANDINGS_PAGE_SQL = """
SELECT i.id, i.reference_number, i.title, i.bureau_id, i.bureau_name, i.team_id,
       i.team_name, i.implementation_path, s.mean_total, s.normalised, s.submitted_count,
       s.missing_count, s.spread, s.disagreement, s.{order}_rank
FROM {standing} s
JOIN {idea} i ON i.id = s.idea_id
WHERE s.round_id = %s AND s.build = {build} AND s.{order}_place > %s AND s.{order}_place <= %s
ORDER BY s.{order}_place
"""
# Filtered, the standings alone pick the page and count the totals (window aggregates over
# the filter's rows), then only the page's rows read their ideas.
FILTERED_PAGE_SQL = """
WITH page AS (
    SELECT s.*, COUNT(*) OVER () AS n,
           SUM(CASE WHEN s.disagreement THEN 1 ELSE 0 END) OVER () AS disagreements,
           SUM(s.missing_count) OVER () AS missing
    FROM {standing} s {join_season}
    WHERE s.round_id = %s AND s.build = {build} {where}
    ORDER BY s.{order}_place
    LIMIT %s OFFSET %s
)
SELECT i.id, i.reference_number, i.title, i.bureau_id, i.bureau_name, i.team_id,
       i.team_name, i.implementation_path, s.mean_total, s.normalised, s.submitted_count,
       s.missing_count, s.spread, s.disagreement, s.{order}_rank, s.n, s.disagreements,
       s.missing
FROM page s
JOIN {idea} i ON i.id = s.idea_id
ORDER BY s.{order}_place
"""
BUILT = "(SELECT t.built_changes FROM {stamp} t WHERE t.round_id = %s)"
FILTERED_COUNT_SQL = "SELECT COUNT(*) FROM {standing} s {join_season} WHERE s.round_id = %s AND s.build = {build} {where}"


def ranking_page(
    *,
    review_round: ReviewRound,
    page_number=1,
    per_page: int = 50,
    order: str = "raw",
    bureau: Bureau | int | None = None,
    kind: str | None = None,
    path: str | None = None,
) -> RankingPage:
    """A page of ``ranking()`` with the totals of the whole (filtered) ranking, read from
    the round's stored standings (rebuilt first when a change has made them stale, see
    ``reviews.standings``). Unfiltered, a page is a range of places on an index and the
    totals are the stamp's: one query (the stamp comes with the round when the caller
    selects ``ranking_stamp``, else one more). Filtered, the ideas of the filter in place
    order with the totals as window aggregates, ``LIMIT``/``OFFSET``: one query (two for a
    page past the end, which shows the last page). The rank stays the rank in the whole
    round whatever the filter."""
    if order not in RANKING_ORDERS:
        raise ValueError(f"order must be one of {RANKING_ORDERS}")
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    stamp = standings.current_stamp(review_round)
    # The build of the rows the statement itself sees (a rebuild may commit in between).
    built = [review_round.pk, review_round.pk]
    filters, params, join_season = _ranking_filters(bureau=bureau, kind=kind, path=path)
    names = {
        "order": order,
        "standing": Standing._meta.db_table,
        "idea": Idea._meta.db_table,
        "join_season": join_season,
        "where": " ".join(filters),
        "build": BUILT.format(stamp=RankingStamp._meta.db_table),
    }
    with connection.cursor() as cursor:
        if not filters:
            count = stamp.idea_count
            number = min(number, max(1, -(-count // per_page)))
            first = (number - 1) * per_page
            sql = STANDINGS_PAGE_SQL.format(**names)
            cursor.execute(sql, [*built, first, first + per_page])
            rows = cursor.fetchall()
            totals = (count, stamp.disagreement_count, stamp.missing_count)
        else:
            sql = FILTERED_PAGE_SQL.format(**names)
            cursor.execute(sql, [*built, *params, per_page, (number - 1) * per_page])
            rows = cursor.fetchall()
            if not rows and number > 1:
                cursor.execute(FILTERED_COUNT_SQL.format(**names), [*built, *params])
                number = max(1, -(-cursor.fetchone()[0] // per_page))
                cursor.execute(sql, [*built, *params, per_page, (number - 1) * per_page])
                rows = cursor.fetchall()
            totals = (rows[0][15], rows[0][16], rows[0][17]) if rows else (0, 0, 0)
    count, disagreements, missing = totals
    paginator = Paginator(range(count), per_page)
    page: Page = Page([_ranking_row(r) for r in rows], number, paginator)
    pending = 0 if stamp.is_fresh else stamp.changes - (stamp.built_changes or 0)
    return RankingPage(
        page,
        int(count),
        int(disagreements or 0),
        int(missing or 0),
        built_at=None if stamp.is_fresh else stamp.built_at,
        changes_pending=pending,
    )


def _ranking_filters(
    *, bureau: Bureau | int | None, kind: str | None, path: str | None, on: str = "s"
) -> tuple[list[str], list, str]:
    """The WHERE conditions on the rows ``on`` (the stored standings ``s``, or the live
    ranking ``r``), their parameters and the season join, for a filtered ranking."""
    filters, params = [], []
    if bureau is not None:
        filters.append(f"AND {on}.bureau_id = %s")
        params.append(getattr(bureau, "pk", bureau))
    if path:
        filters.append(f"AND {on}.implementation_path = %s")
        params.append(path)
    join_season = ""
    if kind:
        join_season = f"JOIN {Season._meta.db_table} se ON se.id = {on}.season_id"
        filters.append("AND se.kind = %s")
        params.append(kind)
    return filters, params, join_season


def ranking_statement(
    *,
    review_round: ReviewRound,
    order: str = "raw",
    bureau: Bureau | int | None = None,
    kind: str | None = None,
    path: str | None = None,
    ordered: bool = True,
) -> tuple[str, list]:
    """The SQL and parameters of ``ranking()``, for a reader that joins the ranking into a
    larger statement and streams it (the Excel export of 200,000 ideas) instead of holding
    every ``RankingRow`` in memory. Its columns are those ``ranking()`` reads, in that
    order: id, reference_number, title, bureau_id, bureau_name, team_id, team_name,
    implementation_path, mean_total, normalised, submitted_count, missing_count, spread,
    disagreement, rank. ``ordered=False`` leaves out the final ORDER BY (for a subquery).
    """
    if order not in RANKING_ORDERS:
        raise ValueError(f"order must be one of {RANKING_ORDERS}")
    key, places = ("mean_total", 2) if order == "raw" else ("normalised", 4)
    filters, params, join_season = _ranking_filters(bureau=bureau, kind=kind, path=path, on="r")
    sql = RANKING_SQL.format(
        ctes=standings.ranking_ctes(),
        idea=Idea._meta.db_table,
        key=key,
        places=places,
        join_season=join_season,
        filters=" ".join(filters),
        order_by="ORDER BY r.rank, r.reference_number, r.id" if ordered else "",
    )
    threshold = float(review_round.disagreement_threshold)
    return sql, [review_round.pk, review_round.pk, threshold, *params]


# Evaluations, decisions and directives ---------------------------------------------


def evaluations_for_idea(*, idea: Idea, review_round: ReviewRound, user: User):
    """The evaluations of an idea in a round that ``user`` may see (blind review, as
    ``reviews.permissions`` says): their own always; the others' submitted ones only for
    those who may see the round's scores (the planning office; reviewers once closed)."""
    qs = Evaluation.objects.filter(idea=idea, round=review_round)
    if not user.is_authenticated:
        return qs.none()
    mine = Q(reviewer_id=user.pk)
    if permissions.can_view_scores_of_round(user, review_round):
        qs = qs.filter(mine | Q(status=Evaluation.Status.SUBMITTED))
    else:
        qs = qs.filter(mine)
    return (
        qs.select_related("reviewer", "round")
        .prefetch_related("scores__criterion")
        .order_by("submitted_at", "pk")
    )


def decisions_current(*, review_round: ReviewRound) -> QuerySet[Decision]:
    return (
        Decision.objects.current()
        .filter(round=review_round)
        .select_related("idea", "decided_by", "previous")
        .order_by("idea__reference_number", "pk")
    )


def decision_history(*, idea: Idea) -> QuerySet[Decision]:
    """Every version of every decision on the idea: by round, newest version first."""
    return (
        Decision.objects.filter(idea=idea)
        .select_related("round", "decided_by", "previous")
        .order_by("round__order", "-decided_at", "-pk")
    )


def directives_for_idea(*, idea: Idea) -> QuerySet[Directive]:
    return (
        Directive.objects.filter(idea=idea)
        .select_related(
            "responsible_bureau", "responsible_division", "recorded_by", "follow_up__plan"
        )
        .order_by("due_date", "pk")
    )


def conflicted_assignments(*, review_round: ReviewRound) -> QuerySet[Assignment]:
    """Assignments whose reviewer now has a conflict of interest with the idea (after a
    reorganisation, say), for the planning office to reassign; the rule is
    ``permissions.conflict_of_interest``, written here as one query."""
    from django.db.models import Exists, OuterRef

    co_authored = Idea.co_authors.through.objects.filter(
        idea_id=OuterRef("idea_id"), user_id=OuterRef("reviewer_id")
    )
    return (
        Assignment.objects.filter(round=review_round)
        .filter(
            Q(reviewer__bureau_id=F("idea__bureau_id"))
            | Q(reviewer__team_id=F("idea__team_id"))
            | Q(reviewer_id=F("idea__created_by_id"))
            | Q(reviewer_id=F("idea__submitted_by_id"))
            | Exists(co_authored)
        )
        .select_related("idea", "reviewer__bureau")
        .annotate(evaluation_status=F("evaluation__status"))
        .order_by("idea__reference_number", "reviewer__full_name")
    )


# What a mass action will do (asked before it is done) ------------------------------


@dataclass(frozen=True)
class CloseSummary:
    """What closing a round leaves undone: evaluations not submitted (drafts and ones
    never started), and the reviewers and ideas they belong to."""

    assigned: int
    submitted: int
    drafts: int
    not_started: int
    reviewers_behind: int
    ideas_incomplete: int

    @property
    def missing(self) -> int:
        return self.assigned - self.submitted


def round_close_summary(*, review_round: ReviewRound) -> CloseSummary:
    """One query over the round's assignments and their evaluations."""
    unsubmitted = Q(evaluation__isnull=True) | Q(evaluation__status=Evaluation.Status.DRAFT)
    counts = Assignment.objects.filter(round=review_round).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(evaluation__status=Evaluation.Status.SUBMITTED)),
        drafts=Count("pk", filter=Q(evaluation__status=Evaluation.Status.DRAFT)),
        not_started=Count("pk", filter=Q(evaluation__isnull=True)),
        reviewers_behind=Count("reviewer", distinct=True, filter=unsubmitted),
        ideas_incomplete=Count("idea", distinct=True, filter=unsubmitted),
    )
    return CloseSummary(**counts)


@dataclass(frozen=True)
class PublishSummary:
    """What publishing a round's decisions does: who hears of which outcome, and what is
    left undecided (an undecided idea's team hears nothing)."""

    ideas: int  # ideas the round reviewed (with an assignment)
    decided: int
    undecided: int
    by_outcome: list[tuple[str, int]]  # (outcome label, count), in the outcomes' order
    adopted: int  # adoptions open their rollout plans
    teams: int  # teams of the decided ideas: they are notified
    people: int  # inbox notices and e-mails (leaders, authors, co-authors)


def publish_summary(*, review_round: ReviewRound) -> PublishSummary:
    """Four queries: the counts, the decided ideas, their teams' leaders, co-authors."""
    from notifications.events import idea_people

    reviewed = Assignment.objects.filter(round=review_round).values("idea_id")
    decided = Decision.objects.current().filter(round=review_round)
    counts = Idea.objects.filter(pk__in=reviewed).aggregate(
        ideas=Count("pk"),
        decided=Count("pk", filter=Q(pk__in=decided.values("idea_id"))),
    )
    # Decided ideas outside the reviewed set (decided, then unassigned) are published too.
    rows = list(
        decided.values_list("outcome", "idea_id", "idea__team_id", "idea__created_by_id").order_by(
            "idea_id"
        )
    )
    per_outcome = dict.fromkeys(Decision.Outcome.values, 0)
    for outcome, *_rest in rows:
        per_outcome[outcome] += 1
    ideas = [
        Idea(pk=idea_id, team_id=team_id, created_by_id=author_id)
        for _outcome, idea_id, team_id, author_id in rows
    ]
    people = {pk for pks in idea_people(ideas).values() for pk in pks} if ideas else set()
    return PublishSummary(
        ideas=counts["ideas"],
        decided=len(rows),
        undecided=counts["ideas"] - counts["decided"],
        by_outcome=[(str(Decision.Outcome(v).label), n) for v, n in per_outcome.items() if n],
        adopted=sum(per_outcome[v] for v in Decision.ADOPTED),
        teams=len({team_id for _o, _i, team_id, _a in rows}),
        people=len(people),
    )


@dataclass(frozen=True)
class TopN:
    """The ideas a top-N adoption takes, and those it passes over on the way."""

    chosen: list[RankingRow]
    skipped: list[RankingRow]  # ranked among them but with evaluations missing
    decided: list[str]  # reference numbers of chosen ideas that already have a decision


def top_n(
    *, review_round: ReviewRound, n: int, order: str = "raw", include_incomplete: bool = False
) -> TopN:
    """The first ``n`` ideas of the ranking that have a submitted evaluation; an idea with
    evaluations still missing is passed over (and listed) unless ``include_incomplete``.
    Two queries: the ranking and the decisions already made on the chosen ideas."""
    chosen: list[RankingRow] = []
    skipped: list[RankingRow] = []
    for row in ranking(review_round=review_round, order=order):
        if len(chosen) >= n:
            break
        if not row.submitted_count:
            continue
        if row.missing_count and not include_incomplete:
            skipped.append(row)
        else:
            chosen.append(row)
    decided = list(
        Decision.objects.current()
        .filter(round=review_round, idea_id__in=[r.idea_id for r in chosen])
        .order_by("idea__reference_number")
        .values_list("idea__reference_number", flat=True)
    )
    return TopN(chosen, skipped, [ref or "" for ref in decided])


def round_ideas_for_decision(*, review_round: ReviewRound) -> QuerySet[Idea]:
    """The ideas a round decides on: those it reviewed (with an assignment)."""
    reviewed = Assignment.objects.filter(round=review_round).values("idea_id")
    return Idea.objects.filter(pk__in=reviewed).order_by("reference_number", "pk")
