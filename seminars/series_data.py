"""The seminar series as the client described it, for `manage.py load_series`.

The words come from the client's text about the series; the site never reads that text at run
time. Each entry uses the model's field names, so the loader can build rows from it directly.

Facts the client did not give, and the defaults we chose for them:

- Seminars with a fixed date start at 10:00 and end at 16:00 UK time.
- Each seminar has 60 places.
- Registration opens 8 weeks (56 days) before the seminar starts, at 09:00 UK time.
- Seminar 2's registration closes at midnight at the end of the day 14 days before it starts
  (00:00 UK time on the start date minus 13 days).
- The apps above keep their parts of each seminar in their own data (travel bursaries:
  bursaries/series_data.py), and the loader asks them through the "loaded" slot.
- Venue addresses are the institutions' main public addresses; the organisers will confirm the
  room. Access features stay "Not yet confirmed" and the access contact stays empty, so pages
  ask people to contact the organisers' address from settings, and promise an answer by the last
  day to register.
- Getting to each venue: only what is true of the institution's main site whatever the room
  (walking times from the railway station, rounded). Parking and map links stay empty, so pages
  invite people to ask about parking and link to OpenStreetMap for the address.
- Partners and associated research have no website links or logos: the client gave none. The
  research projects' summaries say no more than their titles do, in plain words; their people
  stay empty until the organisers add them.
"""

import datetime
from zoneinfo import ZoneInfo

from people.models import PartnerKind

from .models import PageKind, SeminarStatus

LONDON = ZoneInfo("Europe/London")

STARTS = datetime.time(10, 0)
ENDS = datetime.time(16, 0)
CAPACITY = 60
REGISTRATION_OPENS_DAYS_BEFORE = 56
REGISTRATION_OPENS = datetime.time(9, 0)

SEMINAR_DEFAULTS = {
    "status": SeminarStatus.PUBLISHED,
    "capacity": CAPACITY,
}


def london(day, at=datetime.time(0, 0)):
    """The wall-clock moment `at` on `day` in UK time, GMT or BST as that day requires."""
    return datetime.datetime.combine(day, at, tzinfo=LONDON)


def fixed_dates(day, *, registration_deadline):
    """Start, end and registration window for a seminar whose day is known."""
    return {
        "starts_at": london(day, STARTS),
        "ends_at": london(day, ENDS),
        "tentative_month": None,
        "registration_opens_at": london(
            day - datetime.timedelta(days=REGISTRATION_OPENS_DAYS_BEFORE), REGISTRATION_OPENS
        ),
        "registration_deadline": registration_deadline,
    }


def month_only(year, month):
    """A seminar known only by its month: no day, so no deadlines either."""
    return {
        "starts_at": None,
        "ends_at": None,
        "tentative_month": datetime.date(year, month, 1),
        "registration_opens_at": None,
        "registration_deadline": None,
    }


# Venues are matched by (name, city).
LEEDS = ("University of Leeds", "Leeds")
OXFORD = ("St Catherine's College", "Oxford")
YORK = ("University of York", "York")
HUDDERSFIELD = ("University of Huddersfield", "Huddersfield")

VENUES = [
    {
        "name": "University of Leeds",
        "institution": "",
        "address": "Woodhouse Lane",
        "postcode": "LS2 9JT",
        "city": "Leeds",
        "public_transport": (
            "The university is about a 20-minute walk from Leeds railway station. Buses from the "
            "city centre stop on Woodhouse Lane, by the university."
        ),
    },
    {
        "name": "St Catherine's College",
        "institution": "University of Oxford",
        "address": "Manor Road",
        "postcode": "OX1 3UJ",
        "city": "Oxford",
        "public_transport": (
            "The college is about a 30-minute walk from Oxford railway station, or a short taxi "
            "ride. From the city centre it is about 15 minutes on foot."
        ),
        "parking": (
            "There is very little parking in central Oxford. Oxford's Park and Ride car parks "
            "have buses into the city centre."
        ),
    },
    {
        "name": "University of York",
        "institution": "",
        "address": "Heslington",
        "postcode": "YO10 5DD",
        "city": "York",
        "public_transport": (
            "The university's Heslington campus is about 2 miles (3 km) from York city centre. "
            "Buses run to the campus from York railway station and the city centre."
        ),
    },
    {
        "name": "University of Huddersfield",
        "institution": "",
        "address": "Queensgate",
        "postcode": "HD1 3DH",
        "city": "Huddersfield",
        "public_transport": (
            "The university is in Huddersfield town centre, about a 10-minute walk from "
            "Huddersfield railway station."
        ),
    },
]

