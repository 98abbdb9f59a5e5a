"""The Django admin of studies: an operators' tool, open to superusers only.

Staff users who are not superusers see nothing here: the pages and the API, with their per-study
roles, are how researchers work; the admin bypasses those roles, so only operators get it.
"""

from __future__ import annotations

from django.contrib import admin

from .models import AuditEntry, Membership, ProfileField, ScaleLevel, Statement, Study


class OperatorAdmin(admin.ModelAdmin):
    """A ModelAdmin that only superusers may see or use."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


class OperatorInline(admin.TabularInline):
    """An inline with the same superuser-only rule."""

    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ScaleLevelInline(OperatorInline):
    model = ScaleLevel


class StatementInline(OperatorInline):
    model = Statement


class ProfileFieldInline(OperatorInline):
    model = ProfileField


class MembershipInline(OperatorInline):
    model = Membership
    autocomplete_fields = ["user"]


@admin.register(Study)
class StudyAdmin(OperatorAdmin):
    list_display = ["title", "reveal_policy", "is_template", "created_by", "created_at"]
    list_filter = ["reveal_policy", "is_template", "show_codes_to_participants"]
    search_fields = ["title", "description"]
    date_hierarchy = "created_at"
    inlines = [ScaleLevelInline, StatementInline, ProfileFieldInline, MembershipInline]


@admin.register(ScaleLevel)
class ScaleLevelAdmin(OperatorAdmin):
    list_display = ["key", "label", "study", "position", "off_scale"]
    list_filter = ["off_scale"]
    search_fields = ["key", "label", "study__title"]
    list_select_related = ["study"]


@admin.register(Statement)
class StatementAdmin(OperatorAdmin):
    list_display = ["key", "title", "study", "position"]
    search_fields = ["key", "title", "text", "study__title"]
    list_select_related = ["study"]


@admin.register(ProfileField)
class ProfileFieldAdmin(OperatorAdmin):
    list_display = ["key", "label", "type", "required", "study", "position"]
    list_filter = ["type", "required"]
    search_fields = ["key", "label", "study__title"]
    list_select_related = ["study"]


@admin.register(Membership)
class MembershipAdmin(OperatorAdmin):
    list_display = ["user", "role", "study", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "study__title"]
    list_select_related = ["user", "study"]
    autocomplete_fields = ["user", "study"]


@admin.register(AuditEntry)
class AuditEntryAdmin(OperatorAdmin):
    """The trail, read-only even for operators: nobody edits or deletes what was recorded."""

    list_display = ["created_at", "study_ref", "actor_label", "action", "target"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
