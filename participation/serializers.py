from rest_framework import serializers

from participation.models import Comment
from participation.targets import TARGETS

KINDS = list(TARGETS)


class CommentSerializer(serializers.ModelSerializer):
    """A hidden or deleted comment keeps its place but not its text."""

    author_name = serializers.CharField(source="author.full_name", read_only=True)
    body = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "parent",
            "author",
            "author_name",
            "body",
            "status",
            "hidden_reason",
            "created_at",
            "edited_at",
        ]

    def get_body(self, comment) -> str:
        return comment.body if comment.status == Comment.Status.VISIBLE else ""


class TargetSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=KINDS)
    target_id = serializers.IntegerField(min_value=1, max_value=2**62)


class CommentInputSerializer(TargetSerializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=100_000)
    parent = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class CommentEditSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=100_000)


class CommentReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=1000)


class EngagementSerializer(serializers.Serializer):
    target_type = serializers.CharField()
    target_id = serializers.IntegerField()
    endorsement_count = serializers.IntegerField()
    endorsed = serializers.BooleanField()
    comment_count = serializers.IntegerField()
