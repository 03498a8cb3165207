"""The outputs pages and a speaker's upload form, fed with Hypothesis's worst: never a 500,
never a half-saved row."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outputs.forms import SpeakerUploadForm
from outputs.models import Material
from tests.factories.outputs import SpeakerLinkFactory, WriteUpFactory
from tests.test_fuzz import FUZZ, nasty_text, post_form

pytestmark = pytest.mark.django_db

UPLOAD_FIELDS = [name for name in SpeakerUploadForm.base_fields if name != "file"]


@FUZZ
@given(values=st.fixed_dictionaries({}, optional={f: nasty_text for f in UPLOAD_FIELDS}))
def test_the_upload_form_never_fails(client, values):
    link = SpeakerLinkFactory()

    response = post_form(client, link.get_absolute_url(), values)

    assert response.status_code in (200, 302, 400, 429)  # 429: the hour's uploads are used up
    if response.status_code != 302:
        assert Material.objects.count() == 0


@FUZZ
@given(segment=nasty_text, value=nasty_text)
def test_outputs_urls_and_the_filter_never_fail(client, segment, value):
    WriteUpFactory()
    quoted = quote_from_bytes(segment.encode("utf-8", "surrogatepass"), safe="")
    for path in (
        f"/outputs/news/{quoted}/",
        f"/outputs/upload/{quoted}/",
        f"/outputs/materials/{quoted}/download/",
        f"/registrations/{quoted}/materials/",
        f"/registrations/{quoted}/materials/1/",
    ):
        assert client.get(path).status_code in (200, 301, 302, 400, 404), path
    filtered = "/outputs/?seminar=" + quote_from_bytes(value.encode("utf-8", "surrogatepass"))
    assert client.get(filtered).status_code in (200, 400)