PRINCIPAL_INVESTIGATOR = "Principal investigator"
# The client lists "Researchers" and marks only the PI; we claim no more than that.
CO_INVESTIGATOR = "Researcher"

# The research team in the order of the client's "Researchers:" line, then the speakers who are
# not on the team, in the order the client lists them.
PEOPLE = [
    {
        "slug": "pamela-fisher",
        "name": "Pamela Fisher",
        "affiliation": "University of Leeds",
        "team_role": PRINCIPAL_INVESTIGATOR,
        "team_order": 1,
    },
    {
        "slug": "elaine-mcnichol",
        "name": "Elaine McNichol",
        "affiliation": "University of Leeds",
        "team_role": CO_INVESTIGATOR,
        "team_order": 2,
    },
    {
        "slug": "john-baker",
        "name": "John Baker",
        "affiliation": "University of Leeds",
        "team_role": CO_INVESTIGATOR,
        "team_order": 3,
    },
    {
        "slug": "norman-mcclelland",
        "name": "Norman McClelland",
        "affiliation": "University of Leeds",
        "team_role": CO_INVESTIGATOR,
        "team_order": 4,
    },
    {
        "slug": "martin-webber",
        "name": "Martin Webber",
        # The client wrote only "SPSW": the Department of Social Policy and Social Work at the
        # University of York, where seminars 4 and 5 take place.
        "affiliation": "Social Policy and Social Work (SPSW), University of York",
        "team_role": CO_INVESTIGATOR,
        "team_order": 5,
    },
    {
        "slug": "john-playle",
        "name": "John Playle",
        "affiliation": "University of Huddersfield",
        "team_role": CO_INVESTIGATOR,
        "team_order": 6,
    },
    {
        "slug": "albert-dzur",
        "name": "Albert Dzur",
        "position": "Professor of Political Science",
        "affiliation": "Bowling Green State University",
        "biography": (
            "Albert Dzur is Professor of Political Science at Bowling Green State University. "
            "Albert has developed the concept of democratic professionalism. His work focuses on "
            "both the barriers to lay citizen participation in professional domains and the "
            "resources available for sharing power in typically hierarchical institutions."
        ),
        "team_role": CO_INVESTIGATOR,
        "team_order": 7,
    },
    {
        "slug": "hannah-howe",
        "name": "Hannah Howe",
        "affiliation": "Volition",
        "team_role": CO_INVESTIGATOR,
        "team_order": 8,
    },
    # Seminar 1 speakers (Albert Dzur, above, speaks too).
    {
        "slug": "annie-dransfield",
        "name": "Annie Dransfield",
        "position": "Carer and campaigner for carers' rights",
        "biography": (
            "Annie Dransfield is a carer and campaigner for carers' rights. Annie is actively "
            "involved with the Carer and Service User Group at the University of Leeds. She is a "
            "former governor of the Mental Health Trust and trustee of Carers UK, and won the "
            "Carer of the Year Award 2013."
        ),
        "lived_experience": "Annie is a carer and campaigner for carers' rights.",
    },
    {
        "slug": "michael-guthrie",
        "name": "Michael Guthrie",
        "position": "Director of Policy and Standards",
        "affiliation": "Health and Care Professions Council, UK",
    },
    # Seminar 2 speakers. Names are stored without "Dr", "Ms" or "Professor"; the biographies keep
    # the client's titles.
    {
        "slug": "ruth-allen",
        "name": "Ruth Allen",
        "position": "Director of Social Work",
        "affiliation": "South West London and St George's Mental Health Trust",
        "biography": (
            "Dr Ruth Allen is Director of Social Work for South West London and St George's "
            "Mental Health Trust and a Research Fellow at St George's, University of London. She "
            "is Chair of the national Social Care Strategic Network for mental health, which "
            "promotes effective social work leadership in mental health, and former Chair of the "
            "Mental Health Faculty of the College of Social Work."
        ),
    },
    {
        "slug": "sarah-carr",
        "name": "Sarah Carr",
        "position": "Associate Professor of Mental Health Research",
        "affiliation": "Middlesex University",
        "biography": (
            "Dr Sarah Carr is an Associate Professor of Mental Health Research at Middlesex "
            "University and an independent mental health and social care consultant and "
            "researcher. Sarah is Co-Chair of the National Survivor User Network (NSUN) and uses "
            "her lived experience of mental distress and service use in all her work."
        ),
        "lived_experience": (
            "Sarah uses her lived experience of mental distress and service use in all her work."
        ),
    },
    {
        "slug": "philip-houghton",
        "name": "Philip Houghton",
        "position": (
            "Clinical Psychologist and Practice Leader of the Critical Values Based "
            "Management Centre"
        ),
        "affiliation": "Nottinghamshire Healthcare Foundation Trust",
        "biography": (
            "Dr Philip Houghton is a Clinical Psychologist and Practice Leader of the Critical "
            "Values Based Management Centre, Nottinghamshire Healthcare Foundation Trust."
        ),
    },
    {
        "slug": "justine-keeble",
        "name": "Justine Keeble",
        "position": "Founder member of the Bristol co-production group",
        "biography": (
            "Justine Keeble uses mental health services. She is a founder member of the Bristol "
            "co-production group, which has grown from its original brief to produce many "
            "collaborations, including the partnership teaching of mental health nursing "
            "students."
        ),
        "lived_experience": "Justine uses mental health services.",
    },
    {
        "slug": "peter-ryan",
        "name": "Peter Ryan",
        # The client gives his title and his work, not his post or institution.
        "position": "Professor",
        "biography": (
            "Professor Peter Ryan is an expert in mental health. He is currently establishing a "
            "research centre for co-production in collaboration with Sarah Carr at Middlesex "
            "University."
        ),
    },
    {
        "slug": "gemma-stacey",
        "name": "Gemma Stacey",
        "position": "Academic Lead of the Critical Values Based Management Centre",
        "affiliation": "University of Nottingham",
        "biography": (
            "Dr Gemma Stacey is Academic Lead of the Critical Values Based Management Centre, "
            "University of Nottingham."
        ),
    },
]

