"""Report data in Django admin: visible, never written there.

A report's status, figures, lines, profile and texts change only through the app's services —
one transaction, the report's row lock, the workflow's rules and the audit trail. Admin pages of
that data are read-only (no add, change or delete; the bulk-delete action goes with them), so admin
is no back door around the workflow or the history. ``tests/security/test_admin_no_back_door.py``
walks every admin change view of report data and finds no writable field.
"""


class ReportDataReadOnly:
    """Mixin for a ``ModelAdmin`` or an inline showing report data."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
