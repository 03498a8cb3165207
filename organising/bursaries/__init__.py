"""The bursary panel's pages outside the admin's lists and forms: an action on one application
(and the page before declaring a conflict of interest), a receipt, sending staged decisions,
the member's own conflicts of interest, the finance spreadsheet and telling the holders that a
seminar moved.

Only panel members and superusers reach any of them (bursaries.rules.require_panel); each page
shows only what the panel's admin would: no application the member declared a conflict with,
and no name or email under blind review.
"""