LATER_SEMINAR_DESCRIPTION = (
    "The first two seminars set the scene. The seminars which follow consider how changes to "
    "practice, policy and education in mental health could be implemented to develop a new form "
    "of professionalism based on co-production."
)

SEMINARS = [
    {
        "number": 1,
        **SEMINAR_DEFAULTS,
        "title": "Democratic professionalism and mental health",
        "slug": "democratic-professionalism-and-mental-health",
        "summary": (
            "The first seminar sets the scene for the series, with a focus on co-production and "
            "democratic professionalism."
        ),
        "description": (
            "The first two seminars set the scene for the series, with a focus on co-production "
            "and democratic professionalism and on people's lived experience of co-production."
            "\n\n"
            "Democratic professionalism is based on the idea that the voices of 'lay' people, "
            "particularly marginalised people, should be regarded as highly relevant when it "
            "comes to shaping professional practice and values. Professionals should share power "
            "with others, not exercise power over them."
        ),
        "venue": LEEDS,
        # "Tuesday 5th January (please register by 10th December)", in the winter of 2015-16.
        **fixed_dates(
            datetime.date(2016, 1, 5), registration_deadline=london(datetime.date(2015, 12, 11))
        ),
        "speakers": ["annie-dransfield", "albert-dzur", "michael-guthrie"],
    },
    {
        "number": 2,
        **SEMINAR_DEFAULTS,
        "title": "Enacting co-production",
        "slug": "enacting-co-production",
        "summary": (
            "This seminar will focus on co-production in action in order to identify and discuss "
            "the facilitators and inhibitors of power-sharing."
        ),
        "description": (
            "This seminar will focus on co-production in action in order to identify and discuss "
            "the facilitators and inhibitors of power-sharing. The seminar will draw out the "
            "implications for practitioner and service user identity, for the division of "
            "labour, and for the status of professional and lay knowledge."
            "\n\n"
            "The seminar has been developed in collaboration with the Centre for Values Based "
            "Practice, University of Oxford."
            "\n\n"
            "Speakers and participants will come from diverse groups: service users, carers, "
            "professionals working in the third sector and in public and statutory "
            "organisations, and academics. Together we aim to build a network of expertise which "
            "will inform the values and practices of mental health care."
        ),
        "venue": OXFORD,
        # Only the day was given; the deadlines follow the defaults at the top of this module.
        **fixed_dates(
            datetime.date(2016, 2, 17), registration_deadline=london(datetime.date(2016, 2, 4))
        ),
        "speakers": [
            "ruth-allen",
            "sarah-carr",
            "philip-houghton",
            "justine-keeble",
            "peter-ryan",
            "gemma-stacey",
        ],
    },
    {
        "number": 3,
        **SEMINAR_DEFAULTS,
        "title": (
            "Contemporary developments in mental health practice: a help and/or a hindrance to "
            "co-production and power-sharing"
        ),
        "slug": "developments-in-mental-health-practice",
        "summary": (
            "This seminar will ask whether contemporary developments in mental health practice "
            "help or hinder co-production and power-sharing."
        ),
        "description": LATER_SEMINAR_DESCRIPTION,
        "venue": LEEDS,
        # The client's text says "July 2015", but that is before the series began (November
        # 2015) and between seminar 2 (February 2016) and seminar 4 (October 2016): July 2016.
        **month_only(2016, 7),
        "speakers": [],
    },
    {
        "number": 4,
        **SEMINAR_DEFAULTS,
        "title": (
            "Contemporary developments in mental health policy and commissioning: a help and/or "
            "hindrance to power-sharing"
        ),
        "slug": "developments-in-mental-health-policy-and-commissioning",
        "summary": (
            "This seminar will ask whether contemporary developments in mental health policy and "
            "commissioning help or hinder power-sharing."
        ),
        "description": LATER_SEMINAR_DESCRIPTION,
        "venue": YORK,
        **month_only(2016, 10),
        "speakers": [],
    },
    {
        "number": 5,
        **SEMINAR_DEFAULTS,
        "title": "Reconciling regulatory knowledge with co-production",
        "slug": "reconciling-regulatory-knowledge-with-co-production",
        "summary": (
            "This seminar will consider how regulatory knowledge can be reconciled with "
            "co-production."
        ),
        "description": LATER_SEMINAR_DESCRIPTION,
        # The client's text has "Unversity of York", a typing slip for the University of York.
        "venue": YORK,
        **month_only(2017, 2),
        "speakers": [],
    },
    {
        "number": 6,
        **SEMINAR_DEFAULTS,
        "title": "Power-sharing within coercive environments",
        "slug": "power-sharing-within-coercive-environments",
        "summary": "This seminar will consider power-sharing within coercive environments.",
        "description": LATER_SEMINAR_DESCRIPTION,
        "venue": HUDDERSFIELD,
        **month_only(2017, 7),
        "speakers": [],
    },
    {
        "number": 7,
        **SEMINAR_DEFAULTS,
        "title": ("Education and training, supervision and professionalism based on co-production"),
        "slug": "education-training-supervision-and-professionalism",
        "summary": (
            "This seminar will consider education and training, supervision and professionalism "
            "based on co-production."
        ),
        "description": LATER_SEMINAR_DESCRIPTION,
        "venue": HUDDERSFIELD,
        **month_only(2017, 10),
        "speakers": [],
    },
]

