"""Shapes of the briefing API: outputs, and the inputs the services take.

Input serializers check types and lengths only; every rule (who, the season's state,
working days, no overlap, a range long enough) is the services'.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from briefings.models import AgendaItem, BriefingSchedule, BriefingSession
from departments.models import Bureau
from ideas.models import Season
from ideas.serializers import _states
from reviews.serializers import IdeaRefSerializer


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        "example": "10:00",
        "description": "시:분, 서울 시각(Asia/Seoul)",
    }
)
class ClockTimeField(serializers.TimeField):
    """A wall-clock time in Seoul as "HH:MM" (JSON Schema's ``time`` format would demand a
    UTC offset, which a session's local time does not have)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M"])
        super().__init__(**kwargs)


class BureauRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgendaItemSerializer(serializers.ModelSerializer):
    idea = IdeaRefSerializer(read_only=True)
    start_time = ClockTimeField(read_only=True)
    end_time = ClockTimeField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["order", "start_time", "end_time", "idea"]
        read_only_fields = fields


class BriefingSessionSerializer(serializers.ModelSerializer):
    season_name = serializers.CharField(source="season.name", read_only=True)
    bureaus = BureauRefSerializer(many=True, read_only=True)
    is_published = serializers.BooleanField(read_only=True)
    agenda = AgendaItemSerializer(source="items", many=True, read_only=True)
    start_time = ClockTimeField(read_only=True)
    end_time = ClockTimeField(read_only=True)
    calendar_uid = serializers.SerializerMethodField(help_text="iCalendar UID(옮겨도 같음)")

    class Meta:
        model = BriefingSession
        fields = [
            "id",
            "season",
            "season_name",
            "title",
            "bureaus",
            "date",
            "start_time",
            "end_time",
            "place",
            "chair",
            "is_published",
            "published_at",
            "sequence",
            "calendar_uid",
            "agenda",
        ]
        read_only_fields = fields

    def get_calendar_uid(self, session) -> str:
        from briefings.calendars import session_uid

        return session_uid(session)


class SessionCreateSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    bureaus = serializers.PrimaryKeyRelatedField(
        queryset=Bureau.objects.all(), many=True, allow_empty=False
    )
    date = serializers.DateField()
    start_time = ClockTimeField()
    end_time = ClockTimeField()
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)


class SessionMoveSerializer(serializers.Serializer):
    date = serializers.DateField()
    start_time = ClockTimeField(help_text="새 시작 시각(서울). 길이는 그대로입니다.")


class SessionSwapSerializer(serializers.Serializer):
    other = serializers.PrimaryKeyRelatedField(
        queryset=BriefingSession.objects.all(), help_text="맞바꿀 보고회"
    )


class SessionRefSerializer(serializers.ModelSerializer):
    start_time = ClockTimeField(read_only=True)
    end_time = ClockTimeField(read_only=True)

    class Meta:
        model = BriefingSession
        fields = ["id", "title", "date", "start_time", "end_time", "place", "published_at"]
        read_only_fields = fields


class BriefingScheduleSerializer(serializers.ModelSerializer):
    """A season's schedule: the scheduler's parameters, its state and the season calendar."""

    season_name = serializers.CharField(source="season.name", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text=_states(BriefingSchedule.Status.choices)
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    time_slots = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), read_only=True
    )
    bureau_order = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = BriefingSchedule
        fields = [
            "season",
            "season_name",
            "status",
            "status_label",
            "refusal",
            "starts_on",
            "ends_on",
            "sessions_per_day",
            "time_slots",
            "minutes_per_item",
            "merge_small_bureaus",
            "bureau_order",
            "place",
            "requested_at",
            "generated_at",
            "published_at",
            "sessions",
        ]
        read_only_fields = fields

    def get_sessions(self, schedule) -> list[dict]:
        return SessionRefSerializer(
            self.context["sessions"].get(schedule.season_id, []), many=True
        ).data


class ScheduleRequestSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    sessions_per_day = serializers.IntegerField(min_value=1, max_value=6, default=2)
    time_slots = serializers.ListField(
        child=serializers.ListField(
            child=serializers.RegexField(r"^\d{1,2}:\d{2}$", max_length=5),
            min_length=2,
            max_length=2,
        ),
        min_length=1,
        max_length=6,
        default=[["10:00", "12:00"], ["14:00", "17:00"]],
        help_text='하루의 시간대, 예: [["10:00", "12:00"], ["14:00", "17:00"]]',
    )
    minutes_per_item = serializers.IntegerField(min_value=1, max_value=120, default=10)
    merge_small_bureaus = serializers.BooleanField(default=True)
    bureau_order = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        max_length=500,
        default=list,
    )
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
