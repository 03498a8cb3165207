"""The feedback form's part of a registration's private page (registrations.sections, which never
names this app)."""


def private_page(registration, *, life):
    if not life.attendance_complete:
        return None
    return ("feedback/includes/_manage_feedback.html", {})
