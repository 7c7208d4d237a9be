import factory

from notifications.models import Notification
from tests.departments.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Notification.Kind.IDEA_SENT_BACK
    title = factory.Sequence(lambda n: f"알림 {n}")
    body = "내용"
    url = "/ideas/"
