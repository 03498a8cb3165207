"""Public pages are cached whole, and a visitor never sees a page older than the last change."""

import contextlib
import datetime
import re

import pytest
import redis
import time_machine
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common import pagecache
from people.models import Partner
from registrations.models import RegistrationStatus
from seminars.models import PageKind, SeminarStatus
from tests.factories import (
    PageFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TentativeSeminarFactory,
)
from tests.registrations.test_views import form_data, register_url
from tests.utils import LONDON, text

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **extra)
    return len(queries)


def test_a_cached_page_runs_no_queries_and_keeps_its_headers(client, django_assert_num_queries):
    seminar = SeminarFactory()
    first = client.get(seminar.get_absolute_url())

    with django_assert_num_queries(0):
        again = client.get(seminar.get_absolute_url())

    # A form's CSRF token and start time, where a page has one, are each visitor's.
    visitors_own = pagecache.PER_VISITOR_INPUT
    assert visitors_own.sub(b"", again.content) == visitors_own.sub(b"", first.content)
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in again["Content-Security-Policy"]  # middleware still runs


def test_a_cached_calendar_keeps_its_type_and_file_name(client, django_assert_num_queries):
    seminar = SeminarFactory(number=3)
    url = reverse("seminars:seminar-calendar", kwargs={"slug": seminar.slug})
    client.get(url)

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response["Content-Type"] == "text/calendar; method=PUBLISH; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="seminar-3.ics"'


def test_pages_with_a_query_string_errors_or_posts_are_never_served_from_the_cache(client):
    seminar = SeminarFactory()
    url = seminar.get_absolute_url()
    client.get(url)

    assert queries_for(client, url, query_params={"q": "x"}) > 0
    assert queries_for(client, url, query_params={"utm_source": "x", "q": "x"}) > 0
    assert queries_for(client, "/seminars/no-such-seminar/") > 0
    assert queries_for(client, "/seminars/no-such-seminar/") > 0  # a 404 is not stored
    client.get(register_url(seminar))
    assert "Enter your email address" in text(client.post(register_url(seminar), {"name": "A"}))


def test_a_shared_link_with_tracking_parameters_and_a_head_request_are_served_from_the_cache(
    client,
):
    seminar = SeminarFactory()
    url = seminar.get_absolute_url()
    client.get(url)

    shared = queries_for(client, url, query_params={"utm_source": "mail", "fbclid": "abc"})
    with CaptureQueriesContext(connection) as queries:
        head = client.head(url)

    assert shared == 0
    assert len(queries) == 0
    assert head.status_code == 200
    assert head.content == b""  # a HEAD answer has headers only
    assert int(head["Content-Length"]) > 0


