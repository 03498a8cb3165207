import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, Claim, Receipt
from common.storage import private_storage
from outbox.models import Email
from registrations import services as registration_services
from registrations.models import Registration, RegistrationStatus
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def past_seminar():
    start = timezone.now() - datetime.timedelta(days=2)
    return SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_deadline=start - datetime.timedelta(days=10),
        registration_opens_at=start - datetime.timedelta(days=40),
        bursary_deadline=start - datetime.timedelta(days=20),
    )


@pytest.fixture
def person(django_user_model):
    """Ann has a place, a waiting-list entry, a paid-for claim and a plain application."""
    seminar = SeminarFactory(capacity=1)
    place = RegistrationFactory(
        seminar=seminar, email="Ann@example.org", name="Ann Example", dietary_requirements="Vegan"
    )
    waiting, _ = registration_services.register(
        seminar, name="Next Person", email="next@example.org", group="academic"
    )
    RegistrationFactory(email="ann@EXAMPLE.org", status=RegistrationStatus.WAITING)
    claimed = BursaryApplicationFactory(
        seminar=past_seminar(),
        email="ann@example.org",
        name="Ann Example",
        status=BursaryStatus.ACCEPTED,
        offer_amount=Decimal("40"),
        reply_by=timezone.now(),
        statement="My reasons",
    )
    services.submit_claim(
        claimed, amount=Decimal("30"), files=[(SimpleUploadedFile("r.pdf", PDF), "application/pdf")]
    )
    plain = BursaryApplicationFactory(email="ann@example.org", statement="Other reasons")
    RegistrationFactory(email="someone.else@example.org")
    return {"place": place, "waiting": waiting, "claimed": claimed, "plain": plain}


def test_export_holds_everything_about_the_address_in_any_case(person):
    out = StringIO()

    call_command("export_personal_data", "ANN@example.org", stdout=out)

    data = json.loads(out.getvalue())
    assert len(data["registrations"]) == 2
    assert {r["dietary_requirements"] for r in data["registrations"]} == {"Vegan", ""}
    assert sorted(a["statement"] for a in data["bursary_applications"]) == [
        "My reasons",
        "Other reasons",
    ]
    claim = next(a["claim"] for a in data["bursary_applications"] if a["claim"])
    assert claim["amount"] == "30.00"
    assert claim["receipts"][0].startswith("receipt-")
    assert any(e["subject"].startswith("We have your travel claim") for e in data["emails"])
    assert "someone.else@example.org" not in out.getvalue()


def test_erase_needs_confirmation(person):
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "ann@example.org")

    assert Registration.objects.filter(email__iexact="ann@example.org").count() == 2


def test_erase_deletes_anonymises_finance_frees_the_place_and_files(
    person, django_capture_on_commit_callbacks
):
    receipt_file = Receipt.objects.get().file.name
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data", "ann@example.org", "--yes", stdout=out)
    again = StringIO()
    call_command("erase_personal_data", "ann@example.org", "--yes", stdout=again)

    assert out.getvalue() == (
        "Erased 2 registrations, 1 bursary application and 2 emails; anonymised "
        "1 bursary finance record and 0 involvement fees.\n"
    )
    assert not Registration.objects.filter(email__iexact="ann@example.org").exists()
    person["waiting"].refresh_from_db()
    assert person["waiting"].status == RegistrationStatus.CONFIRMED  # the freed place moved on
    assert not BursaryApplication.objects.filter(pk=person["plain"].pk).exists()
    finance = BursaryApplication.objects.get(pk=person["claimed"].pk)
    assert (finance.name, finance.statement) == ("", "")
    assert finance.email == f"removed-{finance.pk}@invalid"
    assert Claim.objects.get(application=finance).amount == Decimal("30")
    assert not Receipt.objects.exists()
    assert not private_storage().exists(receipt_file)
    assert not Email.objects.filter(to__iexact="ann@example.org").exists()
    assert Registration.objects.filter(email="someone.else@example.org").exists()
    assert again.getvalue().startswith("Erased 0 registrations, 0 bursary applications")


def test_erasing_an_address_takes_the_records_of_what_staff_did_with_it(django_user_model):
    from bursaries.personal_data import erase
    from common.models import AuditEntry

    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    theirs = RegistrationFactory(email="amal@example.org")
    others = RegistrationFactory()
    for registration in (theirs, others):
        registration_services.mark_attendance(
            registration, attended=True, by=organiser, now=registration.seminar.starts_at
        )

    erase("amal@example.org")

    assert list(AuditEntry.objects.values_list("object_id", flat=True)) == [others.pk]


def test_the_mailing_list_is_exported_and_erased_with_the_rest():
    from bursaries.personal_data import erase, export
    from subscribers.models import OpeningAlert, Subscriber
    from tests.factories.subscribers import OpeningAlertFactory, SubscriberFactory

    alert = OpeningAlertFactory(subscriber__email="Bea@Example.org", subscriber__on_list=True)
    SubscriberFactory(email="someone-else@example.org")

    held = export("bea@example.org")
    counts = erase("bea@example.org")

    [entry] = held["mailing_list"]
    assert entry["tell_me_when_registration_opens"] == [
        f"Seminar {alert.seminar.number}: {alert.seminar.title}"
    ]
    assert counts["mailing_list"] == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["someone-else@example.org"]
    assert not OpeningAlert.objects.exists()
