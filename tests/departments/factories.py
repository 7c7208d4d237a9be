import factory
from django.contrib.auth.models import Group

from departments.models import Bureau, Division, Position, Role, Team, User


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    name = factory.Sequence(lambda n: f"시험{n}국")
    kind = Bureau.Kind.BUREAU
    display_order = factory.Sequence(lambda n: n)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    bureau = factory.SubFactory(BureauFactory)
    name = factory.Sequence(lambda n: f"시험{n}과")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    division = factory.SubFactory(DivisionFactory)
    name = factory.Sequence(lambda n: f"시험{n}팀")


class UserFactory(factory.django.DjangoModelFactory):
    """A team member by default; the password is ``pw`` for every test user."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    employee_number = factory.Sequence(lambda n: f"{2000000 + n}")
    full_name = factory.Sequence(lambda n: f"김직원{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.kr")
    position = Position.TEAM_MEMBER
    team = factory.SubFactory(TeamFactory)
    division = factory.LazyAttribute(lambda u: u.team.division if u.team else None)
    bureau = factory.LazyAttribute(
        lambda u: u.team.division.bureau if u.team else (u.division.bureau if u.division else None)
    )
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                # get_or_create: transactional (browser) tests flush the migration's groups.
                self.groups.add(Group.objects.get_or_create(name=str(role))[0])
            # role_names is cached per instance; forget it after changing groups.
            self.__dict__.pop("role_names", None)


def team_leader(**kwargs) -> User:
    return UserFactory(position=Position.TEAM_LEADER, **kwargs)


def bureau_director(bureau: Bureau, **kwargs) -> User:
    return UserFactory(
        position=Position.BUREAU_DIRECTOR, team=None, division=None, bureau=bureau, **kwargs
    )


def division_head(division: Division, **kwargs) -> User:
    return UserFactory(
        position=Position.DIVISION_HEAD,
        team=None,
        division=division,
        bureau=division.bureau,
        **kwargs,
    )


def with_role(role: Role, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)
