"""Shapes of the ideas API: outputs, and the inputs the services take.

Input serializers only check types and lengths; every rule of the program (who, when, what
a submission must carry) is the services' and comes back as a ``BusinessRuleError``.

States in outputs are plain strings with a ``*_label`` beside them; enums are declared on
inputs only, so that one choice set never appears under two names in the schema.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import HistoryEntry
from departments.models import User
from ideas import permissions, search
from ideas.models import Exemption, Idea, IdeaAttachment, QuotaStatus, Season
from ideas.services import CONTENT_FIELDS


def _states(choices) -> str:
    return ", ".join(f"`{value}` {label}" for value, label in choices)


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


# Seasons ---------------------------------------------------------------------------


class SeasonSerializer(serializers.ModelSerializer):
    """A season as read, and as the planning office creates or edits it (never its state:
    that changes through ``transition``)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_states(Season.Status.choices))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_accepting_submissions = serializers.SerializerMethodField(help_text="지금 접수 중인지")
    idea_count = serializers.IntegerField(
        read_only=True, help_text="제출된(작성 중이 아닌) 아이디어 수"
    )

    class Meta:
        model = Season
        fields = [
            "id",
            "name",
            "code",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "description",
            "submission_opens_at",
            "submission_closes_at",
            "min_ideas_per_team",
            "exemptions_allowed",
            "representative_per_division",
            "blind_to_proposer",
            "is_accepting_submissions",
            "idea_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The unique code is the service's rule (with its Korean message at ``code``).
        extra_kwargs = {"code": {"validators": []}}

    def get_is_accepting_submissions(self, season: Season) -> bool:
        return season.is_accepting_submissions()

    def validate_submission_opens_at(self, value):
        return _plausible(value)

    def validate_submission_closes_at(self, value):
        return _plausible(value)


def _plausible(value):
    # Not a rule of the program but a typo guard; it also keeps dates inside the range
    # where Asia/Seoul has a whole-minute offset that RFC 3339 can write.
    if not 2000 <= value.year < 2100:
        raise serializers.ValidationError(_("2000년부터 2099년 사이의 일시를 입력하세요."))
    return value


class SeasonTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Season.Status.choices, help_text="바꿀 상태")


class TeamQuotaSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="pk")
    team_name = serializers.CharField(source="name")
    division = serializers.IntegerField(source="division_id")
    division_name = serializers.CharField(source="division.name")
    bureau = serializers.IntegerField(source="division.bureau_id")
    bureau_name = serializers.CharField(source="division.bureau.name")
    is_active = serializers.BooleanField()
    submitted_count = serializers.IntegerField(help_text="이 시즌에 제출된 아이디어 수")
    exemption_status = serializers.CharField(
        allow_null=True,
        help_text="반려되지 않은 제출 예외의 상태(`pending`, `approved`), 없으면 null",
    )
    quota_status = serializers.ChoiceField(choices=QuotaStatus.choices)
    quota_status_label = serializers.SerializerMethodField()

    def get_quota_status_label(self, team) -> str:
        return str(QuotaStatus(team.quota_status).label)


# Ideas -----------------------------------------------------------------------------


# What a reviewer blind to the proposer gets in place of the team, bureau and authors.
PROPOSER_HIDDEN = {
    "team": None,
    "team_name": "",
    "division": None,
    "division_name": "",
    "bureau": None,
    "bureau_name": "",
    "created_by": None,
    "submitted_by": None,
}


