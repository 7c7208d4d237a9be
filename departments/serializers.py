"""Output shapes of the organisation API (read-only: the org chart changes through the HR
import and the admin, never through the API).

People expose what the internal staff directory shows: name, employee number, work e-mail,
position and unit. Never the username (a log-in name), password, staff or superuser flags,
log-in times or groups: a role such as 심사위원 is not a directory fact, and naming the
reviewers to every caller would invite lobbying.
"""

from __future__ import annotations

import rules
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from departments.models import Bureau, Division, Position, Team, User


class BureauSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    division_count = serializers.IntegerField(read_only=True, help_text="운영 중인 과의 수")

    class Meta:
        model = Bureau
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "display_order",
            "is_active",
            "deactivated_at",
            "division_count",
        ]
        read_only_fields = fields


class DivisionSerializer(serializers.ModelSerializer):
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    team_count = serializers.IntegerField(read_only=True, help_text="운영 중인 팀의 수")

    class Meta:
        model = Division
        fields = [
            "id",
            "name",
            "bureau",
            "bureau_name",
            "display_order",
            "is_active",
            "deactivated_at",
            "team_count",
        ]
        read_only_fields = fields


class TeamLeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class TeamSerializer(serializers.ModelSerializer):
    division_name = serializers.CharField(source="division.name", read_only=True)
    bureau = serializers.IntegerField(source="division.bureau_id", read_only=True)
    bureau_name = serializers.CharField(source="division.bureau.name", read_only=True)
    member_count = serializers.IntegerField(
        read_only=True, help_text="재직 중인 팀원 수(팀장 포함)"
    )
    leader = serializers.SerializerMethodField(help_text="재직 중인 팀장; 없으면 null")

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "division",
            "division_name",
            "bureau",
            "bureau_name",
            "display_order",
            "is_active",
            "deactivated_at",
            "member_count",
            "leader",
        ]
        read_only_fields = fields

    @extend_schema_field(TeamLeaderSerializer(allow_null=True))
    def get_leader(self, team: Team) -> dict | None:
        # Annotated by selectors.team_list(): no query per team.
        if team.leader_id is None:
            return None
        return {"id": team.leader_id, "full_name": team.leader_name}


class OptionalEmailField(serializers.EmailField):
    """A blank e-mail is null in the API: "" is not an e-mail address."""

    def to_representation(self, value):
        return value or None


class PersonSerializer(serializers.ModelSerializer):
    employee_number = serializers.SerializerMethodField(
        help_text="사번: 기획조정실과 시스템 관리자에게만(로그인 아이디이기도 합니다), 그 밖에는 null"
    )
    email = OptionalEmailField(read_only=True, allow_null=True)
    # Blank for staff without a 직위 in the HR sheet; said so in the schema.
    position = serializers.ChoiceField(choices=Position.choices, allow_blank=True, read_only=True)
    position_label = serializers.CharField(source="get_position_display", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True)
    division_name = serializers.CharField(source="division.name", read_only=True, allow_null=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "employee_number",
            "full_name",
            "email",
            "position",
            "position_label",
            "team",
            "team_name",
            "division",
            "division_name",
            "bureau",
            "bureau_name",
            "is_active",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_employee_number(self, person: User) -> str | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and rules.has_perm("departments.view_employee_number", user):
            return person.employee_number
        return None
