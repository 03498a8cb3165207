import pytest
from django.contrib.auth.models import Group

from bursaries.models import PANEL_GROUP


@pytest.fixture
def sent():
    from django.core import mail

    from outbox import services as outbox

    def deliver():
        outbox.send_due()
        return list(mail.outbox)

    return deliver


@pytest.fixture
def make_panel_member(django_user_model):
    def make(username="panel"):
        user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=PANEL_GROUP))
        return user

    return make
