import pytest
from django.core.exceptions import ValidationError

from people.models import PLACEHOLDER_COLOURS, Partner, PartnerKind, Person, distinct_initials


def people(*names):
    return [Person(name=name) for name in names]


def test_initials_are_first_and_last():
    assert [person.initials for person in people("Pamela Fisher", "Mary Ann O'Neil", "Cher")] == [
        "PF",
        "MO",
        "C",
    ]


def test_distinct_initials_tell_apart_two_names_that_share_them():
    annie, albert, pamela = distinct_initials(
        people("Annie Dransfield", "Albert Dzur", "Pamela Fisher")
    )

    assert [annie.placeholder_initials, albert.placeholder_initials] == ["ADR", "ADZ"]
    assert pamela.placeholder_initials == "PF"


def test_distinct_initials_use_the_first_name_when_the_surnames_cannot_tell_them_apart():
    found = distinct_initials(people("Jo Smith", "Jan Smith", "Jill Smith"))

    codes = [person.placeholder_initials for person in found]
    assert len(set(codes)) == 3
    assert all(len(code) == 3 and code[0] == "J" for code in codes)


def test_distinct_initials_give_the_same_person_the_same_initials_twice_on_a_page():
    team_albert, speaker_albert, annie = distinct_initials(
        people("Albert Dzur", "Albert Dzur", "Annie Dransfield")
    )

    assert team_albert.placeholder_initials == speaker_albert.placeholder_initials == "ADZ"
    assert annie.placeholder_initials == "ADR"


def test_distinct_initials_leave_a_page_without_a_clash_at_two_letters():
    found = distinct_initials(people("Annie Dransfield", "Michael Guthrie"))

    assert [person.placeholder_initials for person in found] == ["AD", "MG"]


def test_placeholder_colour_is_stable_for_a_name_and_spread_across_names():
    names = [f"Person {n} Example" for n in range(40)]

    colours = [Person(name=name).placeholder_colour for name in names]

    assert colours == [Person(name=name).placeholder_colour for name in names]
    assert set(colours) == set(range(PLACEHOLDER_COLOURS))


@pytest.mark.django_db
def test_the_funder_can_have_a_logo_and_needs_its_description():
    partner = Partner(name="Economic and Social Research Council", slug="esrc", kind="funder")
    partner.logo = "partners/esrc.png"

    with pytest.raises(ValidationError, match="Describe the logo"):
        partner.full_clean()

    partner.logo_alt = "Economic and Social Research Council"
    partner.full_clean()
    assert PartnerKind.FUNDER.label == "Funder"
