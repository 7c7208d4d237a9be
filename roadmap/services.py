"""Every change to the roadmap, each a ``<entity>_<verb>`` in one transaction with its
history entry (core's history service)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BusinessRuleError, ensure, ensure_allowed
from core.services import history_record
from departments.models import User
from ideas.models import Idea
from reviews.models import Decision
from roadmap import permissions
from roadmap.models import (
    ActionPlan,
    Answer,
    Goal,
    IndicatorValue,
    PerformanceReport,
    Question,
    RoadmapVersion,
    Survey,
    SurveyResponse,
    Task,
    TaskIdea,
    TaskRolloutPlan,
    TaskUnit,
)

NOT_TASK_FORCE = _("로드맵은 도정혁신추진단(기획조정실)만 고칠 수 있습니다.")


def _ensure_task_force(user: User) -> None:
    ensure_allowed(permissions.is_task_force(user), NOT_TASK_FORCE)


def _ensure_current(task: Task) -> None:
    ensure(
        task.goal.version.status != RoadmapVersion.Status.ARCHIVED,
        _("지난 판의 과제는 고칠 수 없습니다."),
    )


@transaction.atomic
def version_copy(*, source: RoadmapVersion, number: str, title: str, by: User) -> RoadmapVersion:
    """A new draft version with the goals, tasks, units, plans and indicators of ``source``.

    The tasks keep a link to the ones they were copied from (``copied_from``), and the
    ideas linked to them come along; reports stay with the version they were written for.
    """
    _ensure_task_force(by)
    number = (number or "").strip()
    ensure(bool(number), _("판 번호를 넣어 주세요."), field="number")
    ensure(
        not RoadmapVersion.objects.filter(number=number).exists(),
        _("이미 있는 판 번호입니다."),
        field="number",
    )
    ensure(
        not RoadmapVersion.objects.filter(previous=source).exists(),
        _("이 판을 고친 다음 판이 이미 있습니다."),
    )
    version = RoadmapVersion.objects.create(
        number=number,
        title=title or source.title,
        vision=source.vision,
        previous=source,
        created_by=by,
    )
    goals = list(source.goals.prefetch_related("tasks"))
    new_goals = Goal.objects.bulk_create(
        Goal(version=version, number=g.number, title=g.title) for g in goals
    )
    old_tasks, new_tasks = [], []
    for old_goal, new_goal in zip(goals, new_goals, strict=True):
        for task in old_goal.tasks.all():
            old_tasks.append(task)
            new_tasks.append(
                Task(
                    goal=new_goal,
                    number=task.number,
                    title=task.title,
                    description=task.description,
                    status=task.status,
                    responsible_id=task.responsible_id,
                    indicator_name=task.indicator_name,
                    indicator_unit=task.indicator_unit,
                    indicator_baseline=task.indicator_baseline,
                    indicator_direction=task.indicator_direction,
                    copied_from=task,
                )
            )
    new_tasks = Task.objects.bulk_create(new_tasks)
    by_old = {old.pk: new.pk for old, new in zip(old_tasks, new_tasks, strict=True)}
    TaskUnit.objects.bulk_create(
        TaskUnit(
            task_id=by_old[u.task_id], division_id=u.division_id, is_lead=u.is_lead, part=u.part
        )
        for u in TaskUnit.objects.filter(task_id__in=by_old)
    )
    ActionPlan.objects.bulk_create(
        ActionPlan(task_id=by_old[p.task_id], year=p.year, content=p.content)
        for p in ActionPlan.objects.filter(task_id__in=by_old)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(task_id=by_old[v.task_id], year=v.year, target=v.target, actual=v.actual)
        for v in IndicatorValue.objects.filter(task_id__in=by_old)
    )
    TaskIdea.objects.bulk_create(
        TaskIdea(task_id=by_old[link.task_id], idea_id=link.idea_id, linked_by=by)
        for link in TaskIdea.objects.filter(task_id__in=by_old)
    )
    history_record(
        obj=version, action="copied", by=by, data={"from": source.number, "tasks": len(new_tasks)}
    )
    return version


@transaction.atomic
def version_put_in_force(*, version: RoadmapVersion, by: User) -> RoadmapVersion:
    """Make ``version`` the one in force; the one before becomes a past version."""
    _ensure_task_force(by)
    ensure(version.status == RoadmapVersion.Status.DRAFT, _("작성 중인 판만 시행할 수 있습니다."))
    RoadmapVersion.objects.filter(status=RoadmapVersion.Status.CURRENT).update(
        status=RoadmapVersion.Status.ARCHIVED
    )
    version.status = RoadmapVersion.Status.CURRENT
    version.save(update_fields=["status"])
    history_record(obj=version, action="put_in_force", by=by)
    return version


TASK_FIELDS = (
    "title",
    "description",
    "status",
    "responsible",
    "indicator_name",
    "indicator_unit",
    "indicator_baseline",
    "indicator_direction",
)


@transaction.atomic
def task_update(*, task: Task, by: User, **changes) -> Task:
    _ensure_task_force(by)
    ensure(
        task.goal.version.status != RoadmapVersion.Status.ARCHIVED,
        _("지난 판의 과제는 고칠 수 없습니다."),
    )
    before = {}
    for name, value in changes.items():
        ensure(name in TASK_FIELDS, _("고칠 수 없는 항목입니다."), field=name)
        old = getattr(task, name)
        if old != value:
            before[name] = str(old) if old is not None else None
            setattr(task, name, value)
    if before:
        task.save()
        history_record(obj=task, action="updated", by=by, data={"before": before})
    return task


def _duplicates(values) -> bool:
    values = list(values)
    return len(set(values)) != len(values)


@transaction.atomic
def task_revise(
    *,
    task: Task,
    by: User,
    targets: list[dict],
    units: list[dict],
    plans: list[dict],
    **fields,
) -> Task:
    """The task force's edit of a task in one go: its fields (indicator, responsible person,
    status), its yearly targets, its owning units (two or more make a joint venture, one of
    them leading, each with its part) and its yearly action plans. Nothing is saved when
    any part is refused; the history entry keeps what it was before.

    ``targets``: ``{"year", "target"}``; ``units``: ``{"division", "is_lead", "part"}``;
    ``plans``: ``{"year", "content"}`` — the full new lists (a year or unit left out goes).
    """
    _ensure_task_force(by)
    ensure(
        task.goal.version.status != RoadmapVersion.Status.ARCHIVED,
        _("지난 판의 과제는 고칠 수 없습니다."),
    )
    errors = _revision_errors(task=task, fields=fields, targets=targets, units=units, plans=plans)
    if errors:
        raise BusinessRuleError(errors=errors)

    # What changed, part by part, in the order the history entry lists it.
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    _revise_fields(task, fields, before, after)
    _revise_units(task, units, before, after)
    _revise_targets(task, targets, before, after)
    _revise_plans(task, plans, before, after)
    if before:
        history_record(obj=task, action="revised", by=by, data={"before": before, "after": after})
    return task


_Errors = dict[str | None, list[str]]


def _revision_errors(
    *, task: Task, fields: dict, targets: list[dict], units: list[dict], plans: list[dict]
) -> _Errors:
    """Everything wrong with a revision, by field, checked before anything is saved."""
    errors: _Errors = {}
    _field_errors(fields, errors)
    _unit_errors(units, errors)
    _yearly_errors(targets, plans, errors)
    _recorded_target_errors(task, targets, errors)
    return errors


def _field_errors(fields: dict, errors: _Errors) -> None:
    for name in fields:
        if name not in TASK_FIELDS:
            errors[name] = [_("고칠 수 없는 항목입니다.")]
    if "title" in fields and not str(fields["title"] or "").strip():
        errors["title"] = [_("과제 이름을 적어 주세요.")]


def _unit_errors(units: list[dict], errors: _Errors) -> None:
    """Each unit once, exactly one leading; in a joint venture every unit says its part."""
    if _duplicates(u["division"].pk for u in units):
        errors.setdefault("units", []).append(_("같은 부서를 두 번 넣었습니다."))
    if units and sum(bool(u.get("is_lead")) for u in units) != 1:
        errors.setdefault("units", []).append(_("주관 부서를 하나만 고르세요."))
    if len(units) > 1 and any(not (u.get("part") or "").strip() for u in units):
        errors.setdefault("units", []).append(_("조인트벤처에서는 부서마다 맡은 일을 적어 주세요."))


def _yearly_errors(targets: list[dict], plans: list[dict], errors: _Errors) -> None:
    """Yearly targets and plans: years in range and each once; plans not blank."""
    for key, rows in (("targets", targets), ("plans", plans)):
        if any(not 2000 <= int(row["year"]) <= 2100 for row in rows):
            errors.setdefault(key, []).append(_("연도는 2000년에서 2100년 사이입니다."))
    if _duplicates(t["year"] for t in targets):
        errors.setdefault("targets", []).append(_("같은 연도의 목표를 두 번 넣었습니다."))
    if _duplicates(p["year"] for p in plans):
        errors.setdefault("plans", []).append(_("같은 연도의 실천계획을 두 번 넣었습니다."))
    if any(not (p.get("content") or "").strip() for p in plans):
        errors.setdefault("plans", []).append(_("실천계획을 적어 주세요."))


def _recorded_target_errors(task: Task, targets: list[dict], errors: _Errors) -> None:
    """A year whose result is recorded keeps its target."""
    kept_years = {int(t["year"]) for t in targets}
    recorded = sorted(
        task.indicator_values.filter(actual__isnull=False)
        .exclude(year__in=kept_years)
        .values_list("year", flat=True)
    )
    if recorded:
        errors.setdefault("targets", []).append(
            _("실적이 기록된 연도(%(years)s)의 목표는 지울 수 없습니다.")
            % {"years": ", ".join(str(y) for y in recorded)}
        )


def _revise_fields(task: Task, fields: dict, before: dict, after: dict) -> None:
    for name, value in fields.items():
        old = getattr(task, name)
        if old != value:
            before[name], after[name] = _readable(old), _readable(value)
            setattr(task, name, value)
    if before:
        task.save()


def _revise_units(task: Task, units: list[dict], before: dict, after: dict) -> None:
    old_units = _units_text(
        (u.division.name, u.is_lead, u.part) for u in task.units.select_related("division")
    )
    new_units = _units_text(
        (u["division"].name, bool(u.get("is_lead")), (u.get("part") or "").strip()) for u in units
    )
    if old_units != new_units:
        before["owning_units"], after["owning_units"] = old_units, new_units
        task.units.all().delete()
        TaskUnit.objects.bulk_create(
            TaskUnit(
                task=task,
                division=u["division"],
                is_lead=bool(u.get("is_lead")),
                part=(u.get("part") or "").strip(),
            )
            for u in units
        )


def _revise_targets(task: Task, targets: list[dict], before: dict, after: dict) -> None:
    values = {v.year: v for v in task.indicator_values.all()}
    old_targets = {year: v.target for year, v in values.items()}
    new_targets = {int(t["year"]): Decimal(t["target"]) for t in targets}
    for year, target in new_targets.items():
        value = values.get(year)
        if value is None:
            IndicatorValue.objects.create(task=task, year=year, target=target)
        elif value.target != target:
            value.target = target
            value.save(update_fields=["target"])
    kept_years = {int(t["year"]) for t in targets}
    task.indicator_values.exclude(year__in=kept_years).delete()
    if old_targets != new_targets:
        before["yearly_targets"] = _years_text(old_targets)
        after["yearly_targets"] = _years_text(new_targets)


def _revise_plans(task: Task, plans: list[dict], before: dict, after: dict) -> None:
    old_plans = {p.year: p.content for p in task.plans.all()}
    new_plans = {int(p["year"]): p["content"].strip() for p in plans}
    if old_plans != new_plans:
        before["action_plans"], after["action_plans"] = (
            _years_text(old_plans),
            _years_text(new_plans),
        )
        task.plans.exclude(year__in=new_plans).delete()
        for year, content in new_plans.items():
            ActionPlan.objects.update_or_create(task=task, year=year, defaults={"content": content})


def _readable(value) -> str | None:
    """A field's value as the history shows it (a person by name, a code as stored)."""
    if value is None:
        return None
    if isinstance(value, User):
        return value.full_name
    return str(value)


