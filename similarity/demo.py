"""load_demo's step: the morphemes and sentence vectors of the demo's submitted ideas."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from django.core.management import call_command

from ideas.models import Idea
from similarity import encoder
from similarity.models import IdeaTerms


@dataclass
class Report:
    ideas: int
    vectors: bool
    seconds: float

    def lines(self) -> list[str]:
        kind = "형태소와 문장 벡터" if self.vectors else "형태소(인코더 꺼짐)"
        return [f"{kind}: 아이디어 {self.ideas:,}건 ({self.seconds:.1f}초)"]


def is_loaded() -> bool:
    library = Idea.objects.visible_in_library()
    return (
        library.exists()
        and not library.exclude(pk__in=IdeaTerms.objects.values("idea_id")).exists()
    )


def build(*, scale: int = 1, seed: int = 0) -> Report:
    started = time.perf_counter()
    call_command("similarity_backfill", stdout=sys.stdout)
    return Report(
        ideas=IdeaTerms.objects.count(),
        vectors=encoder.enabled(),
        seconds=time.perf_counter() - started,
    )
