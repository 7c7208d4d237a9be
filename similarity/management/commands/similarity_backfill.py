"""Compute the morphemes and sentence vectors of library ideas that lack them (or all)."""

import time

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from core.db import long_statements
from ideas.models import Idea
from similarity import encoder, services
from similarity.models import IdeaTerms

BATCH = 256


class Command(BaseCommand):
    help = "형태소와 문장 벡터가 없는(또는 모든) 아이디어에 대해 계산합니다."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every idea")
        parser.add_argument("--no-vectors", action="store_true", help="morphemes only")

    def handle(self, *args, **options):
        # A whole library's work: not held to the web requests' statement_timeout.
        with long_statements():
            self.backfill(options)

    def backfill(self, options) -> None:
        ideas = Idea.objects.visible_in_library().order_by("pk")
        if not options["all"]:
            done = IdeaTerms.objects.filter(idea_id=OuterRef("pk"))
            if not options["no_vectors"] and encoder.enabled():
                done = done.filter(encoder=encoder.NAME)
            # NOT EXISTS, an anti-join: NOT IN over 200,000 stored ideas outgrew work_mem
            # and compared every idea with every stored one (past the statement timeout).
            ideas = ideas.filter(~Exists(done))
        ids = list(ideas.values_list("pk", flat=True))
        total = len(ids)
        with_vectors = not options["no_vectors"]
        started = time.monotonic()
        written = 0
        for start in range(0, total, BATCH):
            batch = list(
                Idea.objects.filter(pk__in=ids[start : start + BATCH]).only(
                    "pk", "title", "summary", "problem", "proposal"
                )
            )
            written += services.idea_terms_refresh(ideas=batch, with_vectors=with_vectors)
            progress(self.stdout, written, total, started)
        if total:
            self.stdout.write("")
        vectors = "" if with_vectors and encoder.enabled() else " (벡터 없이)"
        self.stdout.write(f"형태소·벡터 {written:,}건 계산{vectors}")


def progress(stdout, done: int, total: int, started: float) -> None:
    """One line, rewritten in place: a bar, the count and the rate."""
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed else 0
    bar = "█" * filled + "·" * (width - filled)
    stdout.write(f"\r[{bar}] {done:,}/{total:,} {rate:,.0f}건/s", ending="")
    stdout.flush()
