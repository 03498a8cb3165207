import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bursaries import services
from bursaries.models import BursaryApplication, BursaryStatus, Claim, Review
from common.models import AuditEntry
from outbox.models import Email
from registrations import services as registration_services
from seminars.dates import working_days_between
from tests.factories import BursaryApplicationFactory, RegistrationFactory, SeminarFactory
from tests.test_groups import organisers_group
from tests.utils import text

pytestmark = pytest.mark.django_db

LIST = "/admin/bursaries/bursaryapplication/"
STAFF = "/staff/bursaries/"  # the panel's pages outside the admin
STATEMENT = "My private reasons, which only the panel may read."


@pytest.fixture
def application(sent):
    application, _ = services.apply(
        SeminarFactory(),
        name="Secret Applicant",
        email="secret@example.org",
        group="service_user",
        health_consent=True,
        travelling_from="Wakefield",
        travel_cost="18.20",
        access_needs="A quiet room",
        statement=STATEMENT,
    )
    return application


@pytest.fixture
def staff_with_every_permission(client, django_user_model):
    """Staff with every permission there is, bursaries included, but not on the panel."""
    user = django_user_model.objects.create_user("organiser", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return user


def test_non_panel_staff_get_403_or_404_on_every_bursary_path(
    client, staff_with_every_permission, application
):
    ct = ContentType.objects.get_for_model(BursaryApplication)
    paths = {
        "/admin/bursaries/": 200,  # the series' bursary rules only
        LIST: 403,
        LIST + "?q=private": 403,
        LIST + "?bursary_group=service_user_carer": 403,
        f"{LIST}{application.pk}/change/": 403,
        f"{LIST}{application.pk}/history/": 403,
        f"{LIST}{application.pk}/delete/": 403,
        f"{LIST}add/": 403,
        "/admin/bursaries/review/": 404,
        "/admin/bursaries/statuschange/": 404,
        f"/admin/r/{ct.pk}/{application.pk}/": 404,
        # Lists seminars (the target of the field), which are public: never applications.
        "/admin/autocomplete/?app_label=bursaries&model_name=bursaryapplication"
        "&field_name=seminar&term=": 200,
    }

    seen = {path: client.get(path) for path in paths}
    post = client.post(f"{STAFF}{application.pk}/actions/score/", {"score": "5"})

    assert {path: response.status_code for path, response in seen.items()} == paths
    assert post.status_code == 403
    assert not Review.objects.exists()
    for response in [*seen.values(), post]:
        body = response.content.decode()
        assert STATEMENT not in body
        assert "Secret Applicant" not in body
        assert "secret@example.org" not in body


def test_non_panel_staff_see_counts_only_on_the_seminar(
    client, staff_with_every_permission, application
):
    response = client.get(f"/admin/seminars/seminar/{application.seminar_id}/change/")

    page = text(response)
    assert response.status_code == 200
    assert "Service users and carers: 1 applied, 0 offered, 0 accepted, 5 free" in page
    assert (
        "People who work or volunteer for charities: 0 applied, 0 offered, 0 accepted, 5 free"
        in page
    )
    assert STATEMENT not in page
    assert "Secret Applicant" not in page


def test_bursary_emails_in_the_outbox_are_for_the_panel_only(
    client, staff_with_every_permission, application, make_panel_member
):
    email = Email.objects.get(kind="bursaries/application_received")

    listing = client.get("/admin/outbox/email/")
    detail = client.get(f"/admin/outbox/email/{email.pk}/change/", follow=True)
    client.force_login(make_panel_member())
    panel_listing = client.get("/admin/outbox/email/")

    assert listing.status_code == 200
    for response in (listing, detail):
        assert "secret@example.org" not in response.content.decode()
        assert "bursary application" not in text(response).lower()
    assert "secret@example.org" in panel_listing.content.decode()


def test_admin_index_shows_no_bursaries_to_non_panel_staff(client, staff_with_every_permission):
    assert "Bursary applications" not in text(client.get("/admin/"))


def test_panel_member_sees_and_scores(client, make_panel_member, application):
    member = make_panel_member()
    client.force_login(member)

    listing = text(client.get(LIST))
    page = client.get(f"{LIST}{application.pk}/change/")
    saved = client.post(
        f"{STAFF}{application.pk}/actions/score/",
        {"score": "4", "comment": "Clear and moving."},
        follow=True,
    )

    assert "Secret Applicant" in listing
    assert STATEMENT in text(page)
    assert "5: outstanding case" in text(page)
    assert "Your score for B" in text(saved)
    html = saved.content.decode()
    assert re.search(r'value="4" id="id_score_3"[^>]* checked', html)  # both stay in place
    assert re.search(r">\s*Clear and moving\.</textarea>", html)
    review = Review.objects.get()
    assert (review.reviewer, review.score, review.comment) == (member, 4, "Clear and moving.")


def test_others_scores_and_the_mean_stay_hidden_until_you_score(client, make_panel_member):
    application = BursaryApplicationFactory()
    first, second = make_panel_member("first"), make_panel_member("second")
    services.score(application, reviewer=first, score=2, comment="Unsure about costs.")
    client.force_login(second)

    before_list = text(client.get(LIST))
    before_page = text(client.get(f"{LIST}{application.pk}/change/"))
    services.score(application, reviewer=second, score=5)
    after_list = text(client.get(LIST))
    after_page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "Score it to see" in before_list
    assert "Unsure about costs." not in before_page
    assert "Score this application to see other panel members' scores" in before_page
    assert "3.5" in after_list
    assert "Unsure about costs." in after_page
    assert "Mean score: 3.5 from 2 reviews." in after_page


def test_ranking_by_mean_only_among_what_you_have_scored(client, make_panel_member):
    seminar = SeminarFactory()
    low, high, unseen = BursaryApplicationFactory.create_batch(3, seminar=seminar)
    member, other = make_panel_member("member"), make_panel_member("other")
    services.score(low, reviewer=member, score=2)
    services.score(high, reviewer=member, score=5)
    services.score(unseen, reviewer=other, score=5)
    client.force_login(member)

    page = client.get(LIST).content.decode()
    todo = client.get(LIST + "?mine=todo").content.decode()

    assert page.index(f"B{high.pk}<") < page.index(f"B{low.pk}<") < page.index(f"B{unseen.pk}<")
    assert f"B{unseen.pk}<" in todo
    assert f"B{low.pk}<" not in todo


def test_blind_review_hides_name_email_and_organisation(client, make_panel_member):
    application = BursaryApplicationFactory(
        seminar=SeminarFactory(bursary_blind_review=True),
        name="Known Person",
        email="known@example.org",
        organisation="Small Charity",
    )
    client.force_login(make_panel_member())

    listing = client.get(LIST).content.decode()
    page = client.get(f"{LIST}{application.pk}/change/").content.decode()

    for body in (listing, page):
        assert "Known Person" not in body
        assert "known@example.org" not in body
        assert "Small Charity" not in body
    assert "Hidden for blind review" in page


def test_a_conflict_removes_the_application_from_that_member_only(client, make_panel_member):
    application = BursaryApplicationFactory(statement=STATEMENT)
    member, other = make_panel_member("member"), make_panel_member("other")
    services.score(application, reviewer=member, score=3)
    client.force_login(member)

    declared = client.post(f"{STAFF}{application.pk}/actions/conflict/", follow=True)
    after = client.get(f"{LIST}{application.pk}/change/")
    score_after = client.post(f"{STAFF}{application.pk}/actions/score/", {"score": "5"})
    client.force_login(other)
    others_view = client.get(f"{LIST}{application.pk}/change/")

    assert "You declared a conflict of interest" in text(declared)
    assert f"B{application.pk}<" not in declared.content.decode()
    assert after.status_code == 404
    assert STATEMENT not in after.content.decode()
    assert score_after.status_code == 404
    review = Review.objects.get(reviewer=member)
    assert (review.conflict, review.score) == (True, None)
    assert others_view.status_code == 200


def test_scoring_after_a_conflict_is_refused_by_the_service(make_panel_member):
    application = BursaryApplicationFactory()
    member = make_panel_member()
    services.declare_conflict(application, reviewer=member)

    with pytest.raises(services.BursaryError):
        services.score(application, reviewer=member, score=4)


def test_status_history_shows_who_and_when(client, make_panel_member):
    application = BursaryApplicationFactory()
    member = make_panel_member("decider")
    services.set_status(application, BursaryStatus.RESERVE, by=member)
    client.force_login(member)

    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "Submitted to On the reserve list: decider" in page


def test_the_string_form_never_carries_the_name():
    application = BursaryApplicationFactory(name="Secret Person")

    assert str(application) == f"Bursary application {application.pk}"


def test_a_withdrawn_application_is_not_scored(make_panel_member):
    application = BursaryApplicationFactory(status=BursaryStatus.WITHDRAWN)

    with pytest.raises(services.BursaryError):
        services.score(application, reviewer=make_panel_member(), score=3)

    assert not Review.objects.exists()


def test_the_data_migration_gives_the_panel_exactly_its_permissions():
    from tests.bursaries.conftest import PANEL_PERMISSIONS, panel_group

    group = panel_group()

    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == set(PANEL_PERMISSIONS)
    assert ("bursaries", "delete_bursaryapplication") not in granted


def test_a_panel_member_sees_no_emails_of_a_conflicted_or_blind_applicant(
    client, make_panel_member, sent, django_user_model
):
    conflicted, _ = services.apply(
        SeminarFactory(),
        name="Known Person",
        email="known@example.org",
        group="third_sector",
        organisation="X",
        travelling_from="York",
        travel_cost="5",
        statement="s",
    )
    services.apply(
        SeminarFactory(bursary_blind_review=True),
        name="Blind Person",
        email="blind@example.org",
        group="third_sector",
        organisation="X",
        travelling_from="York",
        travel_cost="5",
        statement="s",
    )
    services.apply(
        SeminarFactory(),
        name="Seen Person",
        email="seen@example.org",
        group="third_sector",
        organisation="X",
        travelling_from="York",
        travel_cost="5",
        statement="s",
    )
    registration_services.send_manage_link(
        RegistrationFactory(email="registrant@example.org").seminar,
        email="registrant@example.org",
    )
    member = make_panel_member()
    services.declare_conflict(conflicted, reviewer=member)
    client.force_login(member)
    listing = client.get("/admin/outbox/email/").content.decode()
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "pw"))
    superuser_listing = client.get("/admin/outbox/email/").content.decode()

    assert "seen@example.org" in listing
    assert "known@example.org" not in listing
    assert "blind@example.org" not in listing
    assert "registrant@example.org" not in listing  # the panel sees no registration emails
    assert "blind@example.org" not in superuser_listing  # blind review holds for everyone
    assert "registrant@example.org" in superuser_listing


