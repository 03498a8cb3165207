import factory
from django.utils import timezone

from subscribers.models import OpeningAlert, Subscriber, SubscriberStatus


class SubscriberFactory(factory.django.DjangoModelFactory):
    """Confirmed and on the list, kept until they unsubscribe."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")
    status = SubscriberStatus.CONFIRMED
    on_list = True
    confirmed_at = factory.LazyFunction(timezone.now)


class OpeningAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningAlert

    subscriber = factory.SubFactory(SubscriberFactory, on_list=False)
    seminar = factory.SubFactory("tests.factories.TentativeSeminarFactory")