class IdeaListSerializer(serializers.ModelSerializer):
    """A row of an idea list: what ``selectors.idea_list`` loads, nothing more."""

    season_name = serializers.CharField(source="season.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_states(Idea.Status.choices))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    # Blank until the team chooses; a read-only model field would lose allow_blank.
    implementation_path = serializers.ChoiceField(
        choices=Idea.Path.choices, allow_blank=True, read_only=True
    )
    implementation_path_label = serializers.CharField(
        source="get_implementation_path_display", read_only=True
    )
    attachment_count = serializers.IntegerField(read_only=True)
    # Blind to the proposer (ideas.permissions.proposer_hidden): null and blank for a
    # reviewer while the season's review round is open.
    team = serializers.IntegerField(source="team_id", read_only=True, allow_null=True)
    division = serializers.IntegerField(source="division_id", read_only=True, allow_null=True)
    bureau = serializers.IntegerField(source="bureau_id", read_only=True, allow_null=True)
    proposer_hidden = serializers.SerializerMethodField(
        help_text="심사 중 제안 팀·작성자를 가린 경우 true (팀, 실·국, 작성자가 비어 있음)"
    )

    class Meta:
        model = Idea
        fields = [
            "id",
            "reference_number",
            "season",
            "season_name",
            "status",
            "status_label",
            "title",
            "summary",
            "team",
            "team_name",
            "division",
            "division_name",
            "bureau",
            "bureau_name",
            "implementation_path",
            "implementation_path_label",
            "is_representative",
            "duplicate_of",
            "submitted_at",
            "updated_at",
            "attachment_count",
            "version",
            "proposer_hidden",
        ]
        read_only_fields = fields

    def _hidden(self, idea: Idea) -> bool:
        request = self.context.get("request")
        return bool(request and permissions.proposer_hidden(request.user, idea))

    def get_proposer_hidden(self, idea: Idea) -> bool:
        return self._hidden(idea)

    @cached_property
    def _labels(self) -> tuple[dict, dict]:
        # Once per response (a list's rows share one child serializer): the model's
        # get_<field>_display builds its choice dictionary again on every call.
        return (
            {value: str(label) for value, label in Idea.Status.choices},
            {value: str(label) for value, label in Idea.Path.choices},
        )

    def to_representation(self, idea: Idea) -> dict:
        """A list row written out by hand: the same output as the declared fields give
        (tests/ideas/test_api_list_rows.py compares them), at a fraction of the cost of
        DRF's generic field-by-field path (issue 17: 100 rows took ~15 ms of a 20 ms
        request)."""
        statuses, paths = self._labels
        fields = self.fields
        path = idea.implementation_path
        data = {
            "id": idea.pk,
            "reference_number": idea.reference_number,
            "season": idea.season_id,
            "season_name": idea.season.name,
            "status": idea.status,
            "status_label": statuses.get(idea.status, idea.status),
            "title": idea.title,
            "summary": idea.summary,
            "team": idea.team_id,
            "team_name": idea.team_name,
            "division": idea.division_id,
            "division_name": idea.division_name,
            "bureau": idea.bureau_id,
            "bureau_name": idea.bureau_name,
            "implementation_path": path,
            "implementation_path_label": paths.get(path, path),
            "is_representative": idea.is_representative,
            "duplicate_of": idea.duplicate_of_id,
            "submitted_at": fields["submitted_at"].to_representation(idea.submitted_at),
            "updated_at": fields["updated_at"].to_representation(idea.updated_at),
            "attachment_count": idea.attachment_count,
            "version": idea.version,
            "proposer_hidden": self._hidden(idea),
        }
        return self._hide_proposer(data)

    def _hide_proposer(self, data: dict) -> dict:
        if data.get("proposer_hidden"):
            data.update({k: v for k, v in PROPOSER_HIDDEN.items() if k in data})
            if "co_authors" in data:
                data["co_authors"] = []
        return data


class DuplicateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference_number = serializers.CharField(allow_null=True)
    title = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer):
    uploaded_by = PersonRefSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = IdeaAttachment
        fields = [
            "id",
            "idea",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, attachment: IdeaAttachment) -> str:
        return f"/api/v1/attachments/{attachment.pk}/download/"


class IdeaActionsSerializer(serializers.Serializer):
    change = serializers.BooleanField(help_text="고치기, 첨부 파일 올리기·지우기")
    submit = serializers.BooleanField()
    withdraw = serializers.BooleanField()
    send_back = serializers.BooleanField()
    mark_representative = serializers.BooleanField()
    link_duplicate = serializers.BooleanField()


# The API name of each action and the rules permission that answers it.
IDEA_ACTION_PERMS = {
    "change": "ideas.change_idea",
    "submit": "ideas.submit_idea",
    "withdraw": "ideas.withdraw_idea",
    "send_back": "ideas.send_back_idea",
    "mark_representative": "ideas.mark_representative",
    "link_duplicate": "ideas.link_duplicate",
}


