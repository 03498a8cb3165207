"""What organising adds to the admin's pages (autodiscovered after every app below it): each
area's buttons to its staff pages, and their old admin addresses sent on."""

from .registrations import admin as registrations_admin

__all__ = ["registrations_admin"]
