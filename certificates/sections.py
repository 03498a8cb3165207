"""The certificate's part of a registration's private page (registrations.sections, which never
names this app)."""


def private_page(registration, *, life):
    if not (registration.is_confirmed and life.attendance_complete):
        return None
    return ("certificates/includes/_manage_certificate.html", {})