def test_outbox_shows_no_private_links_to_staff(client, staff_with_every_permission, sent):
    # Who reads which email goes by group (outbox/kinds.py): organisers read this one.
    staff_with_every_permission.groups.add(organisers_group())
    registration_email = Email.objects.create(
        kind="registrations/place_confirmed",
        to="a@example.org",
        subject="s",
        body_text="Your link: http://127.0.0.1:8000/registrations/" + "k" * 43 + "/",
    )

    page = client.get(f"/admin/outbox/email/{registration_email.pk}/change/").content.decode()

    assert "k" * 43 not in page
    assert "/registrations/[private link]/" in page


def test_entering_an_address_that_already_applied_says_so_plainly_and_emails_no_one(
    client, make_panel_member
):
    client.force_login(make_panel_member())
    existing = BursaryApplicationFactory(seminar__bursaries_closed=True, email="pat@example.org")

    response = client.post(
        f"{LIST}add/",
        {
            "seminar": str(existing.seminar_id),
            "name": "Pat Example",
            "email": "PAT@example.org",
            "group": "third_sector",
            "organisation": "Mind",
            "travelling_from": "Hull",
            "travel_cost": "30",
            "payment_method": "advance",
            "statement": "Told us by phone.",
            "privacy_agreed": "on",
        },
        follow=True,
    )

    [message] = [str(m) for m in response.context["messages"]]
    assert "already has an application for this seminar" in message
    assert existing.reference not in message  # blind review: no reference to match
    assert BursaryApplication.objects.count() == 1
    assert not Email.objects.exists()


