"""One function per message to a bursary applicant; each queues a templated email."""

from django.conf import settings

from outbox.mail import queue_templated_email


def _queue(name, application, **extra):
    queue_templated_email(
        f"bursaries/emails/{name}",
        to=[application.email],
        context={
            "application": application,
            "seminar": application.seminar,
            "status_url": application.status_url,
            "seminar_url": settings.SITE_URL + application.seminar.get_absolute_url(),
            "CONTACT_EMAIL": settings.CONTACT_EMAIL,
            **extra,
        },
    )


def queue_application_received(application):
    _queue("application_received", application)


def queue_existing_application(application):
    _queue("existing_application", application)


def queue_application_withdrawn(application):
    _queue("application_withdrawn", application)