PARTNERS = [
    {
        "slug": "economic-and-social-research-council",
        "name": "Economic and Social Research Council",
        "kind": PartnerKind.FUNDER,
        "order": 1,
        "description": (
            "The Economic and Social Research Council (ESRC) funds the seminar series as an ESRC "
            "International Research Seminar Series."
        ),
    },
    {
        "slug": "collaborate",
        "name": "COLLABORATE",
        "kind": PartnerKind.SOCIAL_ENTERPRISE,
        "order": 2,
        "description": (
            "COLLABORATE is a social enterprise with a well-established reputation for providing "
            "practical support on developing outcomes-focused collaborations across multiple "
            "stakeholders in civil society, academia, government and business. Participants in "
            "the series gain from its guidance."
        ),
    },
    {
        # The client wrote "Leeds and York Foundation Partnership Trust".
        "slug": "leeds-and-york-partnership-nhs-foundation-trust",
        "name": "Leeds and York Partnership NHS Foundation Trust",
        "kind": PartnerKind.NHS,
        "order": 3,
        "description": "One of our NHS project partners, who help us reach multiple stakeholders.",
    },
    {
        # The client wrote "South West Yorkshire Partnership Trust".
        "slug": "south-west-yorkshire-partnership-nhs-foundation-trust",
        "name": "South West Yorkshire Partnership NHS Foundation Trust",
        "kind": PartnerKind.NHS,
        "order": 4,
        "description": "One of our NHS project partners, who help us reach multiple stakeholders.",
    },
    {
        # The client's name for it; it is now usually called the Yorkshire and Humber Leadership
        # Academy. Organisers can rename it in the admin.
        "slug": "yorkshire-and-humberside-leadership-academy",
        "name": "Yorkshire and Humberside Leadership Academy",
        "kind": PartnerKind.NHS,
        "order": 5,
        "description": "One of our NHS project partners, who help us reach multiple stakeholders.",
    },
    {
        "slug": "centre-for-values-based-practice",
        "name": "Centre for Values Based Practice, University of Oxford",
        "kind": PartnerKind.UNIVERSITY_CENTRE,
        "order": 6,
        "description": (
            "Seminar 2, Enacting co-production, was developed in collaboration with the Centre "
            "for Values Based Practice."
        ),
    },
    # Volition appears in the client's text only as Hannah Howe's affiliation, not as a partner.
]
RESEARCH_PROJECTS = [
    {
        "slug": "street-triage-mental-health-and-policing-in-north-yorkshire",
        "title": (
            "Co-design, co-evaluation and co-learning: street triage, mental health and policing "
            "in North Yorkshire"
        ),
        # The client gives only the title; the summary says what it says, and what street
        # triage is.
        "summary": (
            "In street triage, mental health professionals and police officers work together to "
            "help people in a mental health crisis. This project looks at street triage in North "
            "Yorkshire, with the people involved designing it, evaluating it and learning from "
            "it together."
        ),
        "order": 1,
    },
    {
        "slug": "co-production-of-policing-evidence-research-and-training",
        "title": (
            "Co-production of policing evidence, research and training: focus on mental health"
        ),
        "summary": (
            "This project is about co-production in policing: making evidence, research and "
            "training together, rather than for people. Its focus is mental health."
        ),
        "order": 2,
    },
]

