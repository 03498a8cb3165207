from django.contrib import admin

from outbox.admin import EmailAdmin as OutboxEmailAdmin
from outbox.models import Email

from ..models import BursaryApplication
from ..permissions import identities_visible_to, is_panel_member

admin.site.unregister(Email)


@admin.register(Email)
class EmailAdmin(OutboxEmailAdmin):
    """The outbox, each email only to those who may read what it is about: bursary emails to
    the panel (and of them only those whose applicant the member may see), registration emails
    to those who may see registrations."""

    def get_queryset(self, request):
        emails = super().get_queryset(request)
        user = request.user
        if not user.has_perm("registrations.view_registration"):
            emails = emails.exclude(kind__startswith="registrations/")
        if not is_panel_member(user):
            return emails.exclude(kind__startswith="bursaries/")
        hidden = BursaryApplication.objects.exclude(pk__in=identities_visible_to(user))
        return emails.exclude(kind__startswith="bursaries/", to__in=hidden.values("email"))
