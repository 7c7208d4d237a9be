from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea


class IdeaTerms(models.Model):
    """What an idea says, as Korean content morphemes and a sentence vector.

    Kept by ``similarity.services.idea_terms_refresh`` (on submit and edit, through a Celery
    task after commit, and by ``manage.py similarity_backfill``). Terms are stored
    space-separated with a space at both ends: PostgreSQL searches them through the
    weighted tsvector index of migration 0002; SQLite through LIKE ' term%'.
    """

    idea = models.OneToOneField(
        Idea,
        verbose_name=_("아이디어"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="terms",
    )
    title_terms = models.TextField(_("제목 형태소"), blank=True)
    summary_terms = models.TextField(_("요약 형태소"), blank=True)
    body_terms = models.TextField(_("문제점·개선 방안 형태소"), blank=True)
    # int8 × 512 (similarity.encoder); NULL until the encoder has run.
    vector = models.BinaryField(_("문장 벡터"), null=True, blank=True)
    encoder = models.CharField(_("인코더"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)
    # When the idea was last compared with the library for the likely duplicate pairs
    # (``SuggestedPair``), and under which scoring (``selectors.PAIRS_VERSION``): NULL, or
    # before ``updated_at``, or another version, means "to compare again".
    pairs_checked_at = models.DateTimeField(_("중복 비교 일시"), null=True, blank=True)
    pairs_version = models.CharField(
        _("중복 비교 기준"), max_length=40, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("아이디어 형태소·벡터")
        verbose_name_plural = _("아이디어 형태소·벡터")

    def __str__(self) -> str:
        return str(self.idea_id)


class SuggestedPair(models.Model):
    """A likely duplicate: an earlier or fellow idea that ``idea``'s own search scored at or
    above the threshold (``similarity.selectors.ranked``, the live check's score).

    Kept when the idea is submitted or edited (``services.idea_similarity_refresh``), so
    that the season's list is read rather than computed on each view: at 200,000 ideas one
    idea's search takes about 55 ms, a season of thousands of ideas minutes. Stored as
    found, one row per direction; the list takes each pair once, at its best score.
    """

    idea = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        Idea, verbose_name=_("비슷한 아이디어"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("점수"))
    # The idea's morphemes the other one uses too, in the idea's order, space-separated.
    shared_words = models.CharField(_("겹치는 낱말"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("중복 의심 쌍")
        verbose_name_plural = _("중복 의심 쌍")
        constraints = [
            models.UniqueConstraint(fields=["idea", "other"], name="suggested_pair_once"),
            models.CheckConstraint(condition=~Q(idea=F("other")), name="suggested_pair_two_ideas"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="suggested_pair_score_0_1"
            ),
        ]
        # The list, best first, reads this index and stops after a page (selectors.likely_pairs).
        indexes = [models.Index(F("score").desc(), "id", name="suggested_pair_best_first")]

    def __str__(self) -> str:
        return f"{self.idea_id}→{self.other_id} {self.score:.2f}"


class DismissedPair(models.Model):
    """The planning office judged two ideas not to be duplicates: never suggest the pair again.

    Stored once per pair, the lower id first, whichever of the two was looked at.
    """

    first = models.ForeignKey(
        Idea, verbose_name=_("아이디어"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Idea, verbose_name=_("비교 아이디어"), on_delete=models.CASCADE, related_name="+"
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("판단한 사람"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("판단 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("중복 아님으로 판단한 쌍")
        verbose_name_plural = _("중복 아님으로 판단한 쌍")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dismissed_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="dismissed_pair_lower_id_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.second_id}"


class StockPhrase(models.Model):
    """Wording many ideas' summaries share whatever they propose (상투 문구: "도민 체감
    도정 혁신"): a run of content morphemes read past when ideas are compared
    (``similarity.stock``). Found from the library by ``services.stock_phrases_refresh``."""

    terms = models.CharField(_("형태소"), max_length=200, unique=True)
    ideas = models.PositiveIntegerField(_("쓴 아이디어 수"))
    found_at = models.DateTimeField(_("찾은 일시"), auto_now_add=True)
    # The planning office judged that the phrase says what ideas propose: it is read, not
    # read past (``services.stock_phrases_overrule``); kept while the library yields it.
    overruled_at = models.DateTimeField(_("상투 문구 아님으로 판단한 일시"), null=True, blank=True)
    overruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("판단한 사람"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("상투 문구")
        verbose_name_plural = _("상투 문구")
        ordering = ["-ideas", "terms"]
        constraints = [
            models.CheckConstraint(condition=~Q(terms=""), name="stock_phrase_has_terms"),
            models.CheckConstraint(
                condition=Q(overruled_at__isnull=True, overruled_by__isnull=True)
                | Q(overruled_at__isnull=False, overruled_by__isnull=False),
                name="stock_phrase_overruled_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.terms
