"""The public pages. People and partners are shown here too: this app sits above people/."""

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from people.models import Partner, PartnerKind, Person, ResearchProject, distinct_initials

from . import calendars, share_cards, slots, structured_data
from .models import (
    Page,
    Seminar,
    SeminarEasyReadLine,
    SeminarSpeaker,
    SeminarStatus,
)

PARTNER_HEADINGS = {
    PartnerKind.FUNDER: "Funder",
    PartnerKind.NHS: "NHS partners",
    PartnerKind.SOCIAL_ENTERPRISE: "Social enterprises",
    PartnerKind.UNIVERSITY_CENTRE: "University centres",
    PartnerKind.THIRD_SECTOR: "Charities and voluntary organisations",
    PartnerKind.OTHER: "Other partners",
}
PUBLIC_TALKS = SeminarSpeaker.objects.filter(seminar__status__in=SeminarStatus.public)


class PublicSeminarMixin:
    """For pages under /seminars/<slug>/ with a form: the seminar, if the public may see it."""

    http_method_names = ["get", "post", "head", "options"]  # FormView would take PUT as POST

    def dispatch(self, request, *args, **kwargs):
        self.seminar = get_object_or_404(
            Seminar.objects.public().select_related("venue"), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(seminar=self.seminar, **kwargs)


def seminars_for_lists():
    return Seminar.objects.public().select_related("venue")


class HomeView(TemplateView):
    """The next seminar and its one action first; the later ones as compact cards. Each
    seminar's state (places left and so on) comes from registrations' template tags."""

    template_name = "seminars/home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        upcoming = list(seminars_for_lists().upcoming(now))
        # The seminar we invite people to: the next one that is going ahead.
        next_seminar = next((s for s in upcoming if s.status == SeminarStatus.PUBLISHED), None)
        return super().get_context_data(
            upcoming=upcoming,
            next_seminar=next_seminar,
            later_seminars=[s for s in upcoming if s is not next_seminar],
            now=now,
            **kwargs,
        )


class SeminarListView(TemplateView):
    template_name = "seminars/seminar_list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        seminars = list(seminars_for_lists())
        return super().get_context_data(
            seminars=seminars,
            upcoming=[s for s in seminars if not s.is_past(now)],
            past=[s for s in reversed(seminars) if s.is_past(now)],
            now=now,
            **kwargs,
        )


class SeminarDetailView(DetailView):
    template_name = "seminars/seminar_detail.html"
    context_object_name = "seminar"

    def get_queryset(self):
        # The apps' parts of a seminar that the page reads come with it, in the same query.
        related = slots.filled("page.related")
        return (
            seminars_for_lists()
            .annotate(
                has_easy_read=Exists(SeminarEasyReadLine.objects.filter(seminar=OuterRef("pk")))
            )
            .select_related(*related)
            .prefetch_related(
                Prefetch("talks", queryset=SeminarSpeaker.objects.select_related("person"))
            )
        )

    def get_context_data(self, **kwargs):
        now = timezone.now()
        seminar = self.object
        life = seminar.phase(now)
        page_sections = slots.sections(seminar, now=now)
        # The registration panel (from the app above) counts the places left; the event data
        # says the same, without this app counting registrations itself.
        places_left = next(
            (context["places_left"] for _, context in page_sections if "places_left" in context),
            None,
        )
        return super().get_context_data(
            now=now,
            sections=page_sections,
            facts=slots.facts(seminar, now=now),
            end_sections=slots.sections(seminar, now=now, slot="page.end"),
            life=life,
            is_past=life.has_happened,
            # Read only if the template's fragment is rendered (common/fragments.py).
            programme=lambda: seminar.programme_items.prefetch_related(
                Prefetch("speakers", queryset=Person.objects.order_by("name"))
            ),
            event_data=structured_data.event(
                seminar, base_url=settings.SITE_URL, now=now, places_left=places_left
            ),
            **kwargs,
        )


class SeminarEasyReadView(DetailView):
    """The Easy Read version of a seminar's summary: its sentences, a picture on the left of
    each, with the seminar's date and place and a way back to the full page."""

    template_name = "seminars/easy_read.html"
    context_object_name = "seminar"

    def get_queryset(self):
        return seminars_for_lists().prefetch_related("easy_read_lines")

    def get_object(self, queryset=None):
        seminar = super().get_object(queryset)
        if not seminar.easy_read_lines.all():
            raise Http404("This seminar has no Easy Read version yet.")
        return seminar


def seminar_calendar(request, slug):
    seminar = get_object_or_404(seminars_for_lists(), slug=slug)
    if not seminar.starts_at:
        raise Http404("This seminar has no fixed date yet, so there is no calendar entry.")
    body = calendars.build([seminar], base_url=settings.SITE_URL)
    return calendar_response(body, f"seminar-{seminar.number}.ics")


def series_calendar(request):
    seminars = seminars_for_lists().filter(starts_at__isnull=False)
    return calendar_response(calendars.build(seminars, base_url=settings.SITE_URL), "seminars.ics")


def calendar_response(body, filename):
    response = HttpResponse(body, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PeopleView(TemplateView):
    template_name = "seminars/people.html"

    def get_context_data(self, **kwargs):
        talks = Prefetch(
            "talks",
            queryset=PUBLIC_TALKS.select_related("seminar").order_by("seminar__number"),
            to_attr="public_talks",
        )
        speakers = (
            Person.objects.filter(talks__seminar__status__in=SeminarStatus.public)
            .distinct()
            .prefetch_related(talks)
            .order_by("name")
        )
        team, speakers = list(Person.objects.team()), list(speakers)
        distinct_initials(team + speakers)  # one page: no two placeholders alike
        return super().get_context_data(team=team, speakers=speakers, **kwargs)


class PersonDetailView(DetailView):
    template_name = "seminars/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        talks = Prefetch(
            "talks",
            queryset=PUBLIC_TALKS.select_related("seminar").order_by("seminar__number"),
            to_attr="public_talks",
        )
        return Person.objects.prefetch_related(talks, "research_projects")

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        # Only team members and speakers at a public seminar have a public page.
        if not (person.is_team_member or person.public_talks):
            raise Http404("No such person.")
        return person


class PageView(TemplateView):
    template_name = "seminars/page.html"
    kind = None

    def get_context_data(self, **kwargs):
        page = get_object_or_404(Page, kind=self.kind)
        return super().get_context_data(page=page, **kwargs)


class PartnerListView(ListView):
    template_name = "seminars/partner_list.html"
    context_object_name = "partners"
    queryset = Partner.objects.all()

    def get_context_data(self, **kwargs):
        partners = list(self.object_list)
        groups = [
            (heading, [partner for partner in partners if partner.kind == kind])
            for kind, heading in PARTNER_HEADINGS.items()
        ]
        return super().get_context_data(
            groups=[(label, members) for label, members in groups if members], **kwargs
        )


def people_with_page_flag():
    """People, each with `has_page`: team members and speakers at public seminars have a page
    (PersonDetailView), so only they are linked."""
    public_talk = PUBLIC_TALKS.filter(person=OuterRef("pk"))
    return Person.objects.annotate(
        has_page=Case(When(Q(team_role__gt="") | Exists(public_talk), then=True), default=False)
    ).order_by("team_order", "name")


class ResearchListView(ListView):
    template_name = "seminars/research_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return ResearchProject.objects.prefetch_related(
            Prefetch("people", queryset=people_with_page_flag())
        )


class RobotsView(TemplateView):
    """Its sitemap link is on SITE_URL, never on the Host the request came with."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


# A card's address carries its version (?v=), so a browser or a social site may keep it as long
# as it likes; a card asked for without it, or by an old version, may have changed.
CARD_KEPT = "public, max-age=31536000, immutable"
CARD_CHECKED = "public, max-age=3600"


def seminar_share_card(request, slug):
    seminar = get_object_or_404(seminars_for_lists(), slug=slug)
    card = share_cards.for_seminar(seminar)
    return share_card_response(request, card, share_cards.seminar_png(seminar))


def series_share_card(request):
    return share_card_response(request, share_cards.for_series(), share_cards.series_png())


def share_card_response(request, card, body):
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = CARD_KEPT if request.GET.get("v") == card.version else CARD_CHECKED
    return response