ABOUT = """\
Reimagining professionalism: towards co-production is an international research seminar series \
funded by the Economic and Social Research Council (ESRC): seven seminars, each with its date \
on the [seminars page](/seminars/).

Co-production means that people who use mental health services can make decisions about their \
own treatment and care as equal partners alongside the professionals in their care teams. \
Service user choice and control have become important policy objectives in mental health and \
social care services.

It is widely recognised that mental health care needs new ways of working with service users: \
a new approach to professionalism. Changes to practice, policy, commissioning and education are \
needed to support a new form of professionalism based on power-sharing and equal partnerships \
with service users and carers.

The seminar series brings people together from different stakeholder groups to develop ideas \
about new ways of working in mental health based on the principle of co-production. This means \
looking at current practices, policies and approaches in different organisations, and at \
education and training in mental health. Crucially, mental health service users and their \
family carers take a full part in this process.

## Experts in experience

We use the word 'professional' in a new way. For us, a professional can belong to any \
occupational group. What makes someone professional is their sense of commitment, not their \
occupational status. We believe that service users and family carers should be considered \
professionals in this sense, because they are 'experts in experience'.

## Democratic professionalism

The seminar series encourages people to think about co-production by considering some of the \
key ideas of 'democratic professionalism'. Democratic professionalism is based on the idea that \
the voices of 'lay' people, particularly marginalised people, should be regarded as highly \
relevant when it comes to shaping professional practice and values.

Another principle of democratic professionalism is that professionals should be judged by how \
far they support the involvement and enablement of the people they work with, such as service \
users. They should share power with others, not exercise power over them. We believe that our \
seminar series will help to develop professional practice and values suited to the 21st century.

## Who developed the series

The series has been developed jointly by a research team which includes service users, carers, \
and people working in charitable and voluntary organisations and in public and governmental \
organisations. Academics in the research team come from mental health nursing, philosophy, \
political science, psychiatry, social work and sociology.

Our speakers and participants include some people who are in positions where they can shape \
practice, education and policy. We believe, though, that it is important that all participants \
have equal status. The idea is that sharing ideas across groups will enable us to work out how \
professionalism in mental health can be based on co-production.

Each seminar focuses on a particular topic:

- the first two seminars set the scene, with a focus on co-production and democratic \
professionalism and on people's lived experience of co-production
- the seminars which follow consider how changes to practice, policy and education in mental \
health could be implemented to develop a new form of professionalism based on co-production

## Policy and practice

The people who benefit from this work include mental health service users, informal carers, \
people who work in mental health (for third sector organisations and for public services), \
educators, policy makers and commissioners.

By taking part in the seminar series, they gain from the guidance of one of our project \
partners, COLLABORATE. COLLABORATE is a social enterprise with a well-established reputation \
for providing practical support on developing outcomes-focused collaborations across multiple \
stakeholders in civil society, academia, government and business.

Our project partners and collaborators, which include high-profile organisations and \
individuals, will help the series to have an impact on practice, policy and education. Our NHS \
project partners (Leeds and York Partnership NHS Foundation Trust, South West Yorkshire \
Partnership NHS Foundation Trust and the Yorkshire and Humberside Leadership Academy) will \
enable us to reach multiple stakeholders.

Our seminar series will influence public policies and professional practices at regional, \
national and international levels. It will improve the effectiveness of mental health services \
and contribute to social justice, particularly for mental health service users, who are among \
the most marginalised members of society. Finally, the seminar series will influence the \
shaping of professionalism in mental health.
"""

