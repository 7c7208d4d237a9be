"""What a workbook reads, sheet by sheet, and the export page's lists.

Every sheet is one query whatever the number of rows, read in chunks (a server-side
cursor on PostgreSQL, as ``QuerySet.iterator()`` uses) as plain tuples, so memory stays
flat: the ideas sheet is one statement that joins the review rounds' rankings
(``reviews.selectors.ranking_statement``, the same SQL as the ranking page) and each idea's
latest decision; the evaluations sheet one statement that turns each evaluation's scores
into columns; the directive and exemption sheets ``values_list`` querysets. The summary
reuses ``ideas.selectors`` (counts by bureau, teams by quota status). ``ReadAhead`` runs
a large workbook's statements side by side while the rows are written.

What the reader may see of scores and decisions is decided once, in ``plan_for``, by the
review rules (``reviews.permissions``): scores and ranks only where the blind-review rule
shows that round's scores to the reader; the per-reviewer evaluations only of closed rounds;
decisions only where the reader may see the round's decisions (published, or the planning
office).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import Count, Prefetch, Q, QuerySet

from departments.models import Bureau, User
from exports.models import ExportJob
from exports.permissions import ExportScope
from ideas import selectors as idea_selectors
from ideas.models import Exemption, Idea, QuotaStatus
from reviews import permissions as review_permissions
from reviews.models import Criterion, Decision, Directive, Evaluation, ReviewRound, Score
from reviews.selectors import ranking_statement

CHUNK = 2_000  # rows fetched from the database at a time


@dataclass
class Plan:
    """What one reader's workbook of one scope holds."""

    scope: ExportScope
    user: User
    rounds: list[ReviewRound]
    # The rounds whose weighted score, normalised score and rank the ideas sheet shows:
    # those that have started and whose scores the reader may see. Each idea shows the
    # latest of them it was reviewed in (a first screening, then the final review).
    score_rounds: list[ReviewRound] = field(default_factory=list)
    # Closed rounds whose evaluations the reader may see: one sheet each.
    evaluation_rounds: list[ReviewRound] = field(default_factory=list)
    # Rounds whose decisions the reader may see; an idea shows its latest among them.
    decision_round_ids: list[int] = field(default_factory=list)
    # Whether a started round's scores are hidden from the reader (said on the summary).
    scores_hidden: bool = False

    @property
    def season(self):
        return self.scope.season

    @property
    def bureau(self) -> Bureau | None:
        return self.scope.bureau


