"""What outputs adds to pages of the apps below it, which never name it: a past seminar's
write-up and materials on its public page (seminars.slots, "page.end"), and the link to the
materials for those registered on their private page (registrations.sections)."""


def seminar_outputs(seminar, *, now):
    if not seminar.phase(now).has_happened:
        return None
    return ("outputs/includes/_seminar_outputs.html", {})


def registered_materials(registration, *, life):
    if not (life.has_happened and registration.is_confirmed):
        return None
    return ("outputs/includes/_registered_materials_link.html", {})