# The template shows the contact address (settings.CONTACT_EMAIL) next to this text, so the text
# itself names no address.
CONTACT = """\
The seminar series is run by a research team at the University of Leeds. Email us at the \
address on this page:

- with any question about the seminar series or one of the seminars
- to register for a place at a seminar, or to cancel a place you no longer need
- to apply for a travel bursary, or to ask about one
- to tell us about any access needs, or anything we can do to make a seminar accessible for you
- if you need information from this website in another format, such as large print or easy read
- to ask about, correct or delete the information we hold about you

There is no need to explain why you are asking.
"""

# Organisers: check this notice with the University of Leeds data protection officer before the
# site goes live, in particular that the university is the controller, the lawful bases, the
# retention periods (payment records: six years, the money settings' default) and the companies
# named as processors.
PRIVACY = """\
This notice explains what information we collect when you use this website, why, and what your \
rights are.

## Who we are

This website is run by the research team at the University of Leeds that runs the seminar \
series Reimagining professionalism: towards co-production. The series is funded by the Economic \
and Social Research Council (ESRC). The University of Leeds is responsible for your information \
(it is the "data controller").

## What we collect

When you register for a seminar, we collect:

- your name and email address
- your organisation, if you give one
- which group you belong to, for example service user or carer, if you tell us
- any access needs or dietary needs you tell us about

When you join our mailing list, we collect only your email address.

When you apply for a travel bursary, we also collect the information on the application form, \
such as the travel costs you expect to have, and the details we need to pay you back.

Telling us that you are a service user or a carer, or telling us about access needs, can say \
something about your health or the health of someone close to you. The law treats this as \
special category information. We only hold it if you give us your explicit consent on the form, \
and you can withdraw that consent at any time.

## Why we use it

We use your information to:

- give you a place, or a place on the waiting list, and tell you about the seminar you \
registered for
- make the seminar accessible for you
- decide on and pay travel bursaries
- email you about future seminars in the series, or once when a seminar's registration opens, \
only if you ask us to and then confirm with the link we email you (every such email has a link \
to stop them)

Our lawful basis is that running the seminar series is a task in the public interest, as part \
of the university's research. For health information, our lawful basis is your explicit consent. \
For records of payments, it is our legal obligation to keep financial records.

We do not use your information for marketing, and we do not sell it.

## Who sees it

Only the organisers of the seminar series see your registration details. Bursary applications \
are also seen by the panel that decides on bursaries, and by nobody else. The companies that host \
this website and send its emails handle the information for us, under contract and only on our \
instructions.

## How long we keep it

The website deletes information on a timetable, by itself:

- which group you belong to, and your access and dietary needs: 3 months after the seminar
- the rest of your registration: 12 months after the seminar
- your email address on our mailing list: until you unsubscribe, with the link in every email \
(it is then deleted at once). An address that is not confirmed within 7 days is deleted. If you \
ticked "future seminars" on a registration form before the list had its own sign-up, we keep \
your address until 12 months after that seminar, as this notice said then, unless you confirm \
that you want to stay
- bursary applications, claims and receipts, and the details of an involvement fee (including \
whether you told us you have lived experience): 12 months after the seminar
- records of payments made to you (a bursary or a fee): your name as paid, the amount and the \
date, for six years, because UK finance rules require it; after that the amounts and dates \
only, without your name. We never keep bank details
- copies of the emails we sent you: 30 days after sending

You can ask us for a copy of everything we hold about you, or ask us to delete it sooner.

## Your rights

You have the right to:

- ask for a copy of the information we hold about you
- ask us to correct it if it is wrong
- ask us to delete it
- withdraw your consent for us to hold health information, at any time

If you are unhappy with how we have used your information, please tell us first. You can also \
complain to the Information Commissioner's Office (ICO) at [ico.org.uk](https://ico.org.uk).

## Cookies

This website does not use tracking or advertising cookies, and does not use analytics. When you \
fill in a form, it sets a security cookie that protects the form from misuse, and after you \
change your registration, a cookie that shows you a one-off message such as "Your place is \
cancelled". Neither identifies you.

## Contact us

To ask about your information or to use any of your rights, use our [contact page](/contact/).
"""

