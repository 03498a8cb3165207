"""Factories with no surprising defaults.

A SeminarFactory seminar is published, starts 30 days from now (10:00 to 16:00), has a venue and
20 places. Its windows follow its start, wherever that is: registration closes 10 days before the
start (opened 60 days before that), bursary applications 20 days before the start, with decisions
6 days after that. So by default it is open for registration and for bursary applications; with
`bursaries_closed=True` bursary applications closed this morning, so decisions can be sent.
Its bursary settings (`bursary_deadline`, `bursaries_per_group`, ... as the seminar's fields
were once called) make its SeminarBursaries row, and `cpd_hours` and `learning` its
SeminarCertificate row: every factory seminar has both rows.

Every factory lives in this package, one module per app (people, seminars, registrations,
bursaries, subscribers, outputs, feedback); the ones most tests use are importable from here.
"""

from .bursaries import BursaryApplicationFactory
from .people import PartnerFactory, PersonFactory, ResearchProjectFactory, TeamMemberFactory
from .registrations import RegistrationFactory
from .seminars import (
    BURSARY_SETTINGS,
    PageFactory,
    ProgrammeItemFactory,
    SeminarBursariesFactory,
    SeminarCertificateFactory,
    SeminarFactory,
    SeminarSpeakerFactory,
    TentativeSeminarFactory,
    VenueFactory,
)

__all__ = [
    "BURSARY_SETTINGS",
    "BursaryApplicationFactory",
    "PageFactory",
    "PartnerFactory",
    "PersonFactory",
    "ProgrammeItemFactory",
    "RegistrationFactory",
    "ResearchProjectFactory",
    "SeminarBursariesFactory",
    "SeminarCertificateFactory",
    "SeminarFactory",
    "SeminarSpeakerFactory",
    "TeamMemberFactory",
    "TentativeSeminarFactory",
    "VenueFactory",
]
