from django.contrib import admin

from outbox.admin import EmailAdmin as OutboxEmailAdmin
from outbox.models import Email

from .. import services
from ..models import BursaryApplication
from ..permissions import is_panel_member

admin.site.unregister(Email)


@admin.register(Email)
class EmailAdmin(OutboxEmailAdmin):
    """The outbox, with emails to bursary applicants kept to the panel."""

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        user = request.user
        if not is_panel_member(user):
            return emails.exclude(kind__startswith="bursaries/")
        if user.is_superuser:
            return emails
        # A panel member sees emails to applicants they may see, and not in blind review.
        seen = services.visible_applications(user).filter(seminar__bursary_blind_review=False)
        hidden = BursaryApplication.objects.exclude(pk__in=seen).values("email")
        return emails.exclude(kind__startswith="bursaries/", to__in=hidden)