def _units_text(units) -> str:
    return "; ".join(
        f"{name}{_(' (주관)') if lead else ''}{f': {part}' if part else ''}"
        for name, lead, part in units
    )


def _years_text(by_year: dict) -> str:
    return "; ".join(f"{year}: {value}" for year, value in sorted(by_year.items()))


@transaction.atomic
def indicator_record(
    *,
    task: Task,
    year: int,
    by: User,
    target: Decimal | None = None,
    actual: Decimal | None = None,
) -> IndicatorValue:
    """Set a year's target and/or result of the task's indicator."""
    _ensure_task_force(by)
    _ensure_current(task)
    ensure(2000 <= year <= 2100, _("연도가 올바르지 않습니다."), field="year")
    value = IndicatorValue.objects.select_for_update().filter(task=task, year=year).first()
    if value is None:
        if target is None:
            raise BusinessRuleError(_("처음 넣는 연도에는 목표값이 필요합니다."), field="target")
        value = IndicatorValue(task=task, year=year, target=target)
    before = {"target": str(value.target) if value.pk else None, "actual": str(value.actual)}
    if target is not None:
        value.target = target
    if actual is not None:
        value.actual = actual
    value.save()
    history_record(
        obj=task,
        action="indicator_recorded",
        by=by,
        data={
            "year": year,
            "before": before,
            "target": str(value.target),
            "actual": str(value.actual),
        },
    )
    return value


