"""Compare library ideas with the library and store their likely duplicates (the pairs list)."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.db import long_statements
from ideas.models import Idea, Season
from similarity import selectors, services
from similarity.management.commands.similarity_backfill import progress

BATCH = 200


class Command(BaseCommand):
    help = (
        "아이디어마다 비슷한 아이디어를 찾아 중복 의심 쌍으로 저장합니다. 기본: 아직 비교하지 "
        "않았거나 수정 뒤·점수 기준이 바뀐 뒤 비교하지 않은 아이디어."
    )

    def add_arguments(self, parser):
        parser.add_argument("--season", type=int, help="이 시즌(id)의 아이디어만")
        parser.add_argument("--all", action="store_true", help="모두 다시 비교")

    def handle(self, *args, **options):
        season = None
        if options["season"] is not None:
            season = Season.objects.filter(pk=options["season"]).first()
            if season is None:
                raise CommandError(f"시즌 {options['season']}이(가) 없습니다.")
        # A whole library's work: not held to the web requests' statement_timeout.
        with long_statements():
            # First the stock phrases: ideas carrying one found or dropped since are
            # compared again.
            found, dropped = services.stock_phrases_refresh()
            if found or dropped:
                self.stdout.write(f"상투 문구 {found:,}개 새로 찾음, {dropped:,}개 빠짐")
            if options["all"]:
                ideas = Idea.objects.visible_in_library()
                ideas = ideas.filter(season=season) if season else ideas
            else:
                ideas = selectors.pairs_pending(season)
            self.compare(list(ideas.order_by("pk").values_list("pk", flat=True)))

    def compare(self, ids: list[int]) -> None:
        total, stored, started = len(ids), 0, time.monotonic()
        for start in range(0, total, BATCH):
            batch = list(
                Idea.objects.filter(pk__in=ids[start : start + BATCH]).only(
                    "pk", "title", "summary", "season_id", "reference_number", "status"
                )
            )
            stored += services.suggested_pairs_refresh(ideas=batch)
            progress(self.stdout, min(start + BATCH, total), total, started)
        if total:
            self.stdout.write("")
        self.stdout.write(f"아이디어 {total:,}건 비교, 중복 의심 쌍 {stored:,}건 저장")
