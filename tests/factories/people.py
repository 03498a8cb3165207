"""People, partners and associated research."""

import factory

from people.models import Partner, PartnerKind, Person, ResearchProject


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n} Example")
    slug = factory.Sequence(lambda n: f"person-{n}")
    position = "Researcher"
    affiliation = "University of Leeds"
    biography = "A short biography."


class TeamMemberFactory(PersonFactory):
    team_role = "Co-investigator"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = PartnerKind.NHS


class ResearchProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchProject

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = "What the project does."