def test_the_panel_enters_an_application_taken_by_phone_even_after_the_deadline(
    client, make_panel_member
):
    member = make_panel_member()
    client.force_login(member)
    seminar = SeminarFactory(bursaries_closed=True)

    response = client.post(
        f"{LIST}add/",
        {
            "seminar": str(seminar.pk),
            "name": "Pat Example",
            "email": "pat@example.org",
            "group": "carer",
            "travelling_from": "Hull",
            "travel_cost": "30",
            "payment_method": "advance",
            "statement": "Told us by phone.",
            "health_consent": "on",
            "privacy_agreed": "on",
        },
    )

    application = BursaryApplication.objects.get()
    assert response["Location"] == f"{LIST}{application.pk}/change/"
    assert (application.group, application.payment_method) == ("carer", "advance")
    [entry] = AuditEntry.objects.filter(object_id=application.pk)
    assert (entry.action, entry.by) == ("entered by the panel (taken by phone)", member)
    assert Email.objects.get().to == "pat@example.org"


def test_the_phone_form_is_for_the_panel_only(client, django_user_model):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user("organiser", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)

    assert client.get(f"{LIST}add/").status_code == 403


# Decision emails say only what is true.


def test_the_panel_sees_how_long_each_claim_has_waited_and_overdue_ones_stand_out(
    client, make_panel_member
):
    client.force_login(make_panel_member())
    start = timezone.now() - datetime.timedelta(days=30)
    seminar = SeminarFactory(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        registration_opens_at=start - datetime.timedelta(days=50),
        registration_deadline=start - datetime.timedelta(days=10),
        bursary_deadline=start - datetime.timedelta(days=20),
    )
    today = timezone.localdate()
    waits = {}
    for days in (10, 11):  # the target is 10 working days: 11 is overdue
        application = BursaryApplicationFactory(
            seminar=seminar,
            status=BursaryStatus.CLAIMED,
            offer_amount=Decimal("20"),
            reply_by=start,
        )
        claim = Claim.objects.create(application=application, amount=Decimal("5"))
        arrived = today
        while working_days_between(arrived, today) < days:
            arrived -= datetime.timedelta(days=1)
        Claim.objects.filter(pk=claim.pk).update(
            created=timezone.make_aware(datetime.datetime.combine(arrived, datetime.time(12)))
        )
        waits[days] = application

    listing = text(client.get(f"{LIST}?claims=waiting"))
    page = text(client.get(f"{LIST}{waits[11].pk}/change/"))

    assert "10 working days" in listing
    assert "OVERDUE: 11 working days" in listing
    assert "OVERDUE: 10" not in listing
    assert "11 working days ago (we promise payment within 10) Overdue" in page


