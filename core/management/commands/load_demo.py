"""Load demo data: the organisation first, then whatever later apps add as steps.

Safe to run on every start (``make run``): a step whose data is there is skipped, and
when every step is loaded the command says so and changes nothing. ``--reset`` empties
the database first (``flush``). Same ``--seed``, same data.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.db import analyze, foreign_keys_checked_at_end, long_statements
from notifications.services import inbox_only

# Kept through --reset: the reminders' schedules (django-celery-beat's periodic tasks),
# which migrations wrote and the planning office may have tuned; no demo step makes them.
KEPT_APPS = ["django_celery_beat"]


@dataclass(frozen=True)
class Step:
    """A demo builder: ``module.is_loaded() -> bool`` and
    ``module.build(*, scale, seed)`` returning a report with ``lines()``."""

    label: str
    module: str

    def load(self) -> tuple[Callable[[], bool], Callable]:
        module = import_module(self.module)
        return module.is_loaded, module.build


# In dependency order; ideas, reviews and rollout add theirs after the organisation.
STEPS = [
    Step("조직도와 직원", "departments.demo"),
    Step("시즌과 아이디어", "ideas.demo"),
    Step("심사와 선정", "reviews.demo"),
    Step("보고회 일정", "briefings.demo"),
    Step("추진 관리", "rollout.demo"),
    Step("혁신 로드맵과 설문", "roadmap.demo"),
    Step("의견과 공감", "participation.demo"),
    Step("으뜸 도정상과 업무 감축 성과", "awards.demo"),
    Step("벤치마킹 방문", "visits.demo"),
    Step("비슷한 아이디어 색인", "similarity.demo"),
]


class Command(BaseCommand):
    help = (
        "데모 데이터를 넣습니다 (조직도, 직원, 데모 계정, 시즌과 아이디어). "
        "이미 있으면 아무것도 바꾸지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="규모 배수 N: 아이디어 884×N건, 조직 ⌈√N⌉배 (기본 1)",
        )
        parser.add_argument("--seed", type=int, default=2023, help="난수 시드 (같으면 같은 데이터)")
        parser.add_argument(
            "--reset", action="store_true", help="데이터베이스를 비우고 다시 넣습니다"
        )

    def handle(self, *args, scale, seed, reset, **options):
        if scale < 1:
            raise CommandError("--scale은 1 이상이어야 합니다.")
        if reset:
            self.reset()

        started = time.perf_counter()
        with long_statements():
            ran = self.load(scale=scale, seed=seed)
            if ran:
                # A freshly loaded database would be planned from default estimates until
                # autovacuum gets to it: statistics now, on PostgreSQL (core.db.analyze).
                analyzing = time.perf_counter()
                analyze()
                if connection.vendor == "postgresql":
                    seconds = time.perf_counter() - analyzing
                    self.stdout.write(f"통계 갱신(ANALYZE): {seconds:.1f}초")
        if not ran:
            self.stdout.write("데모 데이터가 이미 있습니다. 다시 넣으려면 --reset을 쓰세요.")
            return
        self.stdout.write(
            f"완료 ({time.perf_counter() - started:.1f}초, seed={seed}, scale={scale})"
        )

    @transaction.atomic
    def reset(self) -> None:
        """Empty the database but for the reminders' schedules (``KEPT_APPS``)."""
        models = serializers.sort_dependencies(
            [(apps.get_app_config(label), None) for label in KEPT_APPS]
        )
        kept = serializers.serialize("json", [o for m in models for o in m._default_manager.all()])
        call_command("flush", interactive=False, verbosity=0)
        for row in serializers.deserialize("json", kept):
            row.save()
        self.stdout.write("데이터베이스를 비웠습니다 (알림 일정은 그대로 둡니다).")

    def load(self, *, scale: int, seed: int) -> int:
        """Run the steps not loaded yet, in one transaction; how many ran. Their notices
        go to the inboxes only: no e-mail for made-up actions."""
        steps = [(step, *step.load()) for step in STEPS]
        with transaction.atomic(), inbox_only():
            # Foreign keys checked once at the end instead of row by row (core.db), but only
            # when something is written: the check reads every row of every table.
            writing = not all(is_loaded() for _step, is_loaded, _build in steps)
            tables = connection.introspection.django_table_names(only_existing=True)
            with foreign_keys_checked_at_end(tables if writing else []):
                ran = self.run_steps(steps, scale=scale, seed=seed)
                checked = time.perf_counter()
            if writing and connection.vendor == "postgresql":
                self.stdout.write(f"외래 키 확인: {time.perf_counter() - checked:.1f}초")
        return ran

    def run_steps(self, steps: list[tuple], *, scale: int, seed: int) -> int:
        ran = 0
        for step, is_loaded, build in steps:
            if is_loaded():
                self.stdout.write(f"{step.label}: 이미 있어 건너뜁니다.")
                continue
            step_started = time.perf_counter()
            report = build(scale=scale, seed=seed)
            ran += 1
            self.stdout.write(
                self.style.SUCCESS(
                    f"{step.label}: 넣었습니다 ({time.perf_counter() - step_started:.1f}초)"
                )
            )
            for line in report.lines():
                self.stdout.write(f"  {line}")
        return ran