class IdeaDetailSerializer(IdeaListSerializer):
    """One idea in full, with what the caller may do with it now."""

    source_type = serializers.ChoiceField(
        choices=Idea.SourceType.choices, allow_blank=True, read_only=True
    )
    source_type_label = serializers.CharField(source="get_source_type_display", read_only=True)
    action = serializers.ChoiceField(choices=Idea.Action.choices, allow_blank=True, read_only=True)
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    created_by = PersonRefSerializer(read_only=True, allow_null=True)
    submitted_by = PersonRefSerializer(read_only=True, allow_null=True)
    co_authors = PersonRefSerializer(many=True, read_only=True)
    duplicate_of = DuplicateRefSerializer(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    attachment_count = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(IdeaListSerializer.Meta):
        fields = [
            *IdeaListSerializer.Meta.fields,
            *CONTENT_FIELDS,
            "source_type_label",
            "action_label",
            "created_by",
            "submitted_by",
            "co_authors",
            "attachments",
            "created_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def to_representation(self, idea: Idea) -> dict:
        # The declared fields, DRF's way (the list's hand-written row covers fewer).
        return self._hide_proposer(serializers.ModelSerializer.to_representation(self, idea))

    def get_attachment_count(self, idea: Idea) -> int:
        return len(idea.attachments.all())  # prefetched

    @extend_schema_field(IdeaActionsSerializer)
    def get_allowed_actions(self, idea: Idea) -> dict:
        user = self.context["request"].user
        return {name: user.has_perm(perm, idea) for name, perm in IDEA_ACTION_PERMS.items()}


def _content_kwargs() -> dict:
    return {name: {"required": False} for name in CONTENT_FIELDS}


class IdeaCreateSerializer(serializers.ModelSerializer):
    """A new draft: the season and whatever the team has typed so far (all optional)."""

    season = serializers.PrimaryKeyRelatedField(
        queryset=Season.objects.exclude(status=Season.Status.DRAFT)
    )
    co_authors = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=User.objects.filter(is_active=True),
        help_text="같은 팀 직원의 id",
    )

    class Meta:
        model = Idea
        fields = ["season", *CONTENT_FIELDS, "co_authors"]
        extra_kwargs = _content_kwargs()


class IdeaUpdateSerializer(serializers.ModelSerializer):
    """Changes to a draft (or a returned idea), from the version the caller loaded."""

    version = serializers.IntegerField(
        min_value=1, help_text="불러온 아이디어의 `version`. 그 사이 누가 저장했으면 409"
    )
    co_authors = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=User.objects.filter(is_active=True),
        help_text="같은 팀 직원의 id(보낸 목록으로 바뀝니다)",
    )

    class Meta:
        model = Idea
        fields = ["version", *CONTENT_FIELDS, "co_authors"]
        extra_kwargs = _content_kwargs()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="보완 요청 사유(필수)"
    )


class DuplicateOfSerializer(serializers.Serializer):
    original = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        max_length=20,
        help_text="원본 아이디어의 id 또는 접수번호(예: S2-0123); 비우거나 null이면 연결을 끊습니다",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SimilarQuerySerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=search.TYPED_LIMITS["title"], help_text="작성 중인 제목"
    )
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        # Kept short so that the query string fits in a request line (8 KB); the first
        # sentences of a summary are enough to find similar ideas. POST takes it whole.
        max_length=400,
        error_messages={
            "max_length": gettext_lazy(
                "요약이 {max_length}자보다 길면 같은 주소에 POST로 보내세요(2,000자까지)."
            )
        },
        help_text="작성 중인 요약(앞부분 400자; 더 길면 POST로 보내세요)",
    )
    exclude = serializers.IntegerField(
        required=False, min_value=1, help_text="결과에서 뺄 아이디어 id(고치는 아이디어 자신)"
    )


class SimilarBodySerializer(SimilarQuerySerializer):
    """The title and the whole summary being typed, as the intake form's live check sends
    them (a summary does not fit in a URL)."""

    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=search.TYPED_LIMITS["summary"],
        error_messages={
            "max_length": gettext_lazy(
                "요약은 앞부분 {max_length}자까지 비교합니다. 그만큼만 보내세요."
            )
        },
        help_text="작성 중인 요약(2,000자까지)",
    )


class SimilarIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="idea.pk")
    reference_number = serializers.CharField(source="idea.reference_number", allow_null=True)
    title = serializers.CharField(source="idea.title")
    season = serializers.IntegerField(source="idea.season_id")
    season_name = serializers.CharField(source="idea.season.name")
    # Blank when the proposer is hidden from the reader (ideas.permissions.proposer_hidden).
    team_name = serializers.CharField(source="idea.team_name")
    bureau_name = serializers.CharField(source="idea.bureau_name")
    proposer_hidden = serializers.SerializerMethodField(
        help_text="심사 중 제안 팀·작성자를 가린 경우 true (팀, 실·국이 비어 있음)"
    )
    status = serializers.CharField(source="idea.status")
    status_label = serializers.CharField(source="idea.get_status_display")
    score = serializers.FloatField(
        help_text="0~1, 같은 제안일 가능성(보정된 점수); 0.75 이상만 보여 줍니다 "
        "(요약 없이 제목만 입력했으면 0.95, 문장 인코더가 꺼져 있으면 0.7 이상)"
    )
    words = serializers.FloatField(help_text="0~1, 형태소(낱말) 점수")
    meaning = serializers.FloatField(
        allow_null=True,
        help_text="-1~1, 두 문장 벡터의 코사인; 인코더가 없으면 null. 점수는 이 값을 기준 "
        "아이디어들과의 코사인에 견주어 씁니다",
    )
    shared_words = serializers.ListField(
        child=serializers.CharField(), help_text="두 아이디어에 함께 나오는 낱말"
    )
    outcome = serializers.CharField(
        source="outcome.code", help_text="이전 아이디어의 선정 결과 코드(없으면 빈 값)"
    )
    outcome_label = serializers.CharField(
        source="outcome.label", help_text="선정 결과: 채택, 조건부 채택, 미채택 등"
    )
    rollout_status = serializers.CharField(
        source="outcome.rollout_status",
        help_text="채택된 아이디어의 실행계획 상태 코드(계획이 없으면 빈 값)",
    )
    rollout_status_label = serializers.CharField(
        source="outcome.rollout_status_label",
        help_text="실행계획 상태: 계획 작성 중, 추진 중, 완료, 실시불가 확정 등",
    )

    def get_proposer_hidden(self, found) -> bool:
        request = self.context.get("request")
        return bool(request and permissions.proposer_hidden(request.user, found.idea))

    def to_representation(self, found) -> dict:
        data = super().to_representation(found)
        if data["proposer_hidden"]:
            data.update(team_name="", bureau_name="")
        return data


class HistoryEntrySerializer(serializers.ModelSerializer):
    actor = PersonRefSerializer(read_only=True, allow_null=True)
    data = serializers.DictField(read_only=True)

    class Meta:
        model = HistoryEntry
        fields = ["id", "action", "actor", "at", "reason", "data"]
        read_only_fields = fields


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="PDF, HWP/HWPX, Office 문서 또는 이미지; 형식은 파일 내용으로 확인합니다"
    )


# Exemptions ------------------------------------------------------------------------


class ExemptionSerializer(serializers.ModelSerializer):
    season_name = serializers.CharField(source="season.name", read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_states(Exemption.Status.choices))
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    filed_by = PersonRefSerializer(read_only=True)
    decided_by = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Exemption
        fields = [
            "id",
            "season",
            "season_name",
            "team",
            "team_name",
            "bureau",
            "bureau_name",
            "reason",
            "reason_label",
            "reason_text",
            "status",
            "status_label",
            "filed_by",
            "filed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ExemptionCreateSerializer(serializers.ModelSerializer):
    season = serializers.PrimaryKeyRelatedField(
        queryset=Season.objects.exclude(status=Season.Status.DRAFT)
    )

    class Meta:
        model = Exemption
        fields = ["season", "reason", "reason_text"]
        extra_kwargs = {"reason_text": {"required": False}}


class ExemptionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true 승인, false 반려")
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="결정 의견(반려할 때 필수)"
    )
