"""How travel bursaries work, in Easy Read: the series' sentences and pictures, written on the
bursary rules' admin page by organisers, a page of its own offered beside the standard text on
each seminar's bursary box and the application form."""

import contextlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bursaries.models import BursaryEasyReadLine, BursaryPolicy
from tests.factories import SeminarFactory
from tests.test_groups import organisers_group
from tests.test_images import image_bytes
from tests.utils import text

pytestmark = pytest.mark.django_db

EASY_READ = reverse("bursaries:easy-read")


def add_lines(count, *, start=0):
    policy, _ = BursaryPolicy.objects.get_or_create(pk=1)
    for n in range(start, start + count):
        BursaryEasyReadLine.objects.create(policy=policy, text=f"Sentence {n}.", order=n)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    @contextlib.contextmanager
    def commit():
        earlier = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _, callback, _ in earlier:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return commit


def test_no_easy_read_page_and_no_link_until_organisers_write_one(client, committed):
    seminar = SeminarFactory()
    link = f'href="{EASY_READ}"'

    assert client.get(EASY_READ).status_code == 404
    for url in (seminar.get_absolute_url(), reverse("bursaries:apply", args=[seminar.slug])):
        assert link not in client.get(url).content.decode(), url

    with committed():
        add_lines(1)

    # Both pages come from the page cache: the new sentence renewed them.
    for url in (seminar.get_absolute_url(), reverse("bursaries:apply", args=[seminar.slug])):
        assert link in client.get(url).content.decode(), url
    assert "Sentence 0." in text(client.get(EASY_READ))


def test_the_page_shows_the_sentences_in_order_with_the_pictures_described(client):
    policy, _ = BursaryPolicy.objects.get_or_create(pk=1)
    BursaryEasyReadLine.objects.create(policy=policy, text="We pay for your train.", order=2)
    line = BursaryEasyReadLine(
        policy=policy, text="You can ask us for money.", order=1, picture_alt="Coins"
    )
    line.picture.save("coins.png", SimpleUploadedFile("coins.png", image_bytes("PNG")))

    response = client.get(EASY_READ)

    html = response.content.decode()
    assert "This is the Easy Read version. You can ask us for money. We pay for your train." in (
        text(response)
    )
    assert html.index('alt="Coins"') < html.index("You can ask us for money.")


def test_the_sitemap_lists_the_page_only_when_there_is_one(client, committed):
    assert EASY_READ not in client.get(reverse("sitemap")).content.decode()
    with committed():
        add_lines(1)

    assert EASY_READ in client.get(reverse("sitemap")).content.decode()


def test_the_page_runs_the_same_queries_with_one_sentence_as_with_many(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(EASY_READ).status_code == 200
        return len(captured)

    add_lines(1)
    one = queries()
    add_lines(11, start=1)

    assert queries() == one


def test_a_picture_needs_words_in_the_database_too():
    policy, _ = BursaryPolicy.objects.get_or_create(pk=1)
    line = BursaryEasyReadLine(policy=policy, text="Hello.", picture="easy-read/x.png")

    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def policy_data(**line):
    policy = BursaryPolicy.current()
    return {
        "what_counts": policy.what_counts,
        "mileage_rate": policy.mileage_rate,
        "payment_days": policy.payment_days,
        "unspent_advance": policy.unspent_advance,
        "easy_read_lines-TOTAL_FORMS": "1",
        "easy_read_lines-INITIAL_FORMS": "0",
        "easy_read_lines-0-text": "You can ask us for money.",
        "easy_read_lines-0-order": "0",
        **{f"easy_read_lines-0-{name}": value for name, value in line.items()},
    }


@pytest.mark.parametrize(("alt", "saved"), [("A pile of coins", True), ("", False), ("   ", False)])
def test_an_organiser_writes_it_on_the_bursary_rules_page(client, django_user_model, alt, saved):
    BursaryPolicy.objects.get_or_create(pk=1)
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(organisers_group())
    client.force_login(organiser)
    picture = SimpleUploadedFile("coins.png", image_bytes("PNG"), "image/png")

    response = client.post(
        reverse("admin:bursaries_bursarypolicy_change", args=[1]),
        policy_data(picture=picture, picture_alt=alt),
    )

    assert BursaryEasyReadLine.objects.exists() == saved
    if saved:
        assert response.status_code == 302
    else:
        assert "Describe the picture for people who cannot see it." in text(response)
