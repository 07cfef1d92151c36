"""API tokens in the admin: who holds one and until when; never a key or its digest.

Tokens are issued by the API (`/api/v1/auth/token/`) only. Staff revoke one
by deleting it (or all of a user's: search for the username, select all,
"Delete selected").
"""

from django.contrib import admin

from ..tokens import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created", "expires", "live"]
    list_select_related = ["user"]
    list_filter = ["created", "expires"]
    search_fields = ["user__username"]
    date_hierarchy = "created"
    fields = ["user", "created", "expires"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    @admin.display(boolean=True, ordering="expires", description="live")
    def live(self, token):
        return not token.is_expired

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