# Invalidation: every change a visitor could see, once it commits.


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A transaction of its own: what came before it has committed (its callbacks run first,
    as they would have), then the change's on-commit callbacks run as its commit would run
    them. The test itself is one transaction, so without this every change would be one."""

    @contextlib.contextmanager
    def commit():
        earlier = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _, callback, _ in earlier:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit


def test_editing_a_seminar_shows_at_once_on_every_page(client, committed):
    seminar = SeminarFactory(title="The old title")
    urls = ["/", "/seminars/", seminar.get_absolute_url(), register_url(seminar)]
    assert all("The old title" in text(client.get(url)) for url in urls)

    with committed():
        seminar.title = "The new title"
        seminar.save()

    for url in urls:
        assert "The new title" in text(client.get(url)), url


def test_withdrawing_a_seminar_hides_it_at_once(client, committed):
    seminar = SeminarFactory()
    client.get(seminar.get_absolute_url())

    with committed():
        seminar.status = SeminarStatus.DRAFT
        seminar.save()

    assert client.get(seminar.get_absolute_url()).status_code == 404


def test_a_new_speaker_and_a_programme_change_show_at_once(client, committed):
    seminar = SeminarFactory()
    item = ProgrammeItemFactory(seminar=seminar, title="Opening talk")
    client.get("/people/")
    client.get(seminar.get_absolute_url())

    with committed():
        SeminarSpeakerFactory(seminar=seminar, person=PersonFactory(name="Ada Newcomer"))
    with committed():
        item.speakers.add(PersonFactory(name="Bea Programme"))  # a many-to-many change

    assert "Ada Newcomer" in text(client.get("/people/"))
    assert "Bea Programme" in text(client.get(seminar.get_absolute_url()))


def test_editing_a_page_shows_at_once(client, committed):
    page = PageFactory(kind=PageKind.ABOUT, body="The old words.")
    client.get("/about/")

    with committed():
        page.body = "The new words."
        page.save()

    assert "The new words." in text(client.get("/about/"))


def test_places_taken_and_freed_show_at_once(client, committed):
    seminar = SeminarFactory(capacity=2)
    RegistrationFactory(seminar=seminar)
    assert "1 place left." in text(client.get(seminar.get_absolute_url()))
    assert "1 place left" in text(client.get(register_url(seminar)))

    with committed():
        client.post(register_url(seminar), form_data())
    assert "Waiting list open" in text(client.get(seminar.get_absolute_url()))
    assert "waiting list" in text(client.get(register_url(seminar)))

    registration = seminar.registrations.get(email="sian@example.org")
    with committed():
        client.post(reverse("registrations:cancel", kwargs={"token": registration.manage_token}))
    assert "1 place left." in text(client.get(seminar.get_absolute_url()))


@pytest.mark.django_db(transaction=True)
def test_a_change_renews_pages_when_it_commits_and_not_before(client):
    seminar = SeminarFactory(title="The old title")
    client.get(seminar.get_absolute_url())
    version = pagecache.content_version()

    with transaction.atomic():
        seminar.title = "The new title"
        seminar.save()
        assert pagecache.content_version() == version
        # Another visitor meanwhile still gets the committed page.
        assert "The old title" in text(client.get(seminar.get_absolute_url()))

    assert pagecache.content_version() != version
    assert "The new title" in text(client.get(seminar.get_absolute_url()))


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_keeps_the_cached_page(client):
    seminar = SeminarFactory()
    client.get(seminar.get_absolute_url())
    version = pagecache.content_version()

    def edit_then_fail():
        with transaction.atomic():
            seminar.title = "Never saved"
            seminar.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()

    assert pagecache.content_version() == version


def test_a_lost_version_key_never_brings_an_old_page_back(client, committed):
    from django.core.cache import cache

    seminar = SeminarFactory(title="The old title")
    client.get(seminar.get_absolute_url())
    with committed():
        seminar.title = "The new title"
        seminar.save()
    cache.delete(pagecache.VERSION_KEY)  # evicted, say

    assert "The new title" in text(client.get(seminar.get_absolute_url()))


# A registration renews only the pages that count its seminar's registrations.


def test_a_registration_renews_the_pages_with_its_seminars_places_and_no_others(client, committed):
    seminar, other = SeminarFactory(capacity=3), SeminarFactory(capacity=5)
    person = PersonFactory()
    SeminarSpeakerFactory(seminar=other, person=person)
    PageFactory(kind=PageKind.ABOUT)
    PartnerFactory()
    unrelated = [
        "/people/",
        person.get_absolute_url(),
        "/partners/",
        "/about/",
        other.get_absolute_url(),
        register_url(other),
        reverse("seminars:seminar-calendar", kwargs={"slug": seminar.slug}),
        "/seminars/calendar.ics",
    ]
    related = ["/", "/seminars/", seminar.get_absolute_url(), register_url(seminar)]
    with committed():
        pass  # what the factories made commits (and renews every page) before the visits
    for url in unrelated + related:
        assert client.get(url).status_code == 200, url
    assert "Open: 3 places left" in text(client.get("/"))

    with committed():
        assert client.post(register_url(seminar), form_data()).status_code == 302

    for url in unrelated:
        assert queries_for(client, url) == 0, url  # still cached
    assert "2 places left." in text(client.get(seminar.get_absolute_url()))
    assert "2 places left" in text(client.get(register_url(seminar)))
    assert "Open: 2 places left" in text(client.get("/"))
    assert "Open: 2 places left" in text(client.get("/seminars/"))
    for url in related:  # and cached again
        assert queries_for(client, url) == 0, url


def test_a_change_at_a_seminar_whose_places_no_list_shows_leaves_the_lists_cached(
    client, committed
):
    """Registration has closed: the lists say so, without counting places, so a place given
    back then (by an organiser, say) renews the seminar's own page only."""
    seminar = SeminarFactory(
        capacity=3, registration_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    registration = RegistrationFactory(seminar=seminar)
    with committed():
        pass
    for url in ("/", "/seminars/", seminar.get_absolute_url()):
        assert "Registration closed" in text(client.get(url)), url

    with committed():
        registration.status = RegistrationStatus.CANCELLED
        registration.save()

    assert queries_for(client, "/") == 0
    assert queries_for(client, "/seminars/") == 0
    assert queries_for(client, seminar.get_absolute_url()) > 0


def test_a_lost_part_version_never_brings_an_old_page_back(client, committed):
    from django.core.cache import cache

    seminar = SeminarFactory(capacity=3)
    assert "3 places left." in text(client.get(seminar.get_absolute_url()))
    with committed():
        RegistrationFactory(seminar=seminar)
    cache.delete(pagecache.PART_KEY.format(f"registrations:{seminar.pk}"))  # evicted, say

    assert "2 places left." in text(client.get(seminar.get_absolute_url()))


def test_a_page_rendered_while_a_registration_commits_is_not_served_after_it(client, rf):
    """The part's version is read before its rows: a page counted from the rows before a
    registration, but stored after the registration renewed the part, is out of date."""
    from registrations import queries

    seminar = SeminarFactory(capacity=3)

    def view(request):
        count = queries.places_taken(seminar)  # reads the version, then the rows
        pagecache.renew({queries.part(seminar.pk)})  # a registration commits meanwhile
        return HttpResponse(f"{count} taken")

    pagecache.cached_page(view)(rf.get("/a-page/"))
    again = pagecache.cached_page(lambda request: HttpResponse("rendered again"))
    assert again(rf.get("/a-page/")).content == b"rendered again"


# Time: a page cached before a moment that changes it is not served after that moment.

DEADLINE = datetime.datetime(2015, 12, 11, 0, 0, tzinfo=LONDON)


def test_a_page_cached_before_the_deadline_is_not_served_at_it(client, seminar_1):
    with time_machine.travel(DEADLINE - datetime.timedelta(seconds=1), tick=False):
        assert "Register for a place" in text(client.get(seminar_1.get_absolute_url()))
        assert "Register by" in text(client.get(register_url(seminar_1)))
    with time_machine.travel(DEADLINE, tick=False):
        assert "Registration closed" in text(client.get(seminar_1.get_absolute_url()))
        assert "Registration for this seminar closed" in text(client.get(register_url(seminar_1)))


@pytest.mark.parametrize(
    ("now", "seconds"),
    [
        # The next moment is the registration deadline, the bursary deadline, the start, the end.
        (datetime.datetime(2015, 12, 10, 23, 59, tzinfo=LONDON), 60),
        (datetime.datetime(2015, 11, 30, 23, 58, 30, tzinfo=LONDON), 90),
        (datetime.datetime(2016, 1, 5, 9, 59, 59, 500000, tzinfo=LONDON), 0.5),
        (datetime.datetime(2016, 1, 5, 15, 55, tzinfo=LONDON), 300),
        # Past every moment: the first of next month, or the setting, whichever is sooner.
        (datetime.datetime(2016, 1, 31, 23, 57, tzinfo=LONDON), 180),
        (datetime.datetime(2016, 2, 10, 12, 0, tzinfo=LONDON), 600),
    ],
)
def test_pages_are_kept_until_the_next_moment_that_changes_them(seminar_1, now, seconds):
    assert pagecache.keep_until(now) == now + datetime.timedelta(seconds=seconds)


def test_moments_of_seminars_the_public_cannot_see_do_not_count(seminar_1):
    SeminarFactory(
        status=SeminarStatus.DRAFT,
        registration_deadline=datetime.datetime(2015, 12, 10, 12, 0, 30, tzinfo=LONDON),
    )
    TentativeSeminarFactory()
    now = datetime.datetime(2015, 12, 10, 12, tzinfo=LONDON)

    assert pagecache.keep_until(now) == now + datetime.timedelta(seconds=600)


def test_a_page_rendered_across_a_deadline_is_not_kept(rf, seminar_1):
    with time_machine.travel(DEADLINE - datetime.timedelta(seconds=1), tick=False) as clock:

        def rendering_across_the_deadline(request):
            clock.shift(datetime.timedelta(seconds=2))
            return HttpResponse("Registration is open")

        pagecache.cached_page(rendering_across_the_deadline)(rf.get("/a-page/"))
        after = pagecache.cached_page(lambda request: HttpResponse("Closed"))(rf.get("/a-page/"))

    assert after.content == b"Closed"


# Forms: one cached page, a token of their own for each visitor.


def test_each_visitor_gets_their_own_csrf_token_from_the_cached_form(django_assert_num_queries):
    seminar = SeminarFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(register_url(seminar))
    with django_assert_num_queries(0):
        second_page = second.get(register_url(seminar))

    first_token = TOKEN.search(first_page.content.decode())[1]
    second_token = TOKEN.search(second_page.content.decode())[1]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    for visitor, token, email in (
        (first, first_token, "a@example.org"),
        (second, second_token, "b@example.org"),
    ):
        response = visitor.post(
            register_url(seminar), form_data(email=email, csrfmiddlewaretoken=token)
        )
        assert response.status_code == 302
    assert seminar.registrations.count() == 2


def test_a_token_from_another_visitors_page_is_refused(django_assert_num_queries):
    seminar = SeminarFactory()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = TOKEN.search(first.get(register_url(seminar)).content.decode())[1]
    second.get(register_url(seminar))

    response = second.post(register_url(seminar), form_data(csrfmiddlewaretoken=first_token))

    assert response.status_code == 403
    assert not seminar.registrations.exists()


def test_the_release_covers_templates_and_code_but_not_tests_or_virtualenvs():
    files = {
        str(path) for path in pagecache._source_files(pagecache.Path(pagecache.settings.BASE_DIR))
    }

    assert "templates/seminars/seminar_detail.html" in files
    assert "seminars/views.py" in files
    assert not any(name.startswith((".venv", "tests/", "var/", "benchmarks/")) for name in files)
    assert "README.md" not in files


def test_deleting_shows_at_once(client, committed):
    one, two = PartnerFactory(name="Partner One"), PartnerFactory(name="Partner Two")
    client.get("/partners/")

    with committed():
        one.delete()
    with committed():
        Partner.objects.filter(pk=two.pk).delete()  # a queryset delete, as the admin's action

    assert "Partner One" not in text(client.get("/partners/"))
    assert "Partner Two" not in text(client.get("/partners/"))


def test_pages_are_served_fresh_when_the_cache_is_down(client, monkeypatch, caplog):
    seminar = SeminarFactory(title="Still served")

    def down(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache.cache, "get_many", down)

    response = client.get(seminar.get_absolute_url())

    assert response.status_code == 200
    assert "Still served" in text(response)
    assert "cache unavailable (ConnectionError): doing without it for 30 s" in caplog.text


def test_a_transaction_that_saves_many_rows_renews_the_pages_once(committed, monkeypatch):
    renewals = []
    monkeypatch.setattr(pagecache, "renew", renewals.append)
    seminar = SeminarFactory()

    with committed(), transaction.atomic():
        for number in range(5):
            RegistrationFactory(seminar=seminar, email=f"p{number}@example.org")

    # The seminar's own transaction (every page), then the five registrations' one (its part).
    assert renewals == [{None}, {f"registrations:{seminar.pk}"}]


def test_a_transaction_that_changes_the_series_and_a_part_renews_both_once(committed, monkeypatch):
    seminar = SeminarFactory()
    with committed():
        pass
    renewals = []
    monkeypatch.setattr(pagecache, "renew", renewals.append)

    with committed(), transaction.atomic():
        RegistrationFactory(seminar=seminar)
        seminar.title = "A new title"
        seminar.save()

    assert renewals == [{None, f"registrations:{seminar.pk}"}]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_renewed_by_the_next_transaction(monkeypatch):
    seminar = SeminarFactory()
    renewals = []
    monkeypatch.setattr(pagecache, "renew", renewals.append)

    def edit_then_fail():
        with transaction.atomic():
            seminar.title = "Never saved"
            seminar.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    with transaction.atomic():
        RegistrationFactory(seminar=seminar)

    assert renewals == [{f"registrations:{seminar.pk}"}]  # not the whole series


def test_only_models_that_public_pages_show_renew_them(committed, django_user_model):
    from bursaries.models import Review
    from tests.factories import BursaryApplicationFactory

    application = BursaryApplicationFactory()
    client = Client()
    client.get(application.seminar.get_absolute_url())
    reviewer = django_user_model.objects.create_user("panel")
    with committed():
        pass  # the seminar and application made above commit (and renew the pages)
    version = pagecache.content_version()

    with committed():
        Review.objects.create(application=application, reviewer=reviewer, score=3)

    assert pagecache.content_version() == version


def test_the_release_changes_with_the_settings_pages_show(settings):
    before = pagecache.release()
    pagecache.release.cache_clear()
    settings.CONTACT_EMAIL = "new-address@example.org"

    after = pagecache.release()
    pagecache.release.cache_clear()

    assert before != after


def test_with_the_page_cache_off_nothing_beneath_it_caches_and_changes_show_at_once(
    client, settings, monkeypatch
):
    """Development (DJANGO_PAGE_CACHE_SECONDS=0): pages, their parts' versions and the
    process's memo of them are neither read nor kept, so every change shows at once."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 0
    seminar = SeminarFactory(capacity=3, title="The old title")
    used = []
    for method in ("get", "get_many", "set", "set_many", "add"):
        real = getattr(cache, method)
        monkeypatch.setattr(
            cache,
            method,
            lambda *args, real=real, **kwargs: used.append(args) or real(*args, **kwargs),
        )
    monkeypatch.setattr(pagecache, "_known_parts", {})
    urls = ["/", "/seminars/", seminar.get_absolute_url(), register_url(seminar)]

    assert all("3 places left" in text(client.get(url)) for url in urls[2:])
    RegistrationFactory(seminar=seminar)  # not even committed: nothing is kept to renew
    seminar.title = "The new title"
    seminar.save()

    for url in urls:
        assert "The new title" in text(client.get(url)), url
    assert "2 places left" in text(client.get(seminar.get_absolute_url()))
    assert "Open: 2 places left" in text(client.get("/"))
    assert used == []
    assert pagecache._known_parts == {}
    assert not pagecache.rendering()
