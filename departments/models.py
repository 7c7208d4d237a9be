"""The organisation: bureaus (실·국), divisions (과), teams (팀) and the people in them.

Units are reorganised every year (조직개편). A unit is never deleted while anything refers
to it (every foreign key to a unit is PROTECT); a closed unit is deactivated instead, and
records made under its old name keep that name in their own snapshot fields.
"""

from __future__ import annotations

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class OrgUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class OrgUnit(models.Model):
    name = models.CharField(_("이름"), max_length=100)
    # The HR office's unit code (부서코드): a unit keeps it through renames and moves, so an
    # import that carries it renames the unit instead of closing it and opening another.
    code = models.CharField(_("부서 코드"), max_length=20, blank=True, default="")
    display_order = models.PositiveIntegerField(_("표시 순서"), default=0)
    is_active = models.BooleanField(_("운영 중"), default=True)
    deactivated_at = models.DateTimeField(_("폐지 일시"), null=True, blank=True)
    created_at = models.DateTimeField(_("생성 일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 일시"), auto_now=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name if self.is_active else f"{self.name} ({_('폐지')})"


class Bureau(OrgUnit):
    """실·국 or an agency (직속기관·사업소); briefing sessions follow ``display_order``."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("실")
        BUREAU = "bureau", _("국")
        AGENCY = "agency", _("직속기관·사업소")

    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices, default=Kind.BUREAU)

    class Meta:
        verbose_name = _("실·국")
        verbose_name_plural = _("실·국")
        ordering = ["display_order", "name"]
        constraints = [
            # Two active bureaus may not share a name; a closed one may share it with its successor.
            models.UniqueConstraint(
                fields=["name"], condition=Q(is_active=True), name="bureau_active_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, deactivated_at__isnull=True)
                | Q(is_active=False, deactivated_at__isnull=False),
                name="bureau_deactivated_at_iff_inactive",
            ),
            # The import finds a unit by its HR code (departments.reorganisation).
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="bureau_code_unique"
            ),
        ]


class Division(OrgUnit):
    """과."""

    bureau = models.ForeignKey(
        Bureau, verbose_name=_("실·국"), on_delete=models.PROTECT, related_name="divisions"
    )

    class Meta:
        verbose_name = _("과")
        verbose_name_plural = _("과")
        ordering = ["bureau__display_order", "display_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "name"],
                condition=Q(is_active=True),
                name="division_active_name_unique_in_bureau",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, deactivated_at__isnull=True)
                | Q(is_active=False, deactivated_at__isnull=False),
                name="division_deactivated_at_iff_inactive",
            ),
            # The import finds a unit by its HR code (departments.reorganisation).
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="division_code_unique"
            ),
        ]


class Team(OrgUnit):
    """팀: the unit that submits ideas."""

    division = models.ForeignKey(
        Division, verbose_name=_("과"), on_delete=models.PROTECT, related_name="teams"
    )

    class Meta:
        verbose_name = _("팀")
        verbose_name_plural = _("팀")
        ordering = [
            "division__bureau__display_order",
            "division__display_order",
            "display_order",
            "name",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "name"],
                condition=Q(is_active=True),
                name="team_active_name_unique_in_division",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, deactivated_at__isnull=True)
                | Q(is_active=False, deactivated_at__isnull=False),
                name="team_deactivated_at_iff_inactive",
            ),
            # The import finds a unit by its HR code (departments.reorganisation).
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="team_code_unique"
            ),
        ]

    @property
    def bureau(self) -> Bureau:
        return self.division.bureau


class Position(models.TextChoices):
    """직위, as the HR office exports it."""

    TEAM_MEMBER = "team_member", _("팀원")
    TEAM_LEADER = "team_leader", _("팀장")
    DIVISION_HEAD = "division_head", _("과장")
    BUREAU_DIRECTOR = "bureau_director", _("실·국장")


class Role(models.TextChoices):
    """Cross-cutting roles, held as Django groups named by these values."""

    REVIEWER = "reviewer", _("심사위원(도지사실)")
    PLANNING_OFFICE = "planning_office", _("기획조정실")
    SYSTEM_ADMIN = "system_admin", _("시스템 관리자")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, username, password, **extra):
        if not username:
            raise ValueError("username is required")
        extra.setdefault("full_name", username)
        user = self.model(username=username, **extra)
        if "email" in extra:
            user.email = self.normalize_email(extra["email"])
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(username, password, **extra)

    def create_superuser(self, username, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(username, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(username=username)


TEAM_POSITIONS = [Position.TEAM_MEMBER, Position.TEAM_LEADER]


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff (직원). Signs in with the employee number (사번) or the username.

    ``bureau``, ``division`` and ``team`` place the person in the org chart at the level
    of their position: team members and leaders in a team, division heads in a division,
    bureau directors in a bureau. The import fills the levels above from the one below.
    """

    username = models.CharField(
        _("아이디"), max_length=150, unique=True, validators=[UnicodeUsernameValidator()]
    )
    employee_number = models.CharField(_("사번"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("성명"), max_length=50)
    email = models.EmailField(_("이메일"), blank=True)
    position = models.CharField(_("직위"), max_length=20, choices=Position.choices, blank=True)
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("실·국"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("과"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("팀"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    is_staff = models.BooleanField(_("관리 화면 접근"), default=False)
    is_active = models.BooleanField(_("재직"), default=True)
    date_joined = models.DateTimeField(_("등록 일시"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("직원")
        verbose_name_plural = _("직원")
        ordering = ["full_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(position__in=TEAM_POSITIONS) | Q(team__isnull=False),
                name="user_team_position_has_team",
            ),
            models.CheckConstraint(
                condition=~Q(position=Position.DIVISION_HEAD) | Q(division__isnull=False),
                name="user_division_head_has_division",
            ),
            models.CheckConstraint(
                condition=~Q(position=Position.BUREAU_DIRECTOR) | Q(bureau__isnull=False),
                name="user_bureau_director_has_bureau",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number or self.username})"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The cross-cutting roles, read once per request (templates ask many times)."""
        if not self.is_authenticated or not self.pk:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names

    def has_perm(self, perm, obj=None) -> bool:
        # A rule about one object (a team's draft, an attachment) holds for superusers too,
        # so pages, API, templates and admin give them the same answer as the rule.
        if obj is not None and rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def is_team_leader(self) -> bool:
        return self.position == Position.TEAM_LEADER

    @property
    def is_bureau_director(self) -> bool:
        return self.position == Position.BUREAU_DIRECTOR
