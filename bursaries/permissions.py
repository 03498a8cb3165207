"""Kept so that older imports keep working: the rules live in bursaries/rules.py."""

from .rules import (
    identities_visible_to,
    identity_hidden,
    is_panel_member,
    panel_addresses,
    panel_members,
    require_panel,
)

__all__ = [
    "identities_visible_to",
    "identity_hidden",
    "is_panel_member",
    "panel_addresses",
    "panel_members",
    "require_panel",
]