@transaction.atomic
def plan_set(*, task: Task, year: int, content: str, by: User) -> ActionPlan:
    _ensure_task_force(by)
    _ensure_current(task)
    ensure(bool(content.strip()), _("실천계획을 적어 주세요."), field="content")
    plan, _created = ActionPlan.objects.update_or_create(
        task=task, year=year, defaults={"content": content.strip()}
    )
    history_record(obj=task, action="plan_set", by=by, data={"year": year})
    return plan


@transaction.atomic
def unit_add(*, task: Task, division, by: User, is_lead: bool = False, part: str = "") -> TaskUnit:
    _ensure_task_force(by)
    _ensure_current(task)
    ensure(
        not task.units.filter(division=division).exists(),
        _("이미 이 과제를 맡은 부서입니다."),
        field="division",
    )
    if is_lead:
        task.units.filter(is_lead=True).update(is_lead=False)
    unit = TaskUnit.objects.create(task=task, division=division, is_lead=is_lead, part=part)
    history_record(obj=task, action="unit_added", by=by, data={"division": division.name})
    return unit


def _is_adopted(idea: Idea) -> bool:
    # Published adoptions only: every member of staff reads the roadmap, and a link would
    # tell them of an adoption before the planning office publishes the round's results.
    return idea.decisions.filter(
        is_current=True, outcome__in=Decision.ADOPTED, round__decisions_published_at__isnull=False
    ).exists()