@pytest.mark.parametrize(
    ("status", "in_list", "on_page"),
    [
        (BursaryStatus.WITHDRAWN, "Withdrawn: not scored", "was withdrawn, so it is not scored"),
        (BursaryStatus.NOT_OFFERED, "Decided: not needed", "is decided (not offered)"),
    ],
)
def test_a_withdrawn_or_decided_application_says_so_where_scoring_was_offered(
    client, make_panel_member, status, in_list, on_page
):
    application = BursaryApplicationFactory(status=status)
    client.force_login(make_panel_member("first"))

    listed = text(client.get(LIST))
    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert in_list in listed
    assert "Score it to see" not in listed
    assert on_page in page
    assert "Score this application to see" not in page


def test_the_panel_reads_an_application_in_the_panels_words(client, make_panel_member):
    application = BursaryApplicationFactory(travel_cost="38.50")
    client.force_login(make_panel_member("first"))

    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "Their travel £38.50 expected" in page
    assert "Your travel" not in page
    assert "Offer for their travel, in pounds" in page


def test_the_panel_reads_how_we_pay_and_the_group_in_its_own_words(client, make_panel_member):
    application = BursaryApplicationFactory(group="third_sector", payment_method="reimburse")
    client.force_login(make_panel_member("first"))

    listed = text(client.get(LIST))
    page = text(client.get(f"{LIST}{application.pk}/change/"))

    assert "We pay them back after the seminar" in listed
    assert "How we pay We pay them back after the seminar" in page
    assert "Pay me back" not in listed + page
    assert "Group People who work or volunteer for charities Applicant" in page  # said once
