"""Demo comments and 공감 on season 2's library and on the roadmap's tasks: written
directly (the notices such talk would have sent are long read), with one reply, one
comment hidden by the planning office and one reported."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from core.services import history_record
from departments.models import User
from ideas.models import Idea
from participation.models import Comment, CommentReport, Endorsement
from roadmap.models import Task

COMMENTS = [
    "저희 과에서도 비슷한 불편이 있었습니다. 꼭 추진되면 좋겠습니다.",
    "시·군과 함께 하면 효과가 더 클 것 같습니다.",
    "예산은 어느 정도 드는지 궁금합니다.",
    "현장 의견을 먼저 들어 보면 좋겠습니다.",
    "다른 도의 사례도 함께 살펴보면 좋겠습니다.",
    "조인트벤처 과제로 묶어 보면 어떨까요?",
]


@dataclass
class DemoReport:
    lines_: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.lines_


def is_loaded() -> bool:
    return Endorsement.objects.exists()


def build(*, scale: int = 1, seed: int = 2023) -> DemoReport:
    rng = random.Random(f"participation:{seed}")
    people = list(
        User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:400]
    )
    ideas = list(
        Idea.objects.filter(season__code="S2", reference_number__isnull=False)
        .exclude(status=Idea.Status.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)[:120]
    )
    tasks = list(Task.objects.values_list("pk", flat=True))
    # The content types from the database, not the process's cache: a flushed and re-made
    # database (a test run's transactional tests) gives them new ids, and deferred foreign
    # keys would let rows point at the old ones unnoticed.
    ContentType.objects.clear_cache()
    idea_type = ContentType.objects.get_for_model(Idea)
    task_type = ContentType.objects.get_for_model(Task)
    endorsements, comments = [], []
    for content_type, pks, most in ((idea_type, ideas, 25), (task_type, tasks, 60)):
        for pk in pks:
            for person in rng.sample(people, min(len(people), rng.randint(0, most))):
                endorsements.append(
                    Endorsement(content_type=content_type, object_id=pk, user_id=person)
                )
            for _ in range(rng.randint(0, 3)):
                comments.append(
                    Comment(
                        content_type=content_type,
                        object_id=pk,
                        author_id=rng.choice(people),
                        body=rng.choice(COMMENTS),
                    )
                )
    Endorsement.objects.bulk_create(endorsements, ignore_conflicts=True)
    comments = Comment.objects.bulk_create(comments)
    planner = User.objects.filter(username="planner").first()
    if comments:
        first = comments[0]
        Comment.objects.create(
            content_type=first.content_type,
            object_id=first.object_id,
            parent=first,
            author_id=rng.choice(people),
            body="좋은 지적입니다. 담당 부서와 함께 검토하겠습니다.",
        )
    if len(comments) > 2 and planner:
        hidden = comments[1]
        hidden.body = "특정 직원을 비방하는 내용"
        hidden.status = Comment.Status.HIDDEN
        hidden.hidden_reason = "특정인 비방"
        hidden.save()
        history_record(obj=hidden, action="hidden", by=planner, reason="특정인 비방")
        CommentReport.objects.create(comment=comments[2], reporter_id=people[0], reason="광고성 글")
    return DemoReport(
        [f"공감 {len(endorsements)}건, 의견 {len(comments) + 1}건 (시즌2 도서관과 로드맵 과제)"]
    )