@transaction.atomic
def task_link_idea(*, task: Task, idea: Idea, by: User) -> TaskIdea:
    """Link an adopted idea to the task it feeds."""
    _ensure_task_force(by)
    _ensure_current(task)
    ensure(
        _is_adopted(idea),
        _("채택 결과가 공개된 아이디어만 과제에 연결할 수 있습니다."),
        field="idea",
    )
    ensure(
        not TaskIdea.objects.filter(task=task, idea=idea).exists(),
        _("이미 연결한 아이디어입니다."),
        field="idea",
    )
    link = TaskIdea.objects.create(task=task, idea=idea, linked_by=by)
    history_record(obj=task, action="idea_linked", by=by, data={"idea": idea.pk})
    return link


@transaction.atomic
def task_unlink_idea(*, task: Task, idea: Idea, by: User) -> None:
    _ensure_task_force(by)
    _ensure_current(task)
    deleted, _rows = TaskIdea.objects.filter(task=task, idea=idea).delete()
    ensure(bool(deleted), _("이 과제에 연결된 아이디어가 아닙니다."), field="idea")
    history_record(obj=task, action="idea_unlinked", by=by, data={"idea": idea.pk})


@transaction.atomic
def task_link_plan(*, task: Task, plan, by: User) -> TaskRolloutPlan:
    """Link a rollout plan to the roadmap task it carries forward (the task force)."""
    _ensure_task_force(by)
    _ensure_current(task)
    ensure(
        not TaskRolloutPlan.objects.filter(task=task, plan=plan).exists(),
        _("이미 연결한 실시계획입니다."),
        field="plan",
    )
    link = TaskRolloutPlan.objects.create(task=task, plan=plan, linked_by=by)
    history_record(obj=task, action="plan_linked", by=by, data={"plan": plan.pk})
    return link


