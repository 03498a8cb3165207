"""The groups as staff name them."""

from .models import ParticipantGroup

# The groups as staff, reports and public pages name them, defined once here beside the form's
# own labels (which speak to the person: "Carer: I care for a family member or friend").
GROUP_NAMES = {
    ParticipantGroup.SERVICE_USER: "Service users",
    ParticipantGroup.CARER: "Carers",
    ParticipantGroup.PRACTITIONER: "Practitioners in public services",
    ParticipantGroup.THIRD_SECTOR: "Charity and voluntary sector",
    ParticipantGroup.ACADEMIC: "Academics and researchers",
    ParticipantGroup.EARLY_CAREER: "Early-career researchers",
    ParticipantGroup.STUDENT: "Students",
    ParticipantGroup.POLICY: "Policy makers and commissioners",
    ParticipantGroup.OTHER: "Other",
    ParticipantGroup.PREFER_NOT_TO_SAY: "Preferred not to say",
    "": "Not stated",
}
