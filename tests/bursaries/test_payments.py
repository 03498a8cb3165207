"""Each way of paying a bursary, from acceptance to the last payment, and what accepting carries
over to the person's place at the seminar."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryStatus, CostLine, PaymentMethod, SeminarBursaries
from bursaries.queries import money_of
from common.models import AuditEntry
from registrations.models import Registration, RegistrationStatus
from seminars.models import Seminar
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def staff_outside_panel(django_user_model):
    return django_user_model.objects.create_user("panel", is_staff=True)


def offered(staff_outside_panel, *, lines=None, **kwargs):
    application = BursaryApplicationFactory(seminar__bursaries_closed=True, **kwargs)
    return services.offer(
        application,
        lines=lines or {CostLine.TRAVEL: Decimal("40.00"), CostLine.COMPANION: Decimal("20.00")},
        reply_by=timezone.now() + 7 * DAY,
        by=staff_outside_panel,
    )


def accepted(staff_outside_panel, method, **kwargs):
    return services.accept(offered(staff_outside_panel, **kwargs), payment_method=method)


def seminar_over(application):
    """Move the seminar to yesterday, keeping every rule about its dates."""
    start = timezone.now() - DAY
    Seminar.objects.filter(pk=application.seminar_id).update(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=start - 40 * DAY,
        registration_deadline=start - 10 * DAY,
    )
    SeminarBursaries.objects.filter(seminar=application.seminar_id).update(
        deadline=start - 20 * DAY, decisions_by=(start - 15 * DAY).date()
    )
    application.refresh_from_db()
    return application


def receipt():
    return [(SimpleUploadedFile("r.pdf", PDF), "application/pdf")]


def emails_to(sent, application):
    return [email for email in sent() if email.to == [application.email]]


# What accepting carries over to the place.


def test_accepting_carries_group_and_access_needs_to_the_place_under_the_bursary_consent(
    staff_outside_panel,
):
    application = offered(
        staff_outside_panel,
        group="carer",
        organisation="",
        access_needs="Somewhere quiet to sit at lunch",
        health_consent_at=timezone.now(),
    )

    done = services.accept(application, payment_method=PaymentMethod.BOOK)

    place = Registration.objects.get(pk=done.registration_id)
    assert place.status == RegistrationStatus.CONFIRMED
    assert (place.group, place.access_requirements) == ("carer", "Somewhere quiet to sit at lunch")
    assert place.health_consent_at == application.health_consent_at
    assert "bursar" not in str(place.__dict__).lower()  # nothing on the place says "bursary"


def test_without_health_information_nothing_needing_consent_is_carried(staff_outside_panel):
    application = offered(staff_outside_panel, group="third_sector", organisation="Leeds Mind")

    done = services.accept(application, payment_method=PaymentMethod.REIMBURSE)

    place = Registration.objects.get(pk=done.registration_id)
    assert (place.group, place.organisation) == ("third_sector", "Leeds Mind")
    assert (place.access_requirements, place.health_consent_at) == ("", None)


def test_what_the_person_wrote_on_their_own_registration_is_never_overwritten(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True)
    own = RegistrationFactory(
        seminar=seminar,
        email="amal@example.org",
        group="prefer_not_to_say",
        organisation="Their own words",
        access_requirements="A hearing loop",
        health_consent_at=timezone.now(),
    )
    application = offered(
        staff_outside_panel,
        seminar=seminar,
        email="amal@example.org",
        group="service_user",
        organisation="Leeds Mind",
        access_needs="Step-free access",
        health_consent_at=timezone.now(),
    )

    services.accept(application, payment_method=PaymentMethod.BOOK)

    own.refresh_from_db()
    assert (own.group, own.organisation, own.access_requirements) == (
        "prefer_not_to_say",
        "Their own words",
        "A hearing loop",
    )


def test_complete_details_refuses_health_information_without_consent():
    from registrations import services as registration_services

    place = RegistrationFactory(group="", organisation="")

    filled = registration_services.complete_details(
        place, group="service_user", organisation="Mind", access_requirements="Breaks"
    )

    place.refresh_from_db()
    assert filled == ["organisation"]
    assert (place.group, place.access_requirements, place.health_consent_at) == ("", "", None)


def test_accepting_sends_one_email_true_to_the_way_of_paying(staff_outside_panel, sent):
    application = offered(staff_outside_panel)
    sent()  # the offer

    services.accept(application, payment_method=PaymentMethod.BOOK)

    [email] = emails_to(sent, application)[1:]
    assert "You asked us to book your tickets." in email.body
    assert "need no receipts for them" in email.body
    assert "Keep your tickets and receipts" not in email.body
    assert application.registration.manage_url in email.body


# Book it for me.


def test_we_book_then_the_applicant_claims_only_what_remains(staff_outside_panel, sent):
    application = accepted(staff_outside_panel, PaymentMethod.BOOK)

    services.record_booking(
        application,
        journey="Wakefield to Leeds and back",
        details="Two standard-class returns, reference ABC123",
        cost=Decimal("31.50"),
        delivery="post",
        postal_address="1 High Street, Wakefield",
        by=staff_outside_panel,
    )

    application.refresh_from_db()
    assert application.status == BursaryStatus.BOOKED
    booked_email = emails_to(sent, application)[-1]
    assert booked_email.subject.startswith("We have booked your travel")
    assert "Two standard-class returns, reference ABC123" in booked_email.body
    assert "1 High Street, Wakefield" in booked_email.body
    assert "You do not need to pay for any of this, or keep receipts for it." in booked_email.body
    assert services.left_to_claim(application) == Decimal("28.50")  # 60 offered, 31.50 booked
    [entry] = AuditEntry.objects.filter(action="booking recorded")
    assert (entry.by, entry.fields) == (staff_outside_panel, ["bookings"])  # names, never values

    application = seminar_over(application)
    with pytest.raises(services.BursaryError):
        services.submit_claim(application, amount=Decimal("28.51"), files=receipt())
    services.submit_claim(application, amount=Decimal("28.50"), files=receipt())
    services.approve_claim(application, amount_approved=Decimal("28.50"), by=staff_outside_panel)
    services.pay_claim(application, paid_on=datetime.date(2030, 1, 20), by=staff_outside_panel)

    application.refresh_from_db()
    assert application.status == BursaryStatus.PAID
    assert money_of(application).paid == Decimal("28.50")


def test_a_booking_needs_the_book_it_for_me_choice_and_an_address_for_the_post(staff_outside_panel):
    by_claim = accepted(staff_outside_panel, PaymentMethod.REIMBURSE)
    to_post = accepted(staff_outside_panel, PaymentMethod.BOOK)
    booking = {
        "journey": "York to Leeds",
        "details": "Return",
        "cost": Decimal("10"),
        "by": staff_outside_panel,
    }

    with pytest.raises(services.BursaryError) as wrong_way:
        services.record_booking(by_claim, delivery="email", **booking)
    with pytest.raises(services.BursaryError) as no_address:
        services.record_booking(to_post, delivery="post", postal_address=" ", **booking)

    assert "Change how we pay first" in str(wrong_way.value)
    assert str(no_address.value) == "Give the postal address for tickets sent by post."
    assert not to_post.bookings.exists()


def test_everything_booked_and_nothing_to_claim_is_settled_after_the_seminar(
    staff_outside_panel, sent
):
    application = accepted(staff_outside_panel, PaymentMethod.BOOK)
    services.record_booking(
        application,
        journey="J",
        details="D",
        cost=Decimal("60"),
        delivery="email",
        by=staff_outside_panel,
    )

    with pytest.raises(services.BursaryError):
        services.settle(application, by=staff_outside_panel)  # not before the seminar
    application = seminar_over(application)
    services.settle(application, by=staff_outside_panel)

    application.refresh_from_db()
    assert application.status == BursaryStatus.SETTLED
    assert emails_to(sent, application)[-1].subject.startswith("Your travel bursary is complete")


# Pay me before I travel.


def test_an_advance_is_within_the_offer_and_reconciled_with_the_claim(staff_outside_panel, sent):
    application = accepted(staff_outside_panel, PaymentMethod.ADVANCE)

    with pytest.raises(services.BursaryError):
        services.record_advance(
            application,
            amount=Decimal("60.01"),
            paid_on=datetime.date.today(),
            by=staff_outside_panel,
        )
    services.record_advance(
        application, amount=Decimal("60.00"), paid_on=datetime.date.today(), by=staff_outside_panel
    )
    application = seminar_over(application)
    services.submit_claim(
        application, amount=Decimal("75.00"), reason_over_offer="A taxi", files=receipt()
    )
    services.approve_claim(application, amount_approved=Decimal("72.00"), by=staff_outside_panel)

    application.refresh_from_db()
    assert application.status == BursaryStatus.APPROVED
    approval = emails_to(sent, application)[-1]
    assert "We paid you £60.00 in advance." in approval.body
    assert "We will pay you £12.00 by" in approval.body

    services.pay_claim(application, paid_on=datetime.date.today(), by=staff_outside_panel)
    assert money_of(application).paid == Decimal("12.00")


def test_an_advance_not_all_spent_leaves_the_rest_for_the_panel(staff_outside_panel, sent):
    application = accepted(staff_outside_panel, PaymentMethod.ADVANCE)
    services.record_advance(
        application, amount=Decimal("60.00"), paid_on=datetime.date.today(), by=staff_outside_panel
    )
    application = seminar_over(application)
    services.submit_claim(application, amount=Decimal("50.00"), files=receipt())

    services.approve_claim(application, amount_approved=Decimal("50.00"), by=staff_outside_panel)

    application.refresh_from_db()
    assert application.status == BursaryStatus.SETTLED
    assert money_of(application).left_undecided == Decimal("10.00")
    email = emails_to(sent, application)[-1]
    assert "You spent less than the advance: £10.00 is left over from it." in email.body
    assert "We will write to you soon to say whether to pay it back" in email.body
    assert "nothing more to pay" not in email.body.lower()


# Pay me back afterwards.


def test_pay_me_back_claim_approve_then_pay(staff_outside_panel, sent):
    application = seminar_over(accepted(staff_outside_panel, PaymentMethod.REIMBURSE))

    services.submit_claim(application, amount=Decimal("58.00"), files=receipt())
    services.approve_claim(application, amount_approved=Decimal("58.00"), by=staff_outside_panel)
    application.refresh_from_db()
    approved = application.status
    with pytest.raises(services.BursaryError):
        services.approve_claim(application, amount_approved=Decimal("1"), by=staff_outside_panel)
    services.pay_claim(application, paid_on=datetime.date.today(), by=staff_outside_panel)

    application.refresh_from_db()
    assert approved == BursaryStatus.APPROVED
    assert application.status == BursaryStatus.PAID
    subjects = [email.subject for email in emails_to(sent, application)]
    assert any(s.startswith("We have your travel claim") for s in subjects)
    assert any(s.startswith("Your travel claim is approved") for s in subjects)
    assert any(s.startswith("We have paid your travel claim") for s in subjects)


def test_paying_needs_an_approval_first(staff_outside_panel):
    application = seminar_over(accepted(staff_outside_panel, PaymentMethod.REIMBURSE))
    services.submit_claim(application, amount=Decimal("10"), files=receipt())

    with pytest.raises(services.BursaryError) as error:
        services.pay_claim(application, paid_on=datetime.date.today(), by=staff_outside_panel)

    assert str(error.value) == "Approve the claim first: then record its payment."
    assert money_of(application).paid == 0


# The maximum award, line by line.


def test_an_offer_may_reach_the_seminars_maximum_and_not_a_penny_more(staff_outside_panel):
    seminar = SeminarFactory(bursaries_closed=True, bursary_max_award=Decimal("100.00"))
    at_most = BursaryApplicationFactory(seminar=seminar)
    over = BursaryApplicationFactory(seminar=seminar)
    reply_by = timezone.now() + 7 * DAY

    done = services.offer(
        at_most,
        lines={CostLine.TRAVEL: Decimal("70"), CostLine.CARE: Decimal("30")},
        reply_by=reply_by,
        by=staff_outside_panel,
    )
    with pytest.raises(services.BursaryError) as error:
        services.offer(
            over,
            lines={CostLine.TRAVEL: Decimal("70"), CostLine.CARE: Decimal("30.01")},
            reply_by=reply_by,
            by=staff_outside_panel,
        )

    assert (done.offer_travel, done.offer_care, done.offer_amount) == (
        Decimal("70"),
        Decimal("30"),
        Decimal("100"),
    )
    assert str(error.value).startswith("The offer adds up to £100.01, more than the £100.00")
    over.refresh_from_db()
    assert (over.status, over.offer_amount, over.registration_id) == ("submitted", None, None)


def test_the_database_keeps_the_offer_equal_to_its_lines(staff_outside_panel):
    from django.db import IntegrityError, transaction

    application = offered(staff_outside_panel)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(application).objects.filter(pk=application.pk).update(offer_amount=Decimal("1"))


# Ending a bursary.


def test_ending_a_bursary_after_accepting_keeps_the_place(staff_outside_panel, sent):
    application = accepted(staff_outside_panel, PaymentMethod.REIMBURSE)

    services.withdraw(application)

    application.refresh_from_db()
    assert application.status == BursaryStatus.WITHDRAWN
    assert application.registration.status == RegistrationStatus.CONFIRMED
    email = emails_to(sent, application)[-1]
    assert email.subject.startswith("Your bursary has ended")
    assert "Your place at the seminar stays booked." in email.body
    assert application.registration.manage_url in email.body


@pytest.mark.parametrize("status", [BursaryStatus.APPROVED, BursaryStatus.PAID, "settled"])
def test_a_bursary_past_its_claim_cannot_be_withdrawn(status):
    application = BursaryApplicationFactory(
        status=status, offer_amount=Decimal("10"), reply_by=timezone.now()
    )

    with pytest.raises(services.BursaryError):
        services.withdraw(application)


def test_once_we_booked_or_paid_in_advance_the_bursary_cannot_be_ended_only_settled(
    staff_outside_panel,
):
    booked = accepted(staff_outside_panel, PaymentMethod.BOOK)
    services.record_booking(
        booked,
        journey="J",
        details="D",
        cost=Decimal("5"),
        delivery="email",
        by=staff_outside_panel,
    )
    advanced = accepted(staff_outside_panel, PaymentMethod.ADVANCE)
    services.record_advance(
        advanced, amount=Decimal("5"), paid_on=datetime.date.today(), by=staff_outside_panel
    )

    for application in (booked, advanced):
        with pytest.raises(services.BursaryError) as error:
            services.withdraw(application)
        assert "if you are unwell, you do not have to pay anything back" in str(error.value)
        application.refresh_from_db()
        assert not application.can_withdraw

    assert {booked.status, advanced.status} == {"booked", "advance_paid"}


def test_an_accepted_bursary_cannot_be_ended_once_the_seminar_has_begun(staff_outside_panel):
    application = seminar_over(accepted(staff_outside_panel, PaymentMethod.REIMBURSE))

    with pytest.raises(services.BursaryError) as error:
        services.withdraw(application)

    assert str(error.value).startswith("The seminar has begun")
    assert not application.can_withdraw
    application.refresh_from_db()
    assert application.status == BursaryStatus.ACCEPTED


def test_withdrawing_drops_a_staged_decision_and_says_nothing_of_an_offer(
    staff_outside_panel, sent
):
    application = BursaryApplicationFactory(seminar__bursaries_closed=True)
    services.stage_decision(
        application,
        decision="offered",
        lines={CostLine.TRAVEL: Decimal("20")},
        reply_by=timezone.now() + 7 * DAY,
        by=staff_outside_panel,
    )

    services.withdraw(application)

    application.refresh_from_db()
    assert (application.staged_decision, application.offer_amount) == ("", None)
    [email] = sent()
    assert email.subject.startswith("Withdrawn: your bursary application")
    assert "bursary has ended" not in email.body


def test_approving_more_than_was_claimed_is_refused(staff_outside_panel):
    application = seminar_over(accepted(staff_outside_panel, PaymentMethod.REIMBURSE))
    services.submit_claim(application, amount=Decimal("10"), files=receipt())

    with pytest.raises(services.BursaryError) as error:
        services.approve_claim(
            application, amount_approved=Decimal("10.01"), by=staff_outside_panel
        )

    assert str(error.value).startswith("Approve at most the £10.00 claimed.")
    application.refresh_from_db()
    assert application.status == BursaryStatus.CLAIMED


def test_a_negative_line_is_refused_by_the_service_and_the_database(staff_outside_panel):
    from django.db import IntegrityError, transaction

    application = BursaryApplicationFactory(seminar__bursaries_closed=True)

    with pytest.raises(services.BursaryError) as error:
        services.offer(
            application,
            lines={CostLine.TRAVEL: Decimal("500"), CostLine.CARE: Decimal("-450")},
            reply_by=timezone.now() + 7 * DAY,
            by=staff_outside_panel,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        type(application).objects.filter(pk=application.pk).update(
            offer_travel=Decimal("60"), offer_care=Decimal("-10"), offer_amount=Decimal("50")
        )

    assert str(error.value) == "Enter amounts of £0 or more."


def test_answering_without_a_question_is_refused_not_an_error(staff_outside_panel):
    application = accepted(staff_outside_panel, PaymentMethod.REIMBURSE)

    with pytest.raises(services.BursaryError) as error:
        services.answer_query(application, answer="Hello")

    assert str(error.value) == "There is no question to answer now."
    application.refresh_from_db()
    assert application.status == BursaryStatus.ACCEPTED


def test_the_claim_page_of_an_application_without_an_award_says_so(client):
    application = BursaryApplicationFactory()

    response = client.get(f"/bursaries/{application.token}/claim/")

    assert response.status_code == 200
    assert "There is no bursary to claim for now." in response.content.decode()