@transaction.atomic
def task_unlink_plan(*, task: Task, plan, by: User) -> None:
    _ensure_task_force(by)
    _ensure_current(task)
    deleted, _rows = TaskRolloutPlan.objects.filter(task=task, plan=plan).delete()
    ensure(bool(deleted), _("이 과제에 연결된 실시계획이 아닙니다."), field="plan")
    history_record(obj=task, action="plan_unlinked", by=by, data={"plan": plan.pk})


@transaction.atomic
def report_submit(
    *, task: Task, year: int, period: str, summary: str, by: User
) -> PerformanceReport:
    ensure_allowed(
        by.has_perm("roadmap.report_task", task),
        _("과제 책임자나 도정혁신추진단만 성과를 보고할 수 있습니다."),
    )
    ensure(period in PerformanceReport.Period.values, _("기간을 고르세요."), field="period")
    ensure(bool(summary.strip()), _("추진 실적을 적어 주세요."), field="summary")
    existing = PerformanceReport.objects.select_for_update().filter(
        task=task, year=year, period=period
    )
    report = existing.first()
    if report is not None:
        ensure(
            report.status == PerformanceReport.Status.RETURNED,
            _("이 기간의 성과 보고가 이미 있습니다."),
            field="period",
        )
        report.summary = summary.strip()
        report.status = PerformanceReport.Status.SUBMITTED
        report.submitted_by = by
        report.reviewed_at = None
        report.save()
    else:
        report = PerformanceReport.objects.create(
            task=task, year=year, period=period, summary=summary.strip(), submitted_by=by
        )
    history_record(obj=report, action="submitted", by=by)
    return report


@transaction.atomic
def report_review(
    *, report: PerformanceReport, accept: bool, note: str, by: User
) -> PerformanceReport:
    _ensure_task_force(by)
    ensure(
        report.status == PerformanceReport.Status.SUBMITTED,
        _("검토 대기 중인 보고만 검토할 수 있습니다."),
    )
    ensure(accept or bool(note.strip()), _("보완 요청에는 의견을 적어 주세요."), field="note")
    report.status = (
        PerformanceReport.Status.ACCEPTED if accept else PerformanceReport.Status.RETURNED
    )
    report.review_note = note.strip()
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.save()
    history_record(obj=report, action=report.status, by=by, reason=report.review_note)
    return report


# Surveys ------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *, version: RoadmapVersion, title: str, questions: list[tuple[str, str]], by: User
) -> Survey:
    _ensure_task_force(by)
    ensure(bool(questions), _("질문을 하나 이상 넣어 주세요."), field="questions")
    survey = Survey.objects.create(version=version, title=title)
    Question.objects.bulk_create(
        Question(survey=survey, order=i, text=text, kind=kind)
        for i, (text, kind) in enumerate(questions, start=1)
    )
    history_record(obj=survey, action="created", by=by)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User) -> Survey:
    _ensure_task_force(by)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    history_record(obj=survey, action="closed", by=by)
    return survey


ALREADY_ANSWERED = _("이미 이 설문에 응답했습니다. 응답은 한 번만 할 수 있습니다.")


@transaction.atomic
def survey_answer(*, survey: Survey, answers: dict[int, object], by: User) -> SurveyResponse:
    """Record one person's answers: all or nothing, once (a DB constraint backs it up)."""
    ensure(survey.status == Survey.Status.OPEN, _("마감된 설문입니다."))
    ensure(
        not SurveyResponse.objects.filter(survey=survey, respondent=by).exists(), ALREADY_ANSWERED
    )
    questions = list(survey.questions.all())
    errors: dict[str | None, list[str]] = {}
    rows = []
    for question in questions:
        raw = answers.get(question.pk)
        key = f"q{question.pk}"
        if question.kind == Question.Kind.SCALE:
            try:
                scale = int(raw) if isinstance(raw, str | int | float) else None
            except ValueError:
                scale = None
            if scale is None or not 1 <= scale <= 5:
                errors[key] = [_("1에서 5 사이에서 골라 주세요.")]
                continue
            rows.append(Answer(question=question, scale=scale))
        else:
            text = str(raw or "").strip()
            if len(text) > 2000:
                errors[key] = [_("2,000자 이내로 적어 주세요.")]
                continue
            rows.append(Answer(question=question, text=text))
    if errors:
        raise BusinessRuleError(errors=errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, respondent=by)
    except IntegrityError:
        ensure(False, ALREADY_ANSWERED)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response
