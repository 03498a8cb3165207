"""Who may see or do what with outputs: plain predicates taking the user and the object."""


def may_review_material(user, material):
    """Staff who may view materials in the admin (organisers, superusers) may download any
    material's file to review it, whatever its audience or status; no one else may."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("outputs.view_material")
    )