def plan_for(*, scope: ExportScope, user: User) -> Plan:
    """Read the season's rounds with their criteria (two queries) and apply the review
    rules to them."""
    rounds = list(
        ReviewRound.objects.filter(season=scope.season)
        .prefetch_related(Prefetch("criteria", Criterion.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )
    plan = Plan(scope=scope, user=user, rounds=rounds)
    for review_round in rounds:
        if review_round.status == ReviewRound.Status.DRAFT:
            continue
        if not review_permissions.can_view_scores_of_round(user, review_round):
            plan.scores_hidden = True
            continue
        plan.score_rounds.append(review_round)
        if review_round.status == ReviewRound.Status.CLOSED:
            plan.evaluation_rounds.append(review_round)
    # The rule reads only the decision's round, so an unsaved decision of each round asks it.
    plan.decision_round_ids = [
        r.pk for r in rounds if review_permissions.can_view_decision(user, Decision(round=r))
    ]
    return plan


# Sizes, for progress --------------------------------------------------------------------


def _ideas(plan: Plan) -> QuerySet[Idea]:
    qs = Idea.objects.visible_in_library().filter(season=plan.season)
    if plan.bureau is not None:
        qs = qs.filter(bureau=plan.bureau)
    return qs


def _evaluations(plan: Plan, review_round: ReviewRound) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.filter(round=review_round, status=Evaluation.Status.SUBMITTED)
    if plan.bureau is not None:
        qs = qs.filter(idea__bureau=plan.bureau)
    return qs


def _directives(plan: Plan) -> QuerySet[Directive]:
    qs = Directive.objects.filter(idea__season=plan.season)
    if plan.bureau is not None:
        # The bureau's ideas, and what the governor asked the bureau to do about others.
        qs = qs.filter(Q(idea__bureau=plan.bureau) | Q(responsible_bureau=plan.bureau))
    return qs


def _exemptions(plan: Plan) -> QuerySet[Exemption]:
    qs = Exemption.objects.filter(season=plan.season)
    if plan.bureau is not None:
        qs = qs.filter(bureau=plan.bureau)
    return qs


def idea_count(plan: Plan) -> int:
    return _ideas(plan).count()


def row_count(plan: Plan) -> int:
    """The data rows the workbook will have, for its progress: a COUNT each of the ideas,
    the evaluations of each evaluation sheet, the directives and the exemptions."""
    total = idea_count(plan) + _directives(plan).count() + _exemptions(plan).count()
    for review_round in plan.evaluation_rounds:
        total += _evaluations(plan, review_round).count()
    return total


# The summary sheet ----------------------------------------------------------------------


@dataclass(frozen=True)
class BureauSummary:
    """One bureau's line on the summary sheet."""

    name: str
    teams: int
    submitted_teams: int
    exempt_teams: int
    pending_teams: int
    missing_teams: int
    submitted_ideas: int
    adopted_ideas: int


def summary_by_bureau(plan: Plan) -> list[BureauSummary]:
    """Per bureau in briefing order, three queries: ideas by state
    (``ideas.selectors.season_overview_by_bureau``), teams by quota status
    (``ideas.selectors.quota_counts_by_bureau``) and adopted ideas — those whose current
    decision in a round the reader may see (``plan.decision_round_ids``) is an adoption."""
    bureaus = idea_selectors.season_overview_by_bureau(season=plan.season)
    if plan.bureau is not None:
        bureaus = bureaus.filter(pk=plan.bureau.pk)
    quota = idea_selectors.quota_counts_by_bureau(season=plan.season)
    adopted: dict[int, int] = {}
    if plan.decision_round_ids:
        adopted = dict(
            Idea.objects.filter(
                season=plan.season,
                decisions__is_current=True,
                decisions__outcome__in=Decision.ADOPTED,
                decisions__round_id__in=plan.decision_round_ids,
            )
            .order_by()
            .values("bureau")
            .annotate(n=Count("pk", distinct=True))
            .values_list("bureau", "n")
        )
    rows = []
    for bureau in bureaus:
        teams = quota.get(bureau.pk, {})
        rows.append(
            BureauSummary(
                name=bureau.name,
                teams=sum(teams.values()),
                submitted_teams=teams.get(QuotaStatus.SUBMITTED, 0),
                exempt_teams=teams.get(QuotaStatus.EXEMPT, 0),
                pending_teams=teams.get(QuotaStatus.PENDING_EXEMPTION, 0),
                missing_teams=teams.get(QuotaStatus.MISSING, 0),
                submitted_ideas=bureau.submitted_count,  # type: ignore[attr-defined]
                adopted_ideas=adopted.get(bureau.pk, 0),
            )
        )
    return rows


# The ideas sheet ------------------------------------------------------------------------

# The columns idea_rows() yields, in order.
IDEA_COLUMNS = (
    "reference_number",
    "bureau_name",
    "division_name",
    "team_name",
    "title",
    "implementation_path",
    "budget_estimate_krw",
    "action",
    "hours_saved_per_year",
    "is_representative",
    "status",
    "submitted_at",
    "score_round_id",
    "mean_total",
    "normalised",
    "rank",
    "decision_outcome",
    "decision_path",
)

IDEAS_SQL = """
SELECT i.reference_number, i.bureau_name, i.division_name, i.team_name, i.title,
       i.implementation_path, i.budget_estimate_krw, i.action, i.hours_saved_per_year,
       i.is_representative, i.status, i.submitted_at,
       {scores},
       {decisions}
FROM {idea} i
{joins}
WHERE i.season_id = %s AND i.reference_number IS NOT NULL AND i.status <> %s {bureau}
ORDER BY i.sequence, i.id
"""
# Each round's ranking, as the ranking page computes it (one statement for the whole round,
# so a bureau's ideas keep their rank among all the round's ideas); an idea shows the latest
# round it is in (assigned there, so in that round's ranking).
RANKING_JOIN = "LEFT JOIN ({ranking}) rk{n} ON rk{n}.id = i.id"
# Each idea's current decision in the latest round (by order) of those the reader may see.
DECISION_JOIN = """LEFT JOIN (
    SELECT d.idea_id, d.outcome, d.implementation_path,
           ROW_NUMBER() OVER (PARTITION BY d.idea_id ORDER BY rr."order" DESC, rr.id DESC) AS n
    FROM {decision} d JOIN {round} rr ON rr.id = d.round_id
    WHERE d.is_current = %s AND d.round_id IN ({round_ids})
) dc ON dc.idea_id = i.id AND dc.n = 1"""


def idea_rows(plan: Plan) -> Iterator[tuple]:
    """Every idea of the scope that all staff may read (drafts never), in reference-number
    order, as tuples of ``IDEA_COLUMNS``: one statement, read ``CHUNK`` rows at a time from
    a server-side cursor (PostgreSQL) so memory does not grow with the season. The scores
    are those of the latest of ``plan.score_rounds`` the idea was reviewed in
    (``score_round_id``)."""
    joins, params = [], []
    scores = "NULL, NULL, NULL, NULL"
    if plan.score_rounds:
        numbered = list(enumerate(plan.score_rounds))
        for n, review_round in numbered:
            ranking_sql, ranking_params = ranking_statement(
                review_round=review_round, ordered=False
            )
            joins.append(RANKING_JOIN.format(ranking=ranking_sql, n=n))
            params += ranking_params

        def latest(value: str) -> str:
            # The first WHEN that holds is the latest round the idea was reviewed in.
            whens = " ".join(
                f"WHEN rk{n}.id IS NOT NULL THEN "
                + value.format(rk=f"rk{n}", round=int(review_round.pk))
                for n, review_round in reversed(numbered)
            )
            return f"CASE {whens} END"

        scores = ", ".join(
            [
                latest("{round}"),
                latest("CAST({rk}.mean_total AS DOUBLE PRECISION)"),
                latest("CAST({rk}.normalised AS DOUBLE PRECISION)"),
                latest("{rk}.rank"),
            ]
        )
    decisions = "NULL, NULL"
    if plan.decision_round_ids:
        joins.append(
            DECISION_JOIN.format(
                decision=Decision._meta.db_table,
                round=ReviewRound._meta.db_table,
                round_ids=", ".join(["%s"] * len(plan.decision_round_ids)),
            )
        )
        params += [True, *plan.decision_round_ids]
        decisions = "dc.outcome, dc.implementation_path"
    params += [plan.season.pk, Idea.Status.DRAFT]
    bureau = ""
    if plan.bureau is not None:
        bureau = "AND i.bureau_id = %s"
        params.append(plan.bureau.pk)
    sql = IDEAS_SQL.format(
        scores=scores,
        decisions=decisions,
        idea=Idea._meta.db_table,
        joins="\n".join(joins),
        bureau=bureau,
    )
    return _stream(sql, params)


def _stream(sql: str, params: list) -> Iterator[tuple]:
    """The rows of one statement, ``CHUNK`` at a time. Django's chunked cursor is the one
    ``QuerySet.iterator()`` uses: a named (server-side) cursor on PostgreSQL, SQLite's own
    lazy cursor elsewhere."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


# Evaluations, directives, exemptions --------------------------------------------------


EVALUATIONS_SQL = """
SELECT i.reference_number, i.title, i.bureau_name, i.team_name, u.full_name,
       {scores},
       CAST(e.total AS DOUBLE PRECISION), e.comment, e.submitted_at
FROM {evaluation} e
LEFT JOIN (
    SELECT s.evaluation_id, {pivot}
    FROM {score} s
    JOIN {evaluation} se ON se.id = s.evaluation_id
    JOIN {idea} si ON si.id = se.idea_id
    WHERE se.round_id = %s AND se.status = %s {bureau_of_si}
    GROUP BY s.evaluation_id
) p ON p.evaluation_id = e.id
JOIN {idea} i ON i.id = e.idea_id
JOIN {user} u ON u.id = e.reviewer_id
WHERE e.round_id = %s AND e.status = %s {bureau_of_i}
ORDER BY i.sequence, u.full_name, e.id
"""


def evaluation_rows(plan: Plan, review_round: ReviewRound) -> Iterator[tuple]:
    """The submitted evaluations of a round, one per reviewer and idea: reference number,
    title, bureau, team, reviewer, a score per criterion (``review_round.criteria`` order),
    the weighted total, the comment and when it was submitted. One statement: the scores
    are turned into columns by one pass over the round's scores (conditional aggregation,
    four times faster here than a subquery per criterion and row)."""
    criteria = list(review_round.criteria.all())
    pivot = ", ".join(
        f"MAX(CASE WHEN s.criterion_id = %s THEN s.value END) AS c{n}" for n in range(len(criteria))
    )
    scores = ", ".join(f"CAST(p.c{n} AS DOUBLE PRECISION)" for n in range(len(criteria)))
    submitted = Evaluation.Status.SUBMITTED
    bureau = [] if plan.bureau is None else [plan.bureau.pk]
    sql = EVALUATIONS_SQL.format(
        scores=scores or "NULL",
        pivot=pivot or "NULL",
        evaluation=Evaluation._meta.db_table,
        score=Score._meta.db_table,
        idea=Idea._meta.db_table,
        user=User._meta.db_table,
        bureau_of_si="AND si.bureau_id = %s" if bureau else "",
        bureau_of_i="AND i.bureau_id = %s" if bureau else "",
    )
    params = [
        *(c.pk for c in criteria),
        review_round.pk,
        submitted,
        *bureau,
        review_round.pk,
        submitted,
        *bureau,
    ]
    return _stream(sql, params)


def directive_rows(plan: Plan) -> Iterator[tuple]:
    """The governor's directives on the scope's ideas (and, for a bureau, those it must act
    on): reference number, title, the idea's bureau, the directive, the responsible bureau
    and division, due date, who recorded it and when."""
    return (
        _directives(plan)
        .order_by("due_date", "pk")
        .values_list(
            "idea__reference_number",
            "idea__title",
            "idea__bureau_name",
            "text",
            "responsible_bureau__name",
            "responsible_division__name",
            "due_date",
            "recorded_by__full_name",
            "recorded_at",
        )
        .iterator(chunk_size=CHUNK)
    )


def exemption_rows(plan: Plan) -> Iterator[tuple]:
    """Requests not to submit, with their reasons and decisions: bureau, team, reason,
    reason text, status, filed by and when, decided by and when, the decision note."""
    return (
        _exemptions(plan)
        .order_by("bureau__display_order", "bureau__name", "team_name", "filed_at", "pk")
        .values_list(
            "bureau__name",
            "team_name",
            "reason",
            "reason_text",
            "status",
            "filed_by__full_name",
            "filed_at",
            "decided_by__full_name",
            "decided_at",
            "decision_note",
        )
        .iterator(chunk_size=CHUNK)
    )


# Reading ahead ---------------------------------------------------------------------------

READ_AHEAD_MIN_ROWS = 20_000  # below this, one connection reading in turn is fast enough
_DONE = object()


class ReadAhead:
    """Rows of one sheet read by a thread of its own, on a database connection of its own,
    at most ``depth`` chunks ahead of the writer.

    A large workbook waits for the database only once: the sheets' statements all start
    when the workbook does, and the database computes the evaluations while the ideas are
    being written. Memory stays bounded (``depth`` × ``CHUNK`` rows a sheet). Only outside a
    transaction: another connection could not see what this one has not committed.
    """

    def __init__(self, make_rows: Callable[[], Iterator[tuple]], *, depth: int = 4):
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._read, args=(make_rows,), name="export-read-ahead", daemon=True
        )
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.5)
            except queue.Full:
                continue
            return True
        return False  # the writer gave up: stop reading

    def _read(self, make_rows) -> None:
        try:
            chunk = []
            for row in make_rows():
                chunk.append(row)
                if len(chunk) == CHUNK:
                    if not self._put(chunk):
                        return
                    chunk = []
            if (not chunk or self._put(chunk)) and self._put(_DONE):
                return
        except Exception as exc:  # handed to the writer, which raises it
            self._put(exc)
        finally:
            connections.close_all()  # this thread's connection

    def __iter__(self) -> Iterator[tuple]:
        try:
            while (chunk := self._queue.get()) is not _DONE:
                if isinstance(chunk, Exception):
                    raise chunk
                yield from chunk
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def reads_ahead(rows: int) -> bool:
    """Whether a workbook of ``rows`` data rows reads its sheets ahead (see ``ReadAhead``)."""
    return (
        rows >= READ_AHEAD_MIN_ROWS
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


# The export page -------------------------------------------------------------------------

RECENT_JOBS = 20


def jobs_of(*, user: User) -> QuerySet[ExportJob]:
    """The person's exports, newest first (``export_requester_idx``): the API's list."""
    return (
        ExportJob.objects.of(user).select_related("season", "bureau").order_by("-created_at", "-pk")
    )


def recent_jobs(*, user: User) -> QuerySet[ExportJob]:
    """The person's latest exports, for the export page."""
    return jobs_of(user=user)[:RECENT_JOBS]