# Organisers: the accessibility regulations ask for the date this statement was prepared and
# last reviewed; add it once the site has been checked.
ACCESSIBILITY = """\
This statement applies to this website about the seminar series Reimagining professionalism: \
towards co-production. The research team at the University of Leeds runs it.

We want as many people as possible to be able to use this website. You should be able to:

- zoom in up to 200% without the text spilling off the screen
- use the website without JavaScript

We have also tried to make the text as plain and simple to understand as we can.

## How accessible this website is

We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. We test \
the website with the axe-core accessibility checker in a real web browser, at desktop and mobile \
phone screen widths.

We know about these limitations:

- the dates and venue details for seminars 3 to 7 are not yet confirmed
- step-free access, hearing loops and quiet rooms are not yet confirmed for every venue: until \
they are, each seminar page says so, and gives a date by which we will confirm them

## Feedback and other formats

If you find a problem with this website, or you need information from it in a different format, \
such as large print, easy read or an audio recording, please tell us through our \
[contact page](/contact/).

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector \
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the \
"accessibility regulations"). If you are not happy with how we respond to your complaint, \
contact the [Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).
"""

PAGES = [
    {
        "kind": PageKind.ABOUT,
        "title": "About the series",
        "summary": (
            "Reimagining professionalism: towards co-production is an ESRC seminar series about "
            "new ways of working in mental health based on co-production."
        ),
        "body": ABOUT,
    },
    {
        "kind": PageKind.CONTACT,
        "title": "Contact us",
        "summary": (
            "How to contact the organisers about the seminar series, access needs, registration "
            "and travel bursaries."
        ),
        "body": CONTACT,
    },
    {
        "kind": PageKind.PRIVACY,
        "title": "Privacy notice",
        "summary": (
            "What information we collect when you register for a seminar or apply for a "
            "bursary, why, and your rights."
        ),
        "body": PRIVACY,
    },
    {
        "kind": PageKind.ACCESSIBILITY,
        "title": "Accessibility statement",
        "summary": (
            "How accessible this website is, its known limitations and how to report a problem."
        ),
        "body": ACCESSIBILITY,
    },
]
