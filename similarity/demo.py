"""load_demo's step: the morphemes and sentence vectors of the demo's submitted ideas, and
their likely duplicate pairs."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from django.core.management import call_command

from ideas.models import Idea
from similarity import encoder
from similarity.models import IdeaTerms

# Korean analysis takes about 5 ms an idea and a sentence vector about 60 ms on one core: the
# demo (884 ideas) gets both as it loads, in about a minute; a scaled demo (--scale 227,
# 200,000 ideas: hours of vectors) leaves them to ``manage.py similarity_backfill``, which
# shows its progress. Until then search matches by characters alone and similar ideas know
# only the ideas indexed so far.
INDEXED_UP_TO = 2_000


@dataclass
class Report:
    ideas: int
    vectors: bool
    seconds: float
    left: int = 0  # ideas left to the backfill command

    def lines(self) -> list[str]:
        if self.left:
            return [
                f"아이디어 {self.left:,}건은 데모에서 색인하지 않았습니다: "
                "manage.py similarity_backfill로 계산하고 (형태소만: --no-vectors), "
                "중복 의심 쌍은 manage.py similarity_pairs로 저장하세요."
            ]
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
    library = Idea.objects.visible_in_library().count()
    if library > INDEXED_UP_TO:
        return Report(ideas=0, vectors=False, seconds=0.0, left=library)
    call_command("similarity_backfill", stdout=sys.stdout)
    # The planning office's list of likely duplicate pairs reads them stored.
    call_command("similarity_pairs", stdout=sys.stdout)
    return Report(
        ideas=IdeaTerms.objects.count(),
        vectors=encoder.enabled(),
        seconds=time.perf_counter() - started,
    )
