from rest_framework import serializers

from ideas.models import Idea, Season


class IdeaBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference_number = serializers.CharField()
    title = serializers.CharField()
    season_name = serializers.CharField(source="season.name")
    bureau_name = serializers.CharField()
    team_name = serializers.CharField()


class LikelyPairSerializer(serializers.Serializer):
    idea = IdeaBriefSerializer(help_text="시즌의 아이디어")
    other = IdeaBriefSerializer(help_text="중복일 수 있는 다른 아이디어")
    score = serializers.FloatField(help_text="0~1, 같은 제안일 가능성")
    shared_words = serializers.ListField(child=serializers.CharField())
    outcome_label = serializers.CharField(
        source="outcome.text",
        help_text="다른 아이디어의 선정 결과(채택되었으면 실행계획 상태와 함께, 예: 채택 · 추진 중)",
    )


class PairQuerySerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all(), help_text="시즌 id")


class DismissSerializer(serializers.Serializer):
    idea = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.visible_in_library())
    other = serializers.PrimaryKeyRelatedField(queryset=Idea.objects.visible_in_library())
